using System;
using System.Collections.Generic;
using System.Text;

namespace UsageGen;

/// <summary>
/// Which names carry credentials: the header and query parameter names of a provider's security schemes, names that
/// read as credentials, and URIs with those query values masked. Masking the credentials themselves, wherever and
/// however they appear, is <see cref="UsageGenRedactor"/>'s job; both are used by UsageGen.Extensions.Http's
/// <c>RedactUsageGenSecrets()</c> and are usable with any logger.
/// </summary>
public static class UsageGenRedaction
{
    /// <summary>What a hidden value is replaced with.</summary>
    public const string Mask = "***";

    private static readonly string[] CredentialHeaders = { "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "WWW-Authenticate", "Proxy-Authenticate" };

    private static readonly string[] CredentialWords = { "key", "token", "secret", "passw", "pwd", "auth", "credential", "signature", "session" };

    /// <summary>
    /// Headers whose values are credentials: every apiKey header of <paramref name="schemes"/> plus Authorization,
    /// Proxy-Authorization, Cookie, Set-Cookie, WWW-Authenticate and Proxy-Authenticate. Case-insensitive.
    /// </summary>
    public static ISet<string> SensitiveHeaders(IEnumerable<AuthSchemeInfo>? schemes = null)
    {
        var set = new HashSet<string>(CredentialHeaders, StringComparer.OrdinalIgnoreCase);
        if (schemes is not null)
            foreach (var s in schemes)
                if (s.Kind == AuthKind.ApiKeyHeader && !string.IsNullOrEmpty(s.ParameterName)) set.Add(s.ParameterName!);
        return set;
    }

    /// <summary>Query parameters whose values are credentials: every apiKey-in-query scheme's parameter. Case-sensitive, as URIs are.</summary>
    public static ISet<string> SensitiveQueryParameters(IEnumerable<AuthSchemeInfo>? schemes)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (schemes is not null)
            foreach (var s in schemes)
                if (s.Kind == AuthKind.ApiKeyQuery && !string.IsNullOrEmpty(s.ParameterName)) set.Add(s.ParameterName!);
        return set;
    }

    /// <summary>
    /// True when a header, query parameter, cookie or required parameter named <paramref name="name"/> reads as a
    /// credential: its name holds key, token, secret, passw, pwd, auth, credential, signature or session (any case,
    /// <c>-</c> and <c>_</c> ignored: <c>api_key</c>, <c>X-Auth-Token</c>, <c>apiKey</c>). Such values are masked by
    /// <see cref="UsageGenRedactor"/> even when no security scheme declares them (a key passed as a path parameter).
    /// </summary>
    public static bool IsCredentialName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        var n = name!.Replace("-", "").Replace("_", "").ToLowerInvariant();
        foreach (var w in CredentialWords)
            if (n.IndexOf(w, StringComparison.Ordinal) >= 0) return true;
        return false;
    }

    /// <summary>
    /// <paramref name="uri"/> without user info and fragment, and with the value of every query parameter in
    /// <paramref name="sensitiveQueryParameters"/> replaced by <see cref="Mask"/>; with null, every query value is masked.
    /// </summary>
    public static string RedactUri(Uri? uri, ICollection<string>? sensitiveQueryParameters = null)
    {
        if (uri is null) return "";
        if (!uri.IsAbsoluteUri) return RedactQuery(uri.OriginalString, sensitiveQueryParameters);
        var sb = new StringBuilder();
        sb.Append(uri.Scheme).Append("://").Append(uri.Host);
        if (!uri.IsDefaultPort) sb.Append(':').Append(uri.Port);
        sb.Append(uri.AbsolutePath);
        if (uri.Query.Length > 1) sb.Append(RedactQuery(uri.Query, sensitiveQueryParameters));
        return sb.ToString();
    }

    /// <summary>
    /// Masks the values of <c>name=value</c> pairs that start a text or follow <c>?</c> or <c>&amp;</c>: those named in
    /// <paramref name="sensitiveQueryParameters"/>, or with null every pair after the first <c>?</c>. Works on a query
    /// string, a URI, or any text that holds one, such as an exception message.
    /// </summary>
    public static string RedactQuery(string text, ICollection<string>? sensitiveQueryParameters = null)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var firstQuestion = text.IndexOf('?');
        if (firstQuestion < 0 && sensitiveQueryParameters is null) return text;
        var sb = new StringBuilder(text.Length + 8);
        var i = 0;
        var boundary = sensitiveQueryParameters is not null; // the text may start with a pair
        while (i < text.Length)
        {
            if (boundary && (sensitiveQueryParameters is not null || i > firstQuestion))
            {
                var eq = IndexOfAny(text, i, '=', '&', '#', '?', ' ');
                if (eq > i && text[eq] == '=')
                {
                    var name = Uri.UnescapeDataString(text.Substring(i, eq - i));
                    if (sensitiveQueryParameters is null || sensitiveQueryParameters.Contains(name))
                    {
                        var end = IndexOfAny(text, eq + 1, '&', '#', ' ', '"', '\'', '<', '>', '\r', '\n', '\t');
                        if (end < 0) end = text.Length;
                        sb.Append(text, i, eq + 1 - i).Append(Mask);
                        i = end;
                        boundary = false;
                        continue;
                    }
                }
            }
            var c = text[i];
            sb.Append(c);
            boundary = c == '?' || c == '&';
            i++;
        }
        return sb.ToString();
    }

    private static int IndexOfAny(string s, int from, params char[] chars)
    {
        for (var i = from; i < s.Length; i++)
            if (Array.IndexOf(chars, s[i]) >= 0) return i;
        return -1;
    }
}
