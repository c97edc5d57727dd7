using System.Globalization;
using System.Text;

namespace UsageGen.Generator.Emit;

/// <summary>
/// Spec text into generated C#, one escaper per context. Nothing from a spec reaches the output any other way, so a
/// description, an example, an enum value or a file name can never end a comment or a literal and become code.
/// </summary>
internal static class Escape
{
    /// <summary>
    /// Text for an XML doc comment (<c>/// ... </c>), on one line. Roslyn ends a <c>///</c> line at <c>\r</c>, <c>\n</c>,
    /// U+0085, U+2028 and U+2029: each becomes a space. <c>&amp; &lt; &gt;</c> are XML-escaped; characters XML 1.0 does not
    /// allow (controls, U+FFFE/U+FFFF, a surrogate half without its pair) become U+FFFD, so the comment stays well formed
    /// for a consumer who builds documentation with warnings as errors.
    /// </summary>
    public static string Doc(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        // Each line trimmed, empty lines dropped, the rest joined by one space.
        var sb = new StringBuilder(text!.Length);
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !IsLineBreak(text[i])) continue;
            var from = start;
            var to = i;
            start = i + 1;
            while (from < to && char.IsWhiteSpace(text[from])) from++;
            while (to > from && char.IsWhiteSpace(text[to - 1])) to--;
            if (from == to) continue;
            if (sb.Length > 0) sb.Append(' ');
            for (var j = from; j < to; j++)
            {
                var c = text[j];
                if (char.IsHighSurrogate(c) && j + 1 < to && char.IsLowSurrogate(text[j + 1]))
                {
                    sb.Append(c).Append(text[++j]);
                    continue;
                }
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '\t': sb.Append(' '); break;
                    default:
                        sb.Append(char.IsSurrogate(c) || char.IsControl(c) || c is '\uFFFE' or '\uFFFF' ? '\uFFFD' : c);
                        break;
                }
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Text for a <c>//</c> comment line (the file header): line breaks and controls become spaces, lone surrogates U+FFFD.
    /// </summary>
    public static string Comment(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text!.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[++i]); continue; }
            sb.Append(IsLineBreak(c) || char.IsControl(c) ? ' ' : char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// A regular C# string literal (<c>"..."</c>), or <c>null</c>. Quotes, backslashes, every control character, line
    /// break and surrogate half are written as escapes, so the literal is one line and holds exactly the spec's text.
    /// </summary>
    public static string Literal(string? text)
    {
        if (text is null) return "null";
        var sb = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) sb.Append(c).Append(text[++i]);
                    else if (char.IsControl(c) || char.IsSurrogate(c) || IsLineBreak(c) || c is '\uFEFF' or '\uFFFE' or '\uFFFF')
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';
}
