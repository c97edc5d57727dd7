using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace UsageGen.Generator.Parsing;

/// <summary>Turns spec names (snake, kebab, camel, paths) into C# identifiers and word lists.</summary>
internal static class Names
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Splits <c>current_total_monthly_calls</c>, <c>thisWeek</c>, <c>X-Plan-Tier</c>, <c>last_24h</c> into lower-case words.</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text)) return words;
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString().ToLowerInvariant());
            current.Clear();
        }
        for (var i = 0; i < text!.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c)) { Flush(); continue; }
            if (current.Length > 0)
            {
                var prev = text[i - 1];
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                var boundary =
                    (char.IsUpper(c) && char.IsLower(prev)) ||
                    (char.IsUpper(c) && char.IsUpper(prev) && char.IsLower(next)) ||
                    (char.IsLetter(c) && char.IsDigit(prev) && !IsUnitSuffix(text, i)) ||
                    (char.IsDigit(c) && char.IsLetter(prev) && current.Length > 0 && !char.IsDigit(current[0]) && false);
                if (boundary) Flush();
            }
            current.Append(c);
        }
        Flush();
        return words;
    }

    // "24h", "30d": keep a number and its unit together.
    private static bool IsUnitSuffix(string text, int i) =>
        (i + 1 >= text.Length || !char.IsLetter(text[i + 1])) && text[i] is 'h' or 'd' or 'm' or 's' or 'H' or 'D';

    public static string Pascal(string? text)
    {
        var words = Words(text);
        var sb = new StringBuilder();
        foreach (var w in words) sb.Append(char.ToUpperInvariant(w[0])).Append(w, 1, w.Length - 1);
        var result = sb.ToString();
        if (result.Length == 0) return "Value";
        if (char.IsDigit(result[0])) result = "_" + result;
        return result;
    }

    public static string Camel(string? text)
    {
        var p = Pascal(text);
        if (p.StartsWith("_", StringComparison.Ordinal)) return p;
        var c = char.ToLowerInvariant(p[0]) + p.Substring(1);
        return Keywords.Contains(c) ? "@" + c : c;
    }

    public static bool IsKeyword(string s) => Keywords.Contains(s);

    /// <summary>A valid C# identifier (no dots), or null.</summary>
    public static bool IsIdentifier(string? s)
    {
        if (string.IsNullOrEmpty(s)) return false;
        if (!(char.IsLetter(s![0]) || s[0] == '_')) return false;
        return s.All(c => char.IsLetterOrDigit(c) || c == '_') && !Keywords.Contains(s);
    }

    public static bool IsNamespace(string? s) =>
        !string.IsNullOrEmpty(s) && s!.Split('.').All(IsIdentifier);
}
