using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace UsageGen.Generator.Parsing;

/// <summary>
/// The scheme word an apiKey scheme in the <c>Authorization</c> header shows before the key in its description
/// (<c>Authorization: DeepL-Auth-Key &lt;key&gt;</c>, <c>`Token &lt;your token&gt;`</c>): the client sends
/// <c>&lt;word&gt; &lt;key&gt;</c>. Null when the description shows none: the key is sent raw.
/// </summary>
internal static class AuthSchemeWord
{
    /// <summary>A word, then (after spaces) a placeholder standing for the key.</summary>
    private const string WordThenPlaceholder =
        @"(?<word>[A-Za-z][A-Za-z0-9._~+/-]{0,39})[ \t]+" +
        @"(?:<[^<>\r\n]{1,40}>|\{\{?[^{}\r\n]{1,40}\}?\}|\[[^\[\]\r\n]{1,40}\]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?" +
        @"|(?:your|my)[_-][A-Za-z0-9_-]{0,30}|[A-Z0-9]+(?:[_-][A-Z0-9]+)*[_-](?:KEY|TOKEN|SECRET)\b|\*{3,}|[xX]{8,})";

    /// <summary>Right after <c>Authorization:</c> (the surest sign), any word; elsewhere, one that looks like a scheme.</summary>
    private static readonly Regex AfterHeader = new(@"Authorization\s*:\s*`?" + WordThenPlaceholder,
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    private static readonly Regex Anywhere = new(@"(?<![\w-])" + WordThenPlaceholder, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Words that start prose, not a scheme (<c>Use &lt;key&gt;</c>, <c>Example: &lt;key&gt;</c>).</summary>
    private static readonly HashSet<string> Prose = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "your", "my", "our", "use", "send", "pass", "set", "put", "add", "provide", "include", "with", "as",
        "in", "of", "and", "or", "to", "is", "be", "for", "by", "via", "using", "header", "authorization",
        "value", "example", "e.g.", "eg", "format", "like", "where", "here", "string", "followed", "then", "curl", "get",
    };

    /// <summary>
    /// The word for a scheme whose key goes in header <paramref name="headerName"/>, read from its
    /// <paramref name="description"/>; null unless the header is <c>Authorization</c> and a word is shown.
    /// </summary>
    public static string? Read(string? headerName, string? description)
    {
        if (!string.Equals(headerName, "Authorization", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(description)) return null;
        try
        {
            foreach (Match m in AfterHeader.Matches(description))
                if (Accept(m.Groups["word"].Value, anywhere: false) is { } word) return word;
            foreach (Match m in Anywhere.Matches(description))
                if (Accept(m.Groups["word"].Value, anywhere: true) is { } word) return word;
        }
        catch (RegexMatchTimeoutException)
        {
            // A description built to be slow: no word, the key goes raw.
        }
        return null;
    }

    /// <summary>
    /// The word the spec's own code samples (<c>x-codeSamples</c>, <c>x-code-samples</c>: Redoc's extension) send right
    /// after <c>Authorization:</c> (<c>-H "Authorization: Bearer $STABILITY_API_KEY"</c>), for a scheme whose description
    /// shows none; the word most samples agree on, null when none shows one.
    /// </summary>
    public static string? ReadFromSamples(string? headerName, IEnumerable<string> samples)
    {
        if (!string.Equals(headerName, "Authorization", StringComparison.OrdinalIgnoreCase)) return null;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var sample in samples)
                foreach (Match m in AfterHeader.Matches(sample))
                    if (Accept(m.Groups["word"].Value, anywhere: false) is { } word)
                        counts[word] = counts.TryGetValue(word, out var n) ? n + 1 : 1;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
        string? best = null;
        foreach (var pair in counts)
            if (best is null || pair.Value > counts[best] || (pair.Value == counts[best] && string.CompareOrdinal(pair.Key, best) < 0)) best = pair.Key;
        return best;
    }

    private static string? Accept(string word, bool anywhere)
    {
        word = word.TrimEnd('.', ':', ',');
        if (word.Length == 0 || Prose.Contains(word)) return null;
        // Away from "Authorization:", only what looks like a scheme: capitalised (Token, DeepL-Auth-Key) or hyphenated.
        if (anywhere && !char.IsUpper(word[0]) && word.IndexOf('-') < 0) return null;
        return word;
    }
}
