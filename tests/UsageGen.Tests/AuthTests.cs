using System;
using System.Net.Http;
using System.Text;
using UsageGen.Runtime;
using Xunit;

namespace UsageGen.Tests;

/// <summary>What <see cref="Auth.Apply"/> puts on the wire for each scheme.</summary>
public class AuthTests
{
    private static string? Sent(AuthSchemeInfo scheme, UsageCredentials credentials, string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.test/usage");
        Auth.Apply(request, scheme, credentials);
        return request.Headers.TryGetValues(header, out var values) ? string.Join(",", values) : null;
    }

    [Fact]
    public void An_Authorization_apiKey_with_a_scheme_word_sends_the_word_then_the_key()
    {
        var scheme = new AuthSchemeInfo("key", AuthKind.ApiKeyHeader, "Authorization", "DeepL-Auth-Key");
        Assert.Equal("DeepL-Auth-Key k-123", Sent(scheme, new UsageCredentials("k-123"), "Authorization"));
        Assert.Equal("key (ApiKeyHeader Authorization: DeepL-Auth-Key <key>)", scheme.ToString());
    }

    [Fact]
    public void An_Authorization_apiKey_without_a_word_sends_the_key_raw()
    {
        Assert.Equal("k-123", Sent(new AuthSchemeInfo("key", AuthKind.ApiKeyHeader, "Authorization"), new UsageCredentials("k-123"), "Authorization"));
        Assert.Equal("k-123", Sent(new AuthSchemeInfo("key", AuthKind.ApiKeyHeader, "Authorization", "  "), new UsageCredentials("k-123"), "Authorization"));
    }

    [Fact]
    public void A_word_on_another_header_is_ignored()
    {
        Assert.Equal("k-123", Sent(new AuthSchemeInfo("key", AuthKind.ApiKeyHeader, "X-Api-Key", "Word"), new UsageCredentials("k-123"), "X-Api-Key"));
    }

    [Fact]
    public void Bearer_basic_and_cookie()
    {
        Assert.Equal("Bearer k-1", Sent(new AuthSchemeInfo("b", AuthKind.Bearer, null), new UsageCredentials("k-1"), "Authorization"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p+w")),
            Sent(new AuthSchemeInfo("b", AuthKind.Basic, null), new UsageCredentials { Username = "u", Password = "p+w" }, "Authorization"));
        Assert.Equal("sid=k%2B1", Sent(new AuthSchemeInfo("c", AuthKind.ApiKeyCookie, "sid"), new UsageCredentials("k+1"), "Cookie"));
    }
}
