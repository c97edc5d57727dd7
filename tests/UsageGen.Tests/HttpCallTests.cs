using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using UsageGen.Runtime;
using Xunit;

namespace UsageGen.Tests;

public class HttpCallTests
{
    private static OperationContext Context(string? apiKey = "tvly-SECRET123") =>
        new("Tavily", "GetUsageAsync", apiKey is null ? null : new UsageCredentials(apiKey));

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    // ---- Redact --------------------------------------------------------------------------------------------------

    [Fact]
    public void OperationContext_redacts_api_key_and_password()
    {
        var context = new OperationContext("P", "Op", new UsageCredentials { ApiKey = "k-1", Username = "user", Password = "pw-2" });
        Assert.Equal("*** user ***", context.Redact("k-1 user pw-2"));
        Assert.Equal("Basic ***", context.Redact("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pw-2"))));
        Assert.Equal("k-1", new OperationContext("P", "Op", null).Redact("k-1"));
    }

    // ---- ErrorMessage --------------------------------------------------------------------------------------------

    [Fact]
    public void ErrorMessage_reads_Tavily_nested_detail()
    {
        var body = Utf8("{\"detail\":{\"error\":\"Unauthorized: missing or invalid API key.\"}}");
        Assert.Equal("Unauthorized: missing or invalid API key.", HttpCall.ErrorMessage(body, Context()));
    }

    [Fact]
    public void ErrorMessage_reads_CoinStats_message()
    {
        var body = Utf8("{\"statusCode\":401,\"message\":\"Unauthorized\",\"error\":\"Invalid X-API-KEY header\",\"timestamp\":\"2026-04-01T00:00:00.000Z\"}");
        Assert.Equal("Unauthorized", HttpCall.ErrorMessage(body, Context()));
    }

    [Theory]
    [InlineData("{\"error\":{\"message\":\"Quota exceeded\",\"code\":429}}", "Quota exceeded")]
    [InlineData("{\"errors\":[{\"title\":\"Bad key\"}]}", "Bad key")]
    [InlineData("{\"status\":{\"error_code\":1002,\"error_message\":\"x\"},\"msg\":\"Missing key\"}", "Missing key")]
    [InlineData("{\"Message\":\"Case does not matter\"}", "Case does not matter")]
    [InlineData("\"plain string body\"", "plain string body")]
    [InlineData("[{\"message\":\"first\"},{\"message\":\"second\"}]", "first")]
    public void ErrorMessage_finds_common_shapes(string json, string expected)
    {
        Assert.Equal(expected, HttpCall.ErrorMessage(Utf8(json), Context()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{\"ok\":false,\"code\":1}")]
    [InlineData("{\"message\":")]
    [InlineData("42")]
    public void ErrorMessage_is_null_when_there_is_none(string body)
    {
        Assert.Null(HttpCall.ErrorMessage(Utf8(body), Context()));
    }

    [Fact]
    public void ErrorMessage_redacts_the_key_and_shortens_long_messages()
    {
        Assert.Equal("invalid key *** given", HttpCall.ErrorMessage(Utf8("{\"message\":\"invalid key tvly-SECRET123 given\"}"), Context()));
        var longMessage = HttpCall.ErrorMessage(Utf8("{\"message\":\"" + new string('x', 500) + "\"}"), Context());
        Assert.Equal(203, longMessage!.Length);
        Assert.EndsWith("...", longMessage);
    }

    // ---- BuildUri ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("https://pro-api.coingecko.com/api/v3", "/key")]
    [InlineData("https://pro-api.coingecko.com/api/v3/", "/key")]
    [InlineData("https://pro-api.coingecko.com/api/v3", "key")]
    [InlineData("https://pro-api.coingecko.com/api/v3/", "key")]
    public void BuildUri_keeps_the_base_path(string baseAddress, string path)
    {
        var uri = HttpCall.BuildUri(new Uri(baseAddress), null, path, null);
        Assert.Equal("https://pro-api.coingecko.com/api/v3/key", uri.AbsoluteUri);
    }

    [Fact]
    public void BuildUri_on_a_host_alone()
    {
        Assert.Equal("https://api.tavily.com/usage", HttpCall.BuildUri(new Uri("https://api.tavily.com"), null, "/usage", null).AbsoluteUri);
    }

    [Fact]
    public void BuildUri_falls_back_to_the_spec_server_and_prefers_the_client_base()
    {
        Assert.Equal("https://api.tavily.com/usage", HttpCall.BuildUri(null, "https://api.tavily.com/", "/usage", null).AbsoluteUri);
        Assert.Equal("http://localhost:5000/v1/usage", HttpCall.BuildUri(new Uri("http://localhost:5000/v1/"), "https://api.tavily.com", "/usage", null).AbsoluteUri);
    }

    [Fact]
    public void BuildUri_without_any_base_throws_InvalidOperationException()
    {
        Assert.Throws<InvalidOperationException>(() => HttpCall.BuildUri(null, null, "/usage", null));
    }

    [Fact]
    public void BuildUri_escapes_query_values_and_skips_nulls()
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new("x_cg_pro_api_key", "a b&c=d/e?f#g+h%"),
            new("skipped", null),
            new("vs currency", "usd"),
            new("empty", ""),
        };
        var uri = HttpCall.BuildUri(new Uri("https://pro-api.coingecko.com/api/v3/"), null, "/key", query);
        Assert.Equal("https://pro-api.coingecko.com/api/v3/key?x_cg_pro_api_key=a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25&vs%20currency=usd&empty=", uri.AbsoluteUri);
        Assert.Equal("", uri.Fragment);
    }

    [Fact]
    public void BuildUri_with_only_null_query_values_has_no_question_mark()
    {
        var query = new List<KeyValuePair<string, string?>> { new("a", null) };
        Assert.Equal("https://x.test/api/key", HttpCall.BuildUri(new Uri("https://x.test/api"), null, "key", query).AbsoluteUri);
    }

    // ---- StatusError ---------------------------------------------------------------------------------------------

    private static HttpCallResult Result(HttpStatusCode status, string body, Action<HttpResponseMessage>? configure = null)
    {
        var response = new HttpResponseMessage(status);
        configure?.Invoke(response);
        return new HttpCallResult(status, response.Headers, null, Utf8(body), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void StatusError_401_is_an_authentication_error_with_the_provider_message_and_no_key()
    {
        var result = Result(HttpStatusCode.Unauthorized, "{\"detail\":{\"error\":\"Unauthorized: missing or invalid API key tvly-SECRET123.\"}}");
        var e = HttpCall.StatusError(result, Context(), error: null, description: "Unauthorized");
        Assert.IsType<UsageGenAuthenticationException>(e);
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal("Tavily GetUsageAsync: HTTP 401 (Unauthorized): Unauthorized: missing or invalid API key ***..", e.Message);
        Assert.DoesNotContain("SECRET", e.BodyExcerpt);
    }

    [Fact]
    public void StatusError_429_is_a_rate_limit_error_with_retry_after()
    {
        var result = Result((HttpStatusCode)429, "{\"message\":\"Too many\"}", r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30)));
        var e = HttpCall.StatusError(result, Context(), null, null);
        Assert.IsType<UsageGenRateLimitException>(e);
        Assert.Equal(TimeSpan.FromSeconds(30), e.RetryAfter);
        Assert.Contains("Retry after 30 s", e.Message);
    }

    [Fact]
    public void StatusError_500_is_the_general_http_error()
    {
        var e = HttpCall.StatusError(Result(HttpStatusCode.InternalServerError, "oops"), Context(), null, null);
        Assert.Equal(typeof(UsageGenHttpException), e.GetType());
        Assert.Equal("oops", e.BodyExcerpt);
    }

    [Fact]
    public void RetryAfter_date_in_the_past_is_zero()
    {
        var result = Result((HttpStatusCode)429, "", r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.Zero, HttpCall.RetryAfter(result));
    }

    [Fact]
    public void Excerpt_is_one_line_redacted_and_short()
    {
        var excerpt = HttpCall.Excerpt(Utf8("line1\nline2 tvly-SECRET123 " + new string('z', 400)), Context());
        Assert.StartsWith("line1 line2 *** zz", excerpt);
        Assert.Equal(203, excerpt.Length);
        Assert.Equal("(empty)", HttpCall.Excerpt(Array.Empty<byte>(), Context()));
    }

    [Fact]
    public void ParseBody_turns_a_bad_body_into_a_malformed_response_exception()
    {
        var result = Result(HttpStatusCode.OK, "{\"used\":\"lots\"}");
        var e = Assert.Throws<UsageGenMalformedResponseException>(() => HttpCall.ParseBody(result, Context(), (ref System.Text.Json.Utf8JsonReader r) =>
        {
            JsonRead.ExpectStartObject(ref r, "$");
            r.Read();
            JsonRead.NextValue(ref r);
            return JsonRead.Int64(ref r, "used");
        }));
        Assert.Equal("used", e.JsonPath);
        Assert.Contains("lots", e.Message);
    }
}
