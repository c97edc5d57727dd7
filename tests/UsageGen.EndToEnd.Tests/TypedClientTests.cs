using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using UsageGen.Providers.CoinGecko;
using UsageGen.Providers.CoinStats;
using UsageGen.Providers.Sharpe;
using UsageGen.Providers.Shoal;
using UsageGen.Providers.Tavily;
using Xunit;

namespace UsageGen.EndToEnd.Tests;

/// <summary>
/// Each generated client against a real HTTP server serving the documented example: typed values, and what the server
/// saw (path, credentials).
/// </summary>
public sealed class TypedClientTests : ServerTest
{
    private static void AssertPropertyType<TOwner>(string property, Type expected) =>
        Assert.Equal(expected, typeof(TOwner).GetProperty(property)?.PropertyType);

    // ---- CoinGecko -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task CoinGecko_client_reads_the_documented_example_with_typed_values()
    {
        var http = Serve(Documented.Get("CoinGecko"));
        var client = new CoinGeckoClient(http, new UsageCredentials("cg-secret"));

        var response = await client.ApiUsageWithResponseAsync();
        var key = response.Body;

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        AssertPropertyType<UsageGen.Providers.CoinGecko.Key>(nameof(key.MonthlyCallCredit), typeof(decimal?));
        AssertPropertyType<UsageGen.Providers.CoinGecko.Key>(nameof(key.ApiKeyCurrentTotalMonthlyCalls), typeof(long?));
        Assert.Equal("Other", key.Plan);
        Assert.Equal(1000000m, key.MonthlyCallCredit);
        Assert.Equal(1000m, key.RateLimitRequestPerMinute);
        Assert.Equal(104m, key.CurrentTotalMonthlyCalls);
        Assert.Equal(999896m, key.CurrentRemainingMonthlyCalls);
        Assert.Equal(500m, key.ApiKeyRateLimitRequestPerMinute);
        Assert.Equal(500000m, key.ApiKeyMonthlyCallCredit);
        Assert.Equal(8L, key.ApiKeyCurrentTotalMonthlyCalls);
        Assert.Null(key.AdditionalProperties);
    }

    [Fact]
    public async Task CoinGecko_sends_the_key_in_the_header_and_not_in_the_query_by_default()
    {
        var http = Serve(Documented.Get("CoinGecko"));
        await new CoinGeckoClient(http, new UsageCredentials("cg-secret")).ApiUsageAsync();

        var request = OnlyRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/coingecko/key", request.Path);
        Assert.Equal("cg-secret", request.Header("x-cg-pro-api-key"));
        Assert.False(request.Query.ContainsKey("x_cg_pro_api_key"), "key leaked into the query: " + request.QueryString);
        Assert.DoesNotContain("cg-secret", request.QueryString, StringComparison.Ordinal);
        Assert.Null(request.Header("Authorization"));
        Assert.Contains("application/json", request.Header("Accept") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoinGecko_sends_the_key_in_the_query_only_when_asked()
    {
        var http = Serve(Documented.Get("CoinGecko"));
        var key = await new CoinGeckoClient(http, new UsageCredentials("k") { PreferQueryApiKey = true }).ApiUsageAsync();

        var request = OnlyRequest();
        Assert.Equal("/coingecko/key", request.Path);
        Assert.Equal("k", request.Query["x_cg_pro_api_key"]);
        Assert.Null(request.Header("x-cg-pro-api-key"));
        Assert.Equal(1000000m, key.MonthlyCallCredit);
    }

    [Fact]
    public async Task CoinGecko_query_key_is_escaped()
    {
        var http = Serve(Documented.Get("CoinGecko"));
        await new CoinGeckoClient(http, new UsageCredentials("a b&c=d") { PreferQueryApiKey = true }).ApiUsageAsync();

        Assert.Equal("a b&c=d", OnlyRequest().Query["x_cg_pro_api_key"]);
    }

    [Fact]
    public async Task A_client_without_credentials_fails_before_sending_anything()
    {
        var http = Serve(Documented.Get("CoinGecko"));
        var ex = await Assert.ThrowsAsync<UsageGenConfigurationException>(() => new CoinGeckoClient(http).ApiUsageAsync());
        Assert.Contains("x-cg-pro-api-key", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Repeated_calls_follow_a_changed_BaseAddress_and_keep_a_query_key_in_each_request()
    {
        var coinStats = Documented.Get("CoinStats");
        var http = Serve(coinStats);
        Serve("other/", coinStats.Path, new CannedResponse { Body = Documented.CoinStatsBody.Replace("\"PRO\"", "\"FREE\"", StringComparison.Ordinal) });
        var client = new CoinStatsClient(http, new UsageCredentials("cs-secret"));

        Assert.Equal("PRO", (await client.GetCreditUsageAsync()).Subscription);
        Assert.Equal("PRO", (await client.GetCreditUsageAsync()).Subscription);
        client.BaseAddress = new Uri(Server.BaseAddress, "other/");
        Assert.Equal("FREE", (await client.GetCreditUsageAsync()).Subscription);
        Assert.Equal("FREE", (await client.GetCreditUsageAsync()).Subscription);
        client.BaseAddress = null;
        Assert.Equal("PRO", (await client.GetCreditUsageAsync()).Subscription);
        Assert.Equal(3, Server.RequestsTo("/coinstats/v1/usage/credits").Count);
        Assert.Equal(2, Server.RequestsTo("/other/v1/usage/credits").Count);

        var gecko = Serve(Documented.Get("CoinGecko"));
        var geckoClient = new CoinGeckoClient(gecko, new UsageCredentials("cg-secret") { PreferQueryApiKey = true });
        await geckoClient.ApiUsageAsync();
        await geckoClient.ApiUsageAsync();
        var keyed = Server.RequestsTo("/coingecko/key");
        Assert.Equal(2, keyed.Count);
        Assert.All(keyed, r => Assert.Equal("?x_cg_pro_api_key=cg-secret", r.QueryString));
    }

    // ---- CoinStats -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task CoinStats_client_reads_the_documented_example_and_sends_X_API_KEY()
    {
        var http = Serve(Documented.Get("CoinStats"));
        var dto = await new CoinStatsClient(http, new UsageCredentials("cs-secret")).GetCreditUsageAsync();

        AssertPropertyType<CreditUsageResponseDto>(nameof(dto.TotalCredits), typeof(decimal));
        AssertPropertyType<CreditUsageResponseDto>(nameof(dto.Subscription), typeof(string));
        Assert.Equal(100000m, dto.TotalCredits);
        Assert.Equal(45000m, dto.UsedCredits);
        Assert.Equal(55000m, dto.RemainingCredits);
        Assert.Equal("PRO", dto.Subscription);

        var request = OnlyRequest();
        Assert.Equal("/coinstats/v1/usage/credits", request.Path);
        Assert.Equal("cs-secret", request.Header("X-API-KEY"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("", request.QueryString);
    }

    // ---- Tavily ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Tavily_client_reads_the_documented_example_with_typed_values()
    {
        var http = Serve(Documented.Get("Tavily"));
        var body = await new TavilyClient(http, new UsageCredentials("tvly-secret")).GetUsageAsync();

        // Nested inline types are named by the generator; reach them through the properties, not by name.
        var keyType = typeof(GetUsageResult).GetProperty(nameof(GetUsageResult.Key))!.PropertyType;
        Assert.Equal(typeof(long?), keyType.GetProperty("Limit")?.PropertyType);
        var key = body.Key;
        Assert.NotNull(key);
        Assert.Equal(1000L, key.Limit);
        Assert.False(key.LimitIsUnlimited);
        Assert.Equal(150L, key.Usage);
        Assert.Equal(100L, key.SearchUsage);
        Assert.Equal(25L, key.ExtractUsage);
        Assert.Equal(15L, key.CrawlUsage);
        Assert.Equal(7L, key.MapUsage);
        Assert.Equal(3L, key.ResearchUsage);

        var account = body.Account;
        Assert.NotNull(account);
        Assert.Equal("Bootstrap", account.CurrentPlan);
        Assert.Equal(500L, account.PlanUsage);
        Assert.Equal(15000L, account.PlanLimit);
        Assert.Equal(25L, account.PaygoUsage);
        Assert.Equal(100L, account.PaygoLimit);
        Assert.Equal(350L, account.SearchUsage);
        Assert.Equal(75L, account.ExtractUsage);
        Assert.Equal(50L, account.CrawlUsage);
        Assert.Equal(15L, account.MapUsage);
        Assert.Equal(10L, account.ResearchUsage);
    }

    [Fact]
    public async Task Tavily_sends_a_bearer_token_and_no_project_header_unless_given()
    {
        var http = Serve(Documented.Get("Tavily"));
        await new TavilyClient(http, new UsageCredentials("tvly-secret")).GetUsageAsync();

        var request = OnlyRequest();
        Assert.Equal("/tavily/usage", request.Path);
        Assert.Equal("Bearer tvly-secret", request.Header("Authorization"));
        Assert.Null(request.Header("X-Project-ID"));
    }

    [Fact]
    public async Task Tavily_sends_X_Project_ID_when_passed()
    {
        var http = Serve(Documented.Get("Tavily"));
        await new TavilyClient(http, new UsageCredentials("tvly-secret")).GetUsageAsync(projectId: "p1");

        var request = OnlyRequest();
        Assert.Equal("p1", request.Header("X-Project-ID"));
        Assert.Equal("Bearer tvly-secret", request.Header("Authorization"));
    }

    [Fact]
    public async Task Tavily_adapter_passes_X_Project_ID_from_the_credential_parameters()
    {
        var http = Serve(Documented.Get("Tavily"));
        var credentials = new UsageCredentials("tvly-secret") { Parameters = new Dictionary<string, string> { ["X-Project-ID"] = "p2" } };
        await new TavilyUsageAdapter(http, credentials).GetUsageAsync();

        Assert.Equal("p2", OnlyRequest().Header("X-Project-ID"));
    }

    // ---- Sharpe ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Sharpe_client_reads_the_documented_example_with_typed_values()
    {
        var http = Serve(Documented.Get("Sharpe"));
        var body = await new SharpeClient(http, new UsageCredentials("sk_live_secret")).GetUsageAsync();

        AssertPropertyType<Quota>(nameof(Quota.ResetsAt), typeof(DateTimeOffset));
        var resetsAt = body.Data.Quota.ResetsAt;
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), resetsAt);
        Assert.Equal(TimeSpan.Zero, resetsAt.Offset);

        Assert.Equal(12480L, body.Data.Quota.Used);
        Assert.Equal(500000L, body.Data.Quota.Limit);
        Assert.Equal(487520L, body.Data.Quota.Remaining);
        Assert.Equal(500L, body.Data.RateLimit.RequestsPerMinute);
        Assert.Equal(30L, body.Data.Plan.Rpm);
        Assert.Equal(10000L, body.Data.Plan.MonthlyLimit);

        // The tier enum is an open-set struct (its name is the generator's choice: reach it through Plan.Tier).
        var tierType = typeof(UsageGen.Providers.Sharpe.Plan).GetProperty(nameof(UsageGen.Providers.Sharpe.Plan.Tier))!.PropertyType;
        Assert.True(tierType.IsValueType && !tierType.IsEnum && Nullable.GetUnderlyingType(tierType) is null,
            $"Plan.Tier should be a non-nullable struct, is {tierType}");
        var tier = body.Data.Plan.Tier;
        Assert.Equal("free", tier.Value);
        Assert.True(tier.IsKnown);
        Assert.Equal(tierType.GetProperty("Free")!.GetValue(null), tier);
        Assert.NotEqual(tierType.GetProperty("Pro")!.GetValue(null), tier);
        Assert.Equal("free", tier.ToString());

        Assert.Equal(342L, body.Data.Last24h.TotalRequests);
        Assert.Equal(4, body.Data.Last24h.ByEndpoint.Count);
        var news = body.Data.Last24h.ByEndpoint["/api/v1/news/feed"];
        Assert.Equal(2L, news.Errors);
        Assert.Equal(98L, news.Count);
        Assert.Equal(142L, news.AvgResponseMs);
        Assert.Equal(120L, body.Data.Last24h.ByEndpoint["/api/v1/funding/rates"].Count);
        Assert.Equal(67L, body.Data.Last24h.ByEndpoint["/api/v1/price-prediction/data"].AvgResponseMs);
        Assert.Equal(1L, body.Data.Last24h.ByEndpoint["/api/v1/memecoins/data"].Errors);

        Assert.Equal("req_abc123def456ghij", body.Meta.RequestId);
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 12, 0, 5, TimeSpan.Zero), body.Meta.Timestamp);
        Assert.Equal(12L, body.Meta.ElapsedMs);
    }

    [Fact]
    public async Task Sharpe_keeps_an_unknown_tier_as_not_known()
    {
        var http = Serve(Documented.Get("Sharpe"), CannedResponse.Json(Documented.SharpeBody.Replace("\"tier\": \"free\"", "\"tier\": \"platinum\"", StringComparison.Ordinal)));
        var body = await new SharpeClient(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal("platinum", body.Data.Plan.Tier.Value);
        Assert.False(body.Data.Plan.Tier.IsKnown);
    }

    [Fact]
    public async Task Sharpe_sends_a_bearer_token()
    {
        var http = Serve(Documented.Get("Sharpe"));
        await new SharpeClient(http, new UsageCredentials("sk_live_secret")).GetUsageAsync();

        var request = OnlyRequest();
        Assert.Equal("/sharpe/v1/usage", request.Path);
        Assert.Equal("Bearer sk_live_secret", request.Header("Authorization"));
    }

    // ---- Shoal -----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Shoal_client_reads_the_documented_example_and_typed_response_headers()
    {
        var http = Serve(Documented.Get("Shoal"));
        var response = await new ShoalClient(http, new UsageCredentials("shoal-secret")).GetUsageWithResponseAsync();

        Assert.Equal("pro", response.PlanTier);
        Assert.Equal("usage", response.ApiSurface);
        Assert.Equal("evaluation", response.AccessLayer);
        Assert.Equal("metered", response.EndpointPolicy);
        AssertPropertyType<UsageGen.Providers.Shoal.GetUsageResponse>(nameof(response.CreditCost), typeof(long?));
        Assert.Equal(0L, response.CreditCost);

        var data = response.Body.Data;
        Assert.Equal(42L, data.Today);
        Assert.Equal(310L, data.ThisWeek);
        Assert.Equal(1205L, data.ThisMonth);
        Assert.Equal(1000L, data.Budget.Limit);
        Assert.Equal(420L, data.Budget.Used);
        Assert.Equal(580L, data.Budget.Remaining);
    }

    [Fact]
    public async Task Shoal_response_headers_are_null_when_not_sent()
    {
        var http = Serve(Documented.Get("Shoal"), CannedResponse.Json(Documented.ShoalBody));
        var response = await new ShoalClient(http, new UsageCredentials("k")).GetUsageWithResponseAsync();

        Assert.Null(response.PlanTier);
        Assert.Null(response.CreditCost);
    }

    [Fact]
    public async Task Shoal_sends_a_bearer_token()
    {
        var http = Serve(Documented.Get("Shoal"));
        await new ShoalClient(http, new UsageCredentials("shoal-secret")).GetUsageAsync();

        var request = OnlyRequest();
        Assert.Equal("/shoal/v1/usage", request.Path);
        Assert.Equal("Bearer shoal-secret", request.Header("Authorization"));
    }
}
