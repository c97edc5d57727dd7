using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;

namespace UsageGen;

/// <summary>
/// Masks credentials in text: the one redactor of UsageGen (generated clients, the Extensions.Http logger, the
/// <c>usagegen</c> command and the hosted monitor all use it).
/// </summary>
/// <remarks>
/// <para>
/// It is fed with every form in which a scheme puts a credential on the wire: the API key, the password, and
/// <c>base64(user:password)</c> (standard, unpadded and URL-safe). Forms that hold the key verbatim
/// (<c>Bearer &lt;key&gt;</c>, <c>&lt;word&gt; &lt;key&gt;</c>, <c>name=&lt;key&gt;</c>) are covered by the key's own.
/// Each form is recognised in every encoding a server may echo it in, character by character and mixed: as is,
/// JSON-escaped (<c>\u002B</c> in either case, <c>\/</c>, <c>\"</c>, <c>\\</c>), percent-encoded (<c>%2B</c> or
/// <c>%2b</c>, the UTF-8 bytes of non-ASCII characters), as a query string (<c>+</c> for a space), and as HTML
/// character references (<c>&amp;#x2B;</c>, <c>&amp;#43;</c>, <c>&amp;plus;</c>...).
/// </para>
/// <para>
/// The rule for short credentials: a form of <see cref="MinSubstringLength"/> characters or more is masked wherever
/// it occurs, inside longer words too (a server may glue it to other text). A shorter form is masked only where it
/// stands as a whole token, that is neither preceded nor followed by a letter, digit, <c>-</c> or <c>_</c>: a
/// one-character key <c>x</c> is masked in <c>key=x&amp;</c> or <c>"x"</c> but leaves <c>max</c> and
/// <c>x-api-key</c> alone.
/// </para>
/// <para>Instances are immutable and thread-safe. Matching is a linear scan (no regular expression, no timeout).</para>
/// </remarks>
public sealed class UsageGenRedactor
{
    /// <summary>Forms at least this long are masked anywhere; shorter ones only as whole tokens.</summary>
    public const int MinSubstringLength = 8;

    /// <summary>What a credential is replaced with.</summary>
    public const string Mask = UsageGenRedaction.Mask;

    /// <summary>A redactor that masks nothing.</summary>
    public static UsageGenRedactor None { get; } = new(Array.Empty<Form>());

    private readonly Form[] _forms;
    private readonly char[] _starters;
    private readonly byte[][] _utf8;

    private UsageGenRedactor(Form[] forms)
    {
        _forms = forms;
        var starters = new List<char> { '\\', '%', '&' };
        var plus = false;
        var utf8 = new List<byte[]>();
        foreach (var f in forms)
        {
            if (!starters.Contains(f.Text[0])) starters.Add(f.Text[0]);
            plus |= f.Text.IndexOf(' ') >= 0;
            utf8.Add(Encoding.UTF8.GetBytes(f.Text));
        }
        if (plus) starters.Add('+');
        _starters = starters.ToArray();
        _utf8 = utf8.ToArray();
    }

    /// <summary>True when there is nothing to mask.</summary>
    public bool IsEmpty => _forms.Length == 0;

    /// <summary>How many credential forms are masked (for diagnostics; the forms themselves are never exposed).</summary>
    public int FormCount => _forms.Length;

    /// <summary>The credentials in <paramref name="credentials"/>: API key, password, base64(user:password), and values of parameters named like credentials.</summary>
    public static UsageGenRedactor For(UsageCredentials? credentials) =>
        credentials is null ? None : credentials.Redactor;

    /// <summary>The credentials of several providers at once (the command, the hosted monitor).</summary>
    public static UsageGenRedactor For(IEnumerable<UsageCredentials?> credentials)
    {
        if (credentials is null) throw new ArgumentNullException(nameof(credentials));
        var forms = new List<string>();
        foreach (var c in credentials)
            if (c is not null) AddForms(c, forms);
        return Create(forms);
    }

    /// <summary>Raw secrets (each one as a key: every encoding of it is masked).</summary>
    public static UsageGenRedactor ForSecrets(IEnumerable<string?> secrets)
    {
        if (secrets is null) throw new ArgumentNullException(nameof(secrets));
        var forms = new List<string>();
        foreach (var s in secrets) AddSecret(forms, s);
        return Create(forms);
    }

    /// <summary>
    /// The credentials a request carries, for code that sees the request but not the <see cref="UsageCredentials"/>
    /// (a logging handler): the <c>Authorization</c> parameter (and, for Basic, the decoded password), the values of
    /// <c>Proxy-Authorization</c>, of every apiKey header of <paramref name="schemes"/>, of the cookies and query
    /// parameters they name, and of headers, cookies and query parameters whose name reads as a credential
    /// (<see cref="UsageGenRedaction.IsCredentialName"/>); and, when a generated client sent a credential in the URI
    /// (a query or path key, which no name gives away), the redactor it attached to the request.
    /// </summary>
    public static UsageGenRedactor FromRequest(HttpRequestMessage request, IEnumerable<AuthSchemeInfo>? schemes = null)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        var attached = Attached(request);
        var headerNames = UsageGenRedaction.SensitiveHeaders(schemes);
        var queryNames = UsageGenRedaction.SensitiveQueryParameters(schemes);
        var cookieNames = new HashSet<string>(StringComparer.Ordinal);
        if (schemes is not null)
            foreach (var s in schemes)
                if (s.Kind == AuthKind.ApiKeyCookie && !string.IsNullOrEmpty(s.ParameterName)) cookieNames.Add(s.ParameterName!);

        var forms = new List<string>();
        foreach (var header in request.Headers)
        {
            var name = header.Key;
            foreach (var value in header.Value)
            {
                if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
                    AddAuthorization(forms, value);
                else if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                    foreach (var (cookie, cookieValue) in Pairs(value, ';'))
                    {
                        if (cookieNames.Contains(cookie) || UsageGenRedaction.IsCredentialName(cookie)) AddSecret(forms, Unescape(cookieValue));
                    }
                else if (headerNames.Contains(name) || UsageGenRedaction.IsCredentialName(name))
                    AddSecret(forms, value);
            }
        }
        var query = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.Query : null;
        if (!string.IsNullOrEmpty(query))
            foreach (var (name, value) in Pairs(query!.TrimStart('?'), '&'))
            {
                var unescaped = Unescape(name);
                if (queryNames.Contains(unescaped) || UsageGenRedaction.IsCredentialName(unescaped)) AddSecret(forms, Unescape(value));
            }
        if (attached is not null)
            foreach (var f in attached._forms) forms.Add(f.Text);
        return Create(forms);
    }

    private const string OptionKey = "UsageGen.Redactor";

#if NET5_0_OR_GREATER
    private static readonly HttpRequestOptionsKey<UsageGenRedactor> RequestOption = new(OptionKey);
#endif

    /// <summary>Lets handlers and loggers below a generated client know what to mask (see <see cref="FromRequest"/>).</summary>
    internal void AttachTo(HttpRequestMessage request)
    {
#if NET5_0_OR_GREATER
        request.Options.Set(RequestOption, this);
#else
        request.Properties[OptionKey] = this;
#endif
    }

    private static UsageGenRedactor? Attached(HttpRequestMessage request)
    {
#if NET5_0_OR_GREATER
        return request.Options.TryGetValue(RequestOption, out var r) ? r : null;
#else
        return request.Properties.TryGetValue(OptionKey, out var r) ? r as UsageGenRedactor : null;
#endif
    }

    /// <summary>This redactor and <paramref name="other"/> together.</summary>
    public UsageGenRedactor Combine(UsageGenRedactor? other)
    {
        if (other is null || other.IsEmpty || ReferenceEquals(other, this)) return this;
        if (IsEmpty) return other;
        var forms = new List<string>();
        foreach (var f in _forms) forms.Add(f.Text);
        foreach (var f in other._forms) forms.Add(f.Text);
        return Create(forms);
    }

    /// <summary><paramref name="text"/> with every credential form masked; null becomes empty.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (IsEmpty) return text!;
        StringBuilder? sb = null;
        var copied = 0;
        var i = 0;
        while (i < text!.Length && (i = text.IndexOfAny(_starters, i)) >= 0)
        {
            var end = MatchAny(text, i);
            if (end < 0)
            {
                i++;
                continue;
            }
            sb ??= new StringBuilder(text.Length);
            sb.Append(text, copied, i - copied).Append(Mask);
            copied = i = end;
        }
        return sb is null ? text : sb.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>True when <paramref name="text"/> holds a credential form that <see cref="Redact"/> would mask.</summary>
    public bool Contains(string? text)
    {
        if (string.IsNullOrEmpty(text) || IsEmpty) return false;
        var i = 0;
        while (i < text!.Length && (i = text.IndexOfAny(_starters, i)) >= 0)
        {
            if (MatchAny(text, i) >= 0) return true;
            i++;
        }
        return false;
    }

    /// <summary>
    /// <paramref name="uri"/> as <see cref="UsageGenRedaction.RedactUri"/> writes it (no user info or fragment, the
    /// values of <paramref name="sensitiveQueryParameters"/> masked, every query value when null), then with every
    /// credential form masked wherever else it stands (a key in the path).
    /// </summary>
    public string RedactUri(Uri? uri, ICollection<string>? sensitiveQueryParameters = null) =>
        Redact(UsageGenRedaction.RedactUri(uri, sensitiveQueryParameters));

    /// <summary>
    /// One line that says what <paramref name="exception"/> and its inner exceptions were, never quoting a server:
    /// each as its type name and, when the runtime wrote the message itself, the message with credentials masked
    /// (<see cref="Runtime.RedactedException.MayQuoteServer"/> says which messages are withheld).
    /// </summary>
    public string Describe(Exception? exception)
    {
        var sb = new StringBuilder();
        var depth = 0;
        for (var e = exception; e is not null && depth < 8; e = e.InnerException, depth++)
        {
            if (depth > 0) sb.Append(" ---> ");
            if (e is Runtime.RedactedException r)
            {
                sb.Append(r.Message);
                continue;
            }
            sb.Append(e.GetType().FullName);
            sb.Append(": ").Append(Runtime.RedactedException.MayQuoteServer(e) ? Runtime.RedactedException.Withheld : Redact(e.Message));
        }
        return sb.ToString();
    }

    /// <summary>For diagnostics: how many forms, never the forms.</summary>
    public override string ToString() => $"UsageGenRedactor({_forms.Length} credential forms)";

    // ---- building --------------------------------------------------------------------------------------------------

    internal static UsageGenRedactor Create(List<string> texts)
    {
        if (texts.Count == 0) return None;
        texts.Sort((a, b) => b.Length != a.Length ? b.Length - a.Length : string.CompareOrdinal(a, b));
        var forms = new List<Form>(texts.Count);
        string? previous = null;
        foreach (var t in texts)
        {
            if (t.Length == 0 || string.Equals(t, previous, StringComparison.Ordinal)) continue;
            forms.Add(new Form(t));
            previous = t;
        }
        return forms.Count == 0 ? None : new UsageGenRedactor(forms.ToArray());
    }

    internal static void AddForms(UsageCredentials c, List<string> forms)
    {
        AddSecret(forms, c.ApiKey);
        AddSecret(forms, c.Password);
        if (!string.IsNullOrEmpty(c.Username) || !string.IsNullOrEmpty(c.Password))
            AddBase64(forms, Encoding.UTF8.GetBytes((c.Username ?? "") + ":" + (c.Password ?? "")));
        foreach (var p in c.Parameters)
            if (UsageGenRedaction.IsCredentialName(p.Key)) AddSecret(forms, p.Value);
    }

    private static void AddSecret(List<string> forms, string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return;
        forms.Add(secret!);
        var trimmed = secret!.Trim();
        if (trimmed.Length > 0 && trimmed.Length != secret.Length) forms.Add(trimmed);
    }

    private static void AddBase64(List<string> forms, byte[] raw)
    {
        var b64 = Convert.ToBase64String(raw);
        forms.Add(b64);
        var unpadded = b64.TrimEnd('=');
        if (unpadded.Length != b64.Length) forms.Add(unpadded);
        var urlSafe = unpadded.Replace('+', '-').Replace('/', '_');
        if (!string.Equals(urlSafe, unpadded, StringComparison.Ordinal)) forms.Add(urlSafe);
    }

    /// <summary>An Authorization value: <c>Basic b64</c> gives b64 and the password; <c>Word token</c> the token; a bare value itself.</summary>
    private static void AddAuthorization(List<string> forms, string value)
    {
        var v = value.Trim();
        var space = v.IndexOf(' ');
        if (space < 0)
        {
            AddSecret(forms, v);
            return;
        }
        var word = v.Substring(0, space);
        var parameter = v.Substring(space + 1).Trim();
        AddSecret(forms, parameter);
        if (!word.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = decoded.IndexOf(':');
            AddSecret(forms, colon >= 0 ? decoded.Substring(colon + 1) : decoded);
            AddBase64(forms, Encoding.UTF8.GetBytes(decoded));
        }
        catch (FormatException)
        {
            // Not base64: the parameter itself is masked.
        }
    }

    private static IEnumerable<(string Name, string Value)> Pairs(string text, char separator)
    {
        foreach (var part in text.Split(separator))
        {
            var p = part.Trim();
            var eq = p.IndexOf('=');
            if (eq > 0) yield return (p.Substring(0, eq).Trim(), p.Substring(eq + 1).Trim());
        }
    }

    private static string Unescape(string s)
    {
        try { return Uri.UnescapeDataString(s.Replace('+', ' ')); }
        catch (UriFormatException) { return s; }
    }

    // ---- matching --------------------------------------------------------------------------------------------------

    /// <summary>The end of the longest-listed form that matches at <paramref name="start"/>, or -1.</summary>
    private int MatchAny(string text, int start)
    {
        foreach (var form in _forms)
        {
            var end = form.MatchAt(text, start);
            if (end < 0) continue;
            if (form.Text.Length < MinSubstringLength && (IsWordChar(text, start - 1) || IsWordChar(text, end))) continue;
            return end;
        }
        return -1;
    }

    private static bool IsWordChar(string text, int i) =>
        i >= 0 && i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '-' || text[i] == '_');

    /// <summary>
    /// True when <paramref name="body"/> may hold a credential: one of the forms' UTF-8 bytes as is, or a character
    /// that starts an escape (<c>\</c>, <c>%</c>, <c>&amp;</c>, and <c>+</c> when a form has a space). False means
    /// <see cref="Redact"/> would change nothing in its text, so the bytes need no decoding.
    /// </summary>
    internal bool MayOccurIn(ReadOnlySpan<byte> body)
    {
        if (IsEmpty || body.IsEmpty) return false;
        if (body.IndexOfAny((byte)'\\', (byte)'%', (byte)'&') >= 0) return true;
        foreach (var starter in _starters)
            if (starter == '+' && body.IndexOf((byte)'+') >= 0) return true;
        foreach (var form in _utf8)
            if (body.IndexOf(form.AsSpan()) >= 0) return true;
        return false;
    }

    /// <summary>The forms as UTF-8, to replace in bytes that are not valid UTF-8 text.</summary>
    internal byte[][] Utf8Forms => _utf8;

    /// <summary>One credential form and how to recognise each of its characters, however it is encoded.</summary>
    private sealed class Form
    {
        private readonly Unit[] _units;

        public Form(string text)
        {
            Text = text;
            var units = new List<Unit>(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    units.Add(new Unit(text.Substring(i, 2)));
                    i++;
                }
                else units.Add(new Unit(text[i].ToString()));
            }
            _units = units.ToArray();
        }

        public string Text { get; }

        public int MatchAt(string s, int p)
        {
            foreach (var u in _units)
            {
                var n = u.MatchAt(s, p);
                if (n < 0) return -1;
                p += n;
            }
            return p;
        }
    }

    /// <summary>One code point of a form: its UTF-16 chars, its UTF-8 bytes.</summary>
    private readonly struct Unit
    {
        private readonly string _chars;
        private readonly int _codePoint;
        private readonly byte[] _utf8;

        public Unit(string chars)
        {
            _chars = chars;
            _codePoint = char.ConvertToUtf32(chars, 0);
            _utf8 = Encoding.UTF8.GetBytes(chars);
        }

        /// <summary>How many characters of <paramref name="s"/> at <paramref name="p"/> spell this code point, or -1.</summary>
        public int MatchAt(string s, int p)
        {
            if (p >= s.Length) return -1;
            // As characters, each raw, JSON-escaped or an HTML reference.
            var q = p;
            foreach (var c in _chars)
            {
                var n = ReadChar(s, q, out var cp);
                if (n <= 0 || cp != c) { q = -1; break; }
                q += n;
            }
            if (q > p) return q - p;
            // A character outside the BMP as one HTML reference (&#x1F600;).
            if (_chars.Length == 2 && ReadChar(s, p, out var whole) is var w && w > 0 && whole == _codePoint) return w;
            // As percent-encoded UTF-8 bytes, once or twice (%2B, %2b, %252B), each character of which may itself be escaped.
            q = p;
            foreach (var b in _utf8)
            {
                var n = ReadPercentByte(s, q, out var value);
                if (n <= 0 || value != b) { q = -1; break; }
                q += n;
            }
            if (q > p) return q - p;
            // A space in a query string.
            return _codePoint == ' ' && s[p] == '+' ? 1 : -1;
        }
    }

    /// <summary>
    /// One character of <paramref name="s"/> at <paramref name="p"/>, decoded once: a JSON escape (<c>\uXXXX</c> in either
    /// case, <c>\/</c>, <c>\"</c>, <c>\\</c>, <c>\n</c>...), an HTML character reference (<c>&amp;#x2B;</c>, <c>&amp;#43;</c>,
    /// semicolon optional, or a named one), else the character itself. Returns how many characters it took.
    /// </summary>
    private static int ReadChar(string s, int p, out int codePoint)
    {
        codePoint = -1;
        if (p >= s.Length) return 0;
        var c = s[p];
        if (c == '\\' && p + 1 < s.Length)
        {
            var e = s[p + 1];
            if ((e == 'u' || e == 'U') && Hex(s, p + 2, 4) is var h && h >= 0)
            {
                codePoint = h;
                return 6;
            }
            var escaped = e switch { '/' => '/', '"' => '"', '\\' => '\\', '\'' => '\'', 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => -1 };
            if (escaped >= 0)
            {
                codePoint = escaped;
                return 2;
            }
        }
        else if (c == '&' && p + 1 < s.Length)
        {
            var n = ReadEntity(s, p, out codePoint);
            if (n > 0) return n;
        }
        codePoint = c;
        return 1;
    }

    /// <summary>
    /// A byte written as <c>%HH</c> (hex in either case), or percent-encoded again up to three more times
    /// (<c>%252B</c>, a URL echoed inside a URL); each character read by <see cref="ReadChar"/>.
    /// </summary>
    private static int ReadPercentByte(string s, int p, out int value)
    {
        value = -1;
        var n = ReadChar(s, p, out var percent);
        if (n <= 0 || percent != '%') return -1;
        var m = ReadHexPair(s, p + n, out var v);
        if (m <= 0) return -1;
        var length = n + m;
        for (var again = 0; again < 3 && v == '%' && ReadHexPair(s, p + length, out var next) is var k && k > 0; again++)
        {
            v = next;
            length += k;
        }
        value = v;
        return length;
    }

    private static int ReadHexPair(string s, int p, out int value)
    {
        value = -1;
        var a = ReadChar(s, p, out var d1);
        if (a <= 0 || HexDigit(d1) < 0) return -1;
        var b = ReadChar(s, p + a, out var d2);
        if (b <= 0 || HexDigit(d2) < 0) return -1;
        value = HexDigit(d1) * 16 + HexDigit(d2);
        return a + b;
    }

    /// <summary>An HTML character reference at <paramref name="p"/> (which holds <c>&amp;</c>): its code point and length, or 0.</summary>
    private static int ReadEntity(string s, int p, out int codePoint)
    {
        codePoint = -1;
        if (p + 2 < s.Length && s[p + 1] == '#')
        {
            var q = p + 2;
            var hex = s[q] == 'x' || s[q] == 'X';
            if (hex) q++;
            var digitsStart = q;
            long value = 0;
            while (q < s.Length && q - digitsStart < 8)
            {
                var d = hex ? HexDigit(s[q]) : (s[q] >= '0' && s[q] <= '9' ? s[q] - '0' : -1);
                if (d < 0) break;
                value = value * (hex ? 16 : 10) + d;
                q++;
            }
            if (q == digitsStart || value > 0x10FFFF) return 0;
            if (q < s.Length && s[q] == ';') q++;
            codePoint = (int)value;
            return q - p;
        }
        foreach (var (name, cp) in Named)
            if (string.CompareOrdinal(s, p, name, 0, name.Length) == 0)
            {
                codePoint = cp;
                return name.Length;
            }
        return 0;
    }

    private static readonly (string Name, int CodePoint)[] Named =
    {
        ("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&apos;", '\''), ("&plus;", '+'), ("&sol;", '/'),
        ("&equals;", '='), ("&period;", '.'), ("&lowbar;", '_'), ("&colon;", ':'), ("&num;", '#'), ("&percnt;", '%'),
        ("&quest;", '?'), ("&excl;", '!'), ("&commat;", '@'), ("&dollar;", '$'), ("&tilde;", '~'), ("&nbsp;", 0xA0),
    };

    private static int Hex(string s, int p, int digits)
    {
        if (p + digits > s.Length) return -1;
        var v = 0;
        for (var i = 0; i < digits; i++)
        {
            var d = HexDigit(s[p + i]);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }

    private static int HexDigit(int c) =>
        c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}
