using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using UsageGen.Providers.CoinGecko;
using UsageGen.Providers.CoinStats;
using UsageGen.Providers.Sharpe;
using UsageGen.Providers.Shoal;
using UsageGen.Providers.Tavily;
using Xunit;

namespace UsageGen.EndToEnd.Tests;

/// <summary>Each generated usage adapter, over HTTP, normalizing the documented example into a <see cref="UsageSnapshot"/>.</summary>
public sealed class AdapterSnapshotTests : ServerTest
{
    private static UsageQuota Quota(UsageSnapshot s, QuotaScope scope) =>
        Assert.Single(s.Quotas, q => q.Scope == scope);

    [Fact]
    public async Task CoinGecko_snapshot()
    {
        var http = Serve(Documented.Get("CoinGecko"));
        var before = DateTimeOffset.UtcNow;
        var s = await new CoinGeckoUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal("CoinGecko", s.Provider);
        Assert.Equal("Other", s.Plan);
        Assert.Equal(1000000m, s.CreditsLimit);
        Assert.Equal(104m, s.CreditsUsed);
        Assert.Equal(999896m, s.CreditsRemaining);
        Assert.Equal(DerivedFigures.None, s.MainQuota!.Derived); // remaining is reported, not computed
        Assert.Equal(1000m, s.RequestsPerMinute);
        Assert.False(s.IsUnlimited);
        Assert.Null(s.ResetsAt);
        Assert.Equal(0.01m, s.PercentUsed);
        Assert.InRange(s.ObservedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal(2, s.Quotas.Count);
        var key = s.Quotas[1];
        Assert.Equal(QuotaScope.ApiKey, key.Scope);
        Assert.Equal(500000m, key.Limit);
        Assert.Equal(8m, key.Used);
        Assert.Equal(500m, key.RequestsPerMinute);
        Assert.Equal(499992m, key.Remaining);
        Assert.Equal(DerivedFigures.Remaining, key.Derived);

        Assert.Equal(1000000m, s.Raw!.MonthlyCallCredit);
        Assert.Same(s.Raw, s.RawResponse);
        Assert.Null(s.RateLimit);
    }

    [Fact]
    public async Task CoinStats_snapshot()
    {
        var http = Serve(Documented.Get("CoinStats"));
        var s = await new CoinStatsUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal("CoinStats", s.Provider);
        Assert.Equal("PRO", s.Plan);
        Assert.Equal(100000m, s.CreditsLimit);
        Assert.Equal(45000m, s.CreditsUsed);
        Assert.Equal(55000m, s.CreditsRemaining);
        Assert.Equal(DerivedFigures.None, s.MainQuota!.Derived);
        Assert.Equal(45m, s.PercentUsed);
        Assert.Single(s.Quotas);
        Assert.Null(s.RequestsPerMinute); // neither the body nor headers say it
        Assert.Null(s.RateLimit);
    }

    [Fact]
    public async Task Tavily_snapshot()
    {
        var http = Serve(Documented.Get("Tavily"));
        var s = await new TavilyUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal("Tavily", s.Provider);
        Assert.Equal("Bootstrap", s.Plan);

        var main = s.MainQuota!;
        Assert.Equal(QuotaScope.Plan, main.Scope);
        Assert.Equal(500m, main.Used);
        Assert.Equal(15000m, main.Limit);
        Assert.Equal(14500m, main.Remaining);
        Assert.Equal(DerivedFigures.Remaining, main.Derived);
        Assert.Equal(500m, s.CreditsUsed);
        Assert.Equal(15000m, s.CreditsLimit);
        Assert.Equal(14500m, s.CreditsRemaining);

        var key = Quota(s, QuotaScope.ApiKey);
        Assert.Equal(150m, key.Used);
        Assert.Equal(1000m, key.Limit);
        Assert.False(key.IsUnlimited);

        var paygo = Quota(s, QuotaScope.PayAsYouGo);
        Assert.Equal(25m, paygo.Used);
        Assert.Equal(100m, paygo.Limit);

        var expected = new Dictionary<(string Scope, string Name), decimal>
        {
            [("key", "search")] = 100, [("key", "extract")] = 25, [("key", "crawl")] = 15, [("key", "map")] = 7, [("key", "research")] = 3,
            [("account", "search")] = 350, [("account", "extract")] = 75, [("account", "crawl")] = 50, [("account", "map")] = 15, [("account", "research")] = 10,
        };
        Assert.Equal(expected.Count, s.Breakdown.Count);
        foreach (var item in s.Breakdown)
        {
            Assert.True(expected.TryGetValue((item.Scope, item.Name), out var used), $"unexpected breakdown {item.Scope}/{item.Name}");
            Assert.Equal(used, item.Used);
        }
        Assert.Equal(expected.Keys.OrderBy(k => k), s.Breakdown.Select(b => (b.Scope, b.Name)).OrderBy(k => k));
    }

    [Fact]
    public async Task Tavily_null_key_limit_means_unlimited_with_no_derived_remaining()
    {
        var body = """
            {"key":{"usage":150,"limit":null,"search_usage":100},
             "account":{"current_plan":"Bootstrap","plan_usage":500,"plan_limit":15000,"paygo_usage":25,"paygo_limit":100}}
            """;
        var http = Serve(Documented.Get("Tavily"), CannedResponse.Json(body));
        var s = await new TavilyUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.True(s.Raw!.Key!.LimitIsUnlimited);
        var key = Quota(s, QuotaScope.ApiKey);
        Assert.True(key.IsUnlimited);
        Assert.Null(key.Limit);
        Assert.Null(key.Remaining);
        Assert.Equal(DerivedFigures.None, key.Derived);
        Assert.Equal(150m, key.Used);
        // The main (plan) quota is unaffected.
        Assert.False(s.IsUnlimited);
        Assert.Equal(15000m, s.CreditsLimit);
    }

    [Fact]
    public async Task Tavily_missing_key_limit_is_unknown_not_unlimited()
    {
        var body = """
            {"key":{"usage":150,"search_usage":100},
             "account":{"current_plan":"Bootstrap","plan_usage":500,"plan_limit":15000}}
            """;
        var http = Serve(Documented.Get("Tavily"), CannedResponse.Json(body));
        var s = await new TavilyUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.False(s.Raw!.Key!.LimitIsUnlimited);
        var key = Quota(s, QuotaScope.ApiKey);
        Assert.False(key.IsUnlimited);
        Assert.Null(key.Limit);
        Assert.Null(key.Remaining);
        Assert.Equal(DerivedFigures.None, key.Derived);
        Assert.Equal(150m, key.Used);
        // No paygo figures at all: no paygo quota.
        Assert.DoesNotContain(s.Quotas, q => q.Scope == QuotaScope.PayAsYouGo);
    }

    [Fact]
    public async Task Sharpe_snapshot()
    {
        var http = Serve(Documented.Get("Sharpe"));
        var s = await new SharpeUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal("Sharpe", s.Provider);
        Assert.Equal("free", s.Plan);
        Assert.Equal(12480m, s.CreditsUsed);
        Assert.Equal(500000m, s.CreditsLimit);
        Assert.Equal(487520m, s.CreditsRemaining);
        Assert.Equal(DerivedFigures.None, s.MainQuota!.Derived);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), s.ResetsAt);
        Assert.Equal(TimeSpan.Zero, s.ResetsAt!.Value.Offset);
        Assert.Equal(s.ResetsAt, s.MainQuota.ResetsAt);
        Assert.Equal(500m, s.RequestsPerMinute);

        var expected = new Dictionary<string, (decimal Count, decimal Errors, decimal AvgMs)>
        {
            ["/api/v1/funding/rates"] = (120, 0, 85),
            ["/api/v1/news/feed"] = (98, 2, 142),
            ["/api/v1/price-prediction/data"] = (64, 0, 67),
            ["/api/v1/memecoins/data"] = (60, 1, 110),
        };
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), s.Breakdown.Select(b => b.Name).OrderBy(k => k, StringComparer.Ordinal));
        foreach (var item in s.Breakdown)
        {
            var (count, errors, avg) = expected[item.Name];
            Assert.Equal(count, item.Used);
            Assert.Equal(errors, item.Errors);
            Assert.Equal(avg, item.AverageResponseMilliseconds);
            Assert.Equal("last_24h", item.Window);
        }

        var counter = Assert.Single(s.RequestCounters);
        Assert.Equal("last_24h", counter.Window);
        Assert.Equal(342m, counter.Count);
    }

    [Fact]
    public async Task Shoal_snapshot()
    {
        var http = Serve(Documented.Get("Shoal"));
        var s = await new ShoalUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal("Shoal", s.Provider);
        Assert.Equal("pro", s.Plan); // from the X-Plan-Tier header
        Assert.Equal(420m, s.CreditsUsed);
        Assert.Equal(1000m, s.CreditsLimit);
        Assert.Equal(580m, s.CreditsRemaining);
        Assert.Equal(DerivedFigures.None, s.MainQuota!.Derived);
        Assert.Equal(42m, s.PercentUsed);

        var counters = s.RequestCounters.ToDictionary(c => c.Window, c => c.Count);
        Assert.Equal(3, counters.Count);
        Assert.Equal(42m, counters["today"]);
        Assert.Equal(310m, counters["thisWeek"]);
        Assert.Equal(1205m, counters["thisMonth"]);

        var attributes = JsonAssert.ToDictionary(s.Attributes);
        Assert.Equal("usage", attributes["X-Api-Surface"]);
        Assert.Equal("evaluation", attributes["X-Access-Layer"]);
        Assert.Equal("metered", attributes["X-Endpoint-Policy"]);
        Assert.Equal("0", attributes["X-Credit-Cost"]);
    }

    [Fact]
    public async Task Shoal_plan_is_null_without_the_header()
    {
        var http = Serve(Documented.Get("Shoal"), CannedResponse.Json(Documented.ShoalBody));
        var s = await new ShoalUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Null(s.Plan);
        Assert.Empty(s.Attributes);
        Assert.Equal(420m, s.CreditsUsed);
    }
}
