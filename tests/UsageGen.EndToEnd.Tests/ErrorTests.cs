using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using UsageGen.Generated;
using UsageGen.Providers.CoinStats;
using UsageGen.Providers.Tavily;
using Xunit;

namespace UsageGen.EndToEnd.Tests;

/// <summary>Failures over HTTP: every one is a <see cref="UsageGenException"/> of the right kind, never a raw parser exception.</summary>
public sealed class ErrorTests : ServerTest
{
    private const string TavilyKey = "tvly-SECRET-0123456789";

    private static async Task<TException> ThrowsExactly<TException>(Func<Task> call) where TException : Exception
    {
        var ex = await Record.ExceptionAsync(call);
        Assert.NotNull(ex);
        return Assert.IsType<TException>(ex); // exact type: a JsonException or NullReferenceException fails here
    }

    // ---- non-success statuses ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Tavily_401_is_an_authentication_exception_with_the_typed_documented_body()
    {
        var http = Serve(Documented.Get("Tavily"), CannedResponse.Json(Documented.TavilyUnauthorizedBody, 401));
        var client = new TavilyClient(http, new UsageCredentials(TavilyKey));

        var ex = await ThrowsExactly<UsageGenAuthenticationException>(() => client.GetUsageAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, ex.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("Tavily", ex.Provider);
        Assert.Equal("GetUsage", ex.Operation);
        Assert.Contains(Documented.TavilyUnauthorizedText, ex.Message, StringComparison.Ordinal);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);

        var error = Assert.IsType<GetUsageUnauthorizedError>(ex.Error);
        Assert.Equal(Documented.TavilyUnauthorizedText, error.Detail?.Error);
        Assert.Same(error, ex.GetError<GetUsageUnauthorizedError>());

        Assert.DoesNotContain(TavilyKey, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TavilyKey, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal("Bearer " + TavilyKey, OnlyRequest().Header("Authorization"));
    }

    [Fact]
    public async Task Tavily_401_that_echoes_the_key_is_redacted()
    {
        var body = "{\"detail\":{\"error\":\"Unauthorized: key " + TavilyKey + " is not valid.\"}}";
        var http = Serve(Documented.Get("Tavily"), CannedResponse.Json(body, 401));
        var client = new TavilyClient(http, new UsageCredentials(TavilyKey));

        var ex = await ThrowsExactly<UsageGenAuthenticationException>(() => client.GetUsageAsync());

        Assert.Contains("Unauthorized: key *** is not valid.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TavilyKey, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TavilyKey, ex.BodyExcerpt ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(TavilyKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoinStats_429_is_a_rate_limit_exception_with_Retry_After()
    {
        var http = Serve(Documented.Get("CoinStats"), CannedResponse.Json(Documented.CoinStatsRateLimitedBody, 429, ("Retry-After", "7")));
        var client = new CoinStatsClient(http, new UsageCredentials("cs-secret"));

        var ex = await ThrowsExactly<UsageGenRateLimitException>(() => client.GetCreditUsageAsync());

        Assert.Equal((HttpStatusCode)429, ex.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Contains("Rate limit exceeded", ex.Message, StringComparison.Ordinal);
        var error = Assert.IsType<JsonElement>(ex.Error);
        Assert.Equal(429, error.GetProperty("statusCode").GetInt32());
        Assert.DoesNotContain("cs-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoinStats_401_is_an_authentication_exception()
    {
        var http = Serve(Documented.Get("CoinStats"), CannedResponse.Json(Documented.CoinStatsUnauthorizedBody, 401));
        var ex = await ThrowsExactly<UsageGenAuthenticationException>(() => new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, ex.Status);
        Assert.Null(ex.RetryAfter);
        Assert.Contains("Unauthorized", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_is_a_general_http_exception()
    {
        var http = Serve(Documented.Get("CoinStats"), new CannedResponse { Status = 500, Body = "<html>boom</html>", ContentType = "text/html" });
        var ex = await ThrowsExactly<UsageGenHttpException>(() => new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, ex.Status);
        Assert.Null(ex.Error);
        Assert.Contains("boom", ex.BodyExcerpt ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unserved_path_is_a_404_http_exception_not_a_parse_failure()
    {
        var http = Server.CreateClient("nowhere/");
        var ex = await ThrowsExactly<UsageGenHttpException>(() => new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageAsync());
        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
    }

    // ---- malformed 200 bodies ----------------------------------------------------------------------------------------

    public static IEnumerable<object[]> CoinStatsMalformed => new[]
    {
        new object[] { "wrong type", "application/json", """{"totalCredits":"abc","usedCredits":45000,"remainingCredits":55000,"subscription":"PRO"}""" },
        new object[] { "html", "text/html", "<html>oops</html>" },
        new object[] { "empty", "application/json", "" },
        new object[] { "truncated", "application/json", """{"totalCredits":100000,"usedCred""" },
        new object[] { "array", "application/json", "[]" },
        new object[] { "null", "application/json", "null" },
        new object[] { "trailing", "application/json", Documented.CoinStatsBody + " {}" },
        new object[] { "null required", "application/json", """{"totalCredits":null,"usedCredits":45000,"remainingCredits":55000,"subscription":"PRO"}""" },
        new object[] { "object for number", "application/json", """{"totalCredits":{},"usedCredits":45000,"remainingCredits":55000,"subscription":"PRO"}""" },
    };

    [Theory]
    [MemberData(nameof(CoinStatsMalformed))]
    public async Task CoinStats_malformed_200_is_a_malformed_response_exception(string kind, string contentType, string body)
    {
        var http = Serve(Documented.Get("CoinStats"), new CannedResponse { Status = 200, Body = body, ContentType = contentType });
        var ex = await ThrowsExactly<UsageGenMalformedResponseException>(() => new CoinStatsClient(http, new UsageCredentials("cs-secret")).GetCreditUsageAsync());

        Assert.Equal(HttpStatusCode.OK, ex.Status);
        Assert.Equal("CoinStats", ex.Provider);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message), kind);
        Assert.DoesNotContain("cs-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoinStats_wrong_type_names_the_field()
    {
        var http = Serve(Documented.Get("CoinStats"), CannedResponse.Json("""{"totalCredits":"abc","usedCredits":45000,"remainingCredits":55000,"subscription":"PRO"}"""));
        var ex = await ThrowsExactly<UsageGenMalformedResponseException>(() => new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageAsync());

        Assert.Contains("totalCredits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("abc", ex.Message, StringComparison.Ordinal);
        Assert.Equal("totalCredits", ex.JsonPath);
    }

    [Fact]
    public async Task CoinStats_html_body_mentions_the_content_type()
    {
        var http = Serve(Documented.Get("CoinStats"), new CannedResponse { Body = "<html>oops</html>", ContentType = "text/html" });
        var ex = await ThrowsExactly<UsageGenMalformedResponseException>(() => new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageAsync());

        Assert.Contains("text/html", ex.Message, StringComparison.Ordinal);
        Assert.Contains("<html>oops</html>", ex.BodyExcerpt ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("totalCredits")]
    [InlineData("usedCredits")]
    [InlineData("remainingCredits")]
    [InlineData("subscription")]
    public async Task CoinStats_missing_required_field_is_malformed_and_named(string field)
    {
        var fields = new Dictionary<string, object> { ["totalCredits"] = 100000, ["usedCredits"] = 45000, ["remainingCredits"] = 55000, ["subscription"] = "PRO" };
        fields.Remove(field);
        var http = Serve(Documented.Get("CoinStats"), CannedResponse.Json(JsonSerializer.Serialize(fields)));

        var ex = await ThrowsExactly<UsageGenMalformedResponseException>(() => new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageAsync());

        Assert.Contains("'" + field + "'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
        Assert.Equal(field, ex.JsonPath);
    }

    [Fact]
    public async Task CoinStats_numbers_sent_as_strings_parse()
    {
        var http = Serve(Documented.Get("CoinStats"), CannedResponse.Json("""{"totalCredits":"100000","usedCredits":"45000","remainingCredits":" 55000 ","subscription":"PRO"}"""));
        var s = await new CoinStatsUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal(100000m, s.Raw!.TotalCredits);
        Assert.Equal(45000m, s.Raw.UsedCredits);
        Assert.Equal(55000m, s.Raw.RemainingCredits);
        Assert.Equal(100000m, s.CreditsLimit);
        Assert.Equal(55000m, s.CreditsRemaining);
    }

    [Fact]
    public async Task CoinStats_unknown_field_is_kept_in_AdditionalProperties()
    {
        var http = Serve(Documented.Get("CoinStats"), CannedResponse.Json("""{"totalCredits":100000,"usedCredits":45000,"remainingCredits":55000,"subscription":"PRO","topUps":[{"credits":5000}],"renewsOn":"2026-05-01"}"""));
        var dto = await new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageAsync();

        Assert.NotNull(dto.AdditionalProperties);
        Assert.Equal(2, dto.AdditionalProperties!.Count);
        Assert.Equal(5000, dto.AdditionalProperties["topUps"][0].GetProperty("credits").GetInt32());
        Assert.Equal("2026-05-01", dto.AdditionalProperties["renewsOn"].GetString());
        Assert.Equal(100000m, dto.TotalCredits);
        // And written back out unchanged.
        using var doc = JsonDocument.Parse(dto.ToJson());
        Assert.Equal("2026-05-01", doc.RootElement.GetProperty("renewsOn").GetString());
    }

    [Fact]
    public async Task Sharpe_unknown_nested_field_is_kept()
    {
        var body = Documented.SharpeBody.Replace("\"elapsed_ms\": 12", "\"elapsed_ms\": 12, \"region\": \"eu\"", StringComparison.Ordinal);
        Assert.NotEqual(Documented.SharpeBody, body);
        var http = Serve(Documented.Get("Sharpe"), CannedResponse.Json(body));
        var response = await new UsageGen.Providers.Sharpe.SharpeClient(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal("eu", response.Meta.AdditionalProperties!["region"].GetString());
    }

    // ---- the same malformed bodies for every provider, through the catalog (no provider-specific code) ----------------

    public static IEnumerable<object[]> EveryProviderMalformed()
    {
        foreach (var p in Documented.Providers)
        {
            yield return new object[] { p.Name, "html", "<html>oops</html>" };
            yield return new object[] { p.Name, "empty", "" };
            yield return new object[] { p.Name, "truncated", p.Body.Substring(0, p.Body.Length / 2) };
            yield return new object[] { p.Name, "array", "[1,2]" };
            yield return new object[] { p.Name, "string", "\"ok\"" };
        }
    }

    [Theory]
    [MemberData(nameof(EveryProviderMalformed))]
    public async Task Every_provider_turns_a_malformed_200_into_a_malformed_response_exception(string name, string kind, string body)
    {
        var documented = Documented.Get(name);
        var http = Serve(documented, CannedResponse.Json(body, 200, documented.Headers));
        var provider = UsageCatalog.Create(name, http, new UsageCredentials("test-key"));

        var ex = await ThrowsExactly<UsageGenMalformedResponseException>(() => provider.GetUsageAsync());
        Assert.Equal(name, ex.Provider);
        Assert.Equal(HttpStatusCode.OK, ex.Status);
        Assert.False(string.IsNullOrEmpty(ex.Message), kind);
    }
}
