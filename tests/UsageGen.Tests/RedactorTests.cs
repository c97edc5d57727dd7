using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using UsageGen.Runtime;
using Xunit;

namespace UsageGen.Tests;

/// <summary>The one redactor: every form of every credential, every encoding, and short keys that never mangle text.</summary>
public class RedactorTests
{
    private const string Key = "sk+SECRET/4f1c9 é=";

    /// <summary>Every encoding a server may echo <see cref="Key"/> in.</summary>
    public static IEnumerable<object[]> Encodings()
    {
        yield return new object[] { "raw", Key };
        yield return new object[] { "URL, upper case", Uri.EscapeDataString(Key) };
        yield return new object[] { "URL, lower case", Uri.EscapeDataString(Key).Replace("%2B", "%2b").Replace("%2F", "%2f").Replace("%C3%A9", "%c3%a9") };
        yield return new object[] { "query string (+ for space)", WebUtility.UrlEncode(Key) };
        yield return new object[] { "JSON, System.Text.Json default", JsonSerializer.Serialize(Key).Trim('"') };
        yield return new object[] { "JSON, every char escaped", string.Concat(Key.Select(c => "\\u" + ((int)c).ToString("X4"))) };
        yield return new object[] { "JSON, lower-case hex and \\/", Key.Replace("+", "\\u002b").Replace("/", "\\/") };
        yield return new object[] { "HTML, named and hex", Key.Replace("+", "&#x2B;").Replace("/", "&sol;").Replace("=", "&#61;") };
        yield return new object[] { "HTML, HtmlEncoder", HtmlEncoder.Default.Encode(Key) };
        yield return new object[] { "JavaScriptEncoder", JavaScriptEncoder.Default.Encode(Key) };
        yield return new object[] { "URL, twice (a URL echoed inside a URL)", Uri.EscapeDataString(Uri.EscapeDataString(Key)) };
        yield return new object[] { "URL, then every char JSON-escaped", string.Concat(Uri.EscapeDataString(Key).Select(c => "\\u" + ((int)c).ToString("x4"))) };
        yield return new object[] { "URL, then HTML decimal references", Uri.EscapeDataString(Key).Replace("%", "&#37;") };
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_encoding_of_the_key_is_masked(string encoding, string echoed)
    {
        var redactor = UsageGenRedactor.For(new UsageCredentials(Key));
        var text = "before " + echoed + " after, and glued:" + echoed + "x";
        var masked = redactor.Redact(text);
        Assert.True(masked == "before *** after, and glued:***x", encoding + ": " + masked);
        Assert.True(redactor.Contains(text), encoding);
    }

    [Fact]
    public void Basic_credentials_are_masked_as_base64_of_user_and_password_and_the_password_alone()
    {
        var credentials = new UsageCredentials { Username = "alice", Password = "pa55:word!" };
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pa55:word!"));
        var redactor = UsageGenRedactor.For(credentials);
        Assert.Equal("Authorization: Basic ***; user alice; pw ***; urlsafe ***",
            redactor.Redact("Authorization: Basic " + b64 + "; user alice; pw pa55:word!; urlsafe " + b64.TrimEnd('=').Replace('+', '-').Replace('/', '_')));
    }

    [Fact]
    public void A_short_key_is_masked_only_as_a_whole_token()
    {
        var redactor = UsageGenRedactor.For(new UsageCredentials("x"));
        Assert.Equal("max 3 x-api-key: ***; ?key=***&page=2; \"***\"; Bearer ***; extra", redactor.Redact("max 3 x-api-key: x; ?key=x&page=2; \"x\"; Bearer x; extra"));
        Assert.Equal("the maximum is exceeded", redactor.Redact("the maximum is exceeded"));
        var seven = UsageGenRedactor.For(new UsageCredentials("abc1234"));
        Assert.Equal("xabc1234y ***", seven.Redact("xabc1234y abc1234"));
        var eight = UsageGenRedactor.For(new UsageCredentials("abc12345"));
        Assert.Equal("x***y ***", eight.Redact("xabc12345y abc12345"));
    }

    [Fact]
    public void Credential_named_parameters_are_masked_others_are_not()
    {
        var credentials = new UsageCredentials("key-0123456789")
        {
            Parameters = new Dictionary<string, string> { ["api_key"] = "path-secret-77", ["currency"] = "usd" },
        };
        var redactor = UsageGenRedactor.For(credentials);
        Assert.Equal("/v1/***/usage?currency=usd", redactor.Redact("/v1/path-secret-77/usage?currency=usd"));
    }

    [Fact]
    public void FromRequest_finds_the_credentials_a_request_carries()
    {
        var schemes = new[]
        {
            new AuthSchemeInfo("h", AuthKind.ApiKeyHeader, "X-Custom"),
            new AuthSchemeInfo("q", AuthKind.ApiKeyQuery, "k"),
            new AuthSchemeInfo("c", AuthKind.ApiKeyCookie, "sid"),
        };
        var request = new HttpRequestMessage(HttpMethod.Get, "https://h.test/u?k=query%2Bsecret1&page=2");
        request.Headers.TryAddWithoutValidation("X-Custom", "header-secret-1");
        request.Headers.TryAddWithoutValidation("Cookie", "sid=cookie%2Fsecret1; theme=dark");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:basic-secret-1")));
        var redactor = UsageGenRedactor.FromRequest(request, schemes);
        Assert.Equal("*** *** *** *** *** dark 2", redactor.Redact("header-secret-1 query+secret1 cookie/secret1 basic-secret-1 " +
            Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:basic-secret-1")) + " dark 2"));

        var word = new HttpRequestMessage(HttpMethod.Get, "https://h.test/u");
        word.Headers.TryAddWithoutValidation("Authorization", "DeepL-Auth-Key word-secret-1");
        Assert.Equal("echo ***", UsageGenRedactor.FromRequest(word).Redact("echo word-secret-1"));
    }

    [Fact]
    public void Describe_keeps_runtime_messages_masked_and_withholds_those_that_may_quote_the_server()
    {
        var redactor = UsageGenRedactor.For(new UsageCredentials("sk-0123456789"));
        var quoted = new HttpRequestException(HttpRequestError.InvalidResponse, "Received an invalid header line: 'X: sk-0123456789'");
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (h.test:443) sk-0123456789",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        Assert.Equal("System.Net.Http.HttpRequestException: " + RedactedException.Withheld, redactor.Describe(quoted));
        var text = redactor.Describe(refused);
        Assert.StartsWith("System.Net.Http.HttpRequestException: Connection refused (h.test:443) *** ---> System.Net.Sockets.SocketException: ", text);
        Assert.DoesNotContain("0123456789", text);

        var stand = RedactedException.From(refused, redactor);
        Assert.Equal("System.Net.Http.HttpRequestException", stand.OriginalTypeName);
        Assert.IsType<RedactedException>(stand.InnerException);
        Assert.Equal("System.Net.Sockets.SocketException", ((RedactedException)stand.InnerException!).OriginalTypeName);
        Assert.DoesNotContain("0123456789", stand.ToString());
    }

    [Fact]
    public void Nothing_to_hide_changes_nothing()
    {
        Assert.True(UsageGenRedactor.None.IsEmpty);
        Assert.Equal("text", UsageGenRedactor.None.Redact("text"));
        Assert.Equal("", UsageGenRedactor.For(new UsageCredentials()).Redact(null));
        var text = "no key in here";
        Assert.Same(text, UsageGenRedactor.ForSecrets(new[] { "absent-secret", null, "" }).Redact(text));
        Assert.Equal("UsageGenRedactor(1 credential forms)", UsageGenRedactor.ForSecrets(new[] { "absent-secret" }).ToString());
    }

    [Fact]
    public void Combine_masks_both()
    {
        var a = UsageGenRedactor.ForSecrets(new[] { "first-secret" });
        var b = UsageGenRedactor.ForSecrets(new[] { "second-secret" });
        Assert.Equal("*** ***", a.Combine(b).Redact("first-secret second-secret"));
        Assert.Same(a, a.Combine(UsageGenRedactor.None));
    }

    // ---- the body, at the root ----------------------------------------------------------------------------------

    [Fact]
    public void A_JSON_body_is_masked_inside_strings_only_and_stays_valid_JSON()
    {
        var redactor = UsageGenRedactor.For(new UsageCredentials("12"));
        var json = "{\"api_key\":\"12\",\"used\":12,\"note\":\"key 12, page 3\",\"k\\u0031\":\"\\u00312\"}";
        var masked = HttpCall.RedactJsonStrings(json, redactor);
        Assert.Equal("{\"api_key\":\"***\",\"used\":12,\"note\":\"key ***, page 3\",\"k\\u0031\":\"***\"}", masked);
        using var _ = JsonDocument.Parse(masked);
    }

    /// <summary>ScrubBody returns a replaced buffer to the pool: give it one of the pool's (sized exactly, as SendAsync reads it).</summary>
    private static (byte[] Buffer, int Length) Pooled(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(rented, 0);
        return (rented, bytes.Length);
    }

    [Fact]
    public void A_JSON_string_is_decoded_before_masking_so_an_escape_inside_another_is_seen()
    {
        var redactor = UsageGenRedactor.For(new UsageCredentials("sk+SECRET/4f1c9"));
        var json = "{\"plan\":\"pro for sk\\u0026#x2B;SECRET/4f1c9 \\u00e9\",\"n\":1}";
        Assert.Equal("{\"plan\":\"pro for *** \u00e9\",\"n\":1}", HttpCall.RedactJsonStrings(json, redactor));
    }

    [Fact]
    public void ScrubBody_leaves_a_clean_body_untouched_and_masks_an_echo()
    {
        var redactor = UsageGenRedactor.For(new UsageCredentials("sk-SECRET-4f1c9"));
        var clean = Encoding.UTF8.GetBytes("{\"used\":1}");
        var (same, length) = HttpCall.ScrubBody(clean, clean.Length, redactor);
        Assert.Same(clean, same);
        Assert.Equal(clean.Length, length);

        var echo = Pooled("{\"api_key\":\"sk\\u002dSECRET-4f1c9\",\"used\":1}");
        var (buffer, n) = HttpCall.ScrubBody(echo.Buffer, echo.Length, redactor);
        Assert.Equal("{\"api_key\":\"***\",\"used\":1}", Encoding.UTF8.GetString(buffer, 0, n));

        var notUtf8 = new byte[] { 0xFF, (byte)' ' }.Concat(Encoding.UTF8.GetBytes("sk-SECRET-4f1c9")).ToArray();
        var (raw, m) = HttpCall.ScrubBody(notUtf8, notUtf8.Length, redactor);
        Assert.Same(notUtf8, raw);
        Assert.Equal(new byte[] { 0xFF, (byte)' ', (byte)'*', (byte)'*', (byte)'*' }, raw.AsSpan(0, m).ToArray());
    }
}
