using System;
using System.Threading.Tasks;
using UsageGen.Providers.CoinGecko;
using UsageGen.Providers.CoinStats;
using Xunit;

namespace UsageGen.EndToEnd.Tests;

/// <summary>Rate-limit response headers fill the snapshot when the body does not report a rate.</summary>
public sealed class RateLimitHeaderTests : ServerTest
{
    private async Task<UsageSnapshot<CreditUsageResponseDto>> CoinStatsWith(params (string Name, string Value)[] headers)
    {
        var http = Serve(Documented.Get("CoinStats"), CannedResponse.Json(Documented.CoinStatsBody, 200, headers));
        return await new CoinStatsUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();
    }

    [Fact]
    public async Task IETF_dictionary_RateLimit_with_policy()
    {
        var s = await CoinStatsWith(("RateLimit-Policy", "100;w=60"), ("RateLimit", "limit=100, remaining=42, reset=30"));

        var rl = Assert.IsType<RateLimitStatus>(s.RateLimit);
        Assert.Equal(42L, rl.Remaining);
        Assert.Equal(100L, rl.Limit);
        Assert.Equal(TimeSpan.FromSeconds(30), rl.ResetAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), rl.Window);
        Assert.Equal(100m, s.RequestsPerMinute);
        // The body's credit figures are untouched.
        Assert.Equal(100000m, s.CreditsLimit);
    }

    [Fact]
    public async Task IETF_structured_fields_RateLimit_with_policy()
    {
        var s = await CoinStatsWith(("RateLimit-Policy", "\"default\";q=100;w=60"), ("RateLimit", "\"default\";r=42;t=30"));

        Assert.Equal(42L, s.RateLimit!.Remaining);
        Assert.Equal(100L, s.RateLimit.Limit);
        Assert.Equal(100m, s.RequestsPerMinute);
    }

    [Fact]
    public async Task X_RateLimit_family_with_window()
    {
        var s = await CoinStatsWith(("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "42"), ("X-RateLimit-Reset", "30"), ("X-RateLimit-Window", "1m"));

        Assert.Equal(42L, s.RateLimit!.Remaining);
        Assert.Equal(100L, s.RateLimit.Limit);
        Assert.Equal("X-RateLimit-*", s.RateLimit.Source);
        Assert.Equal(100m, s.RequestsPerMinute);
    }

    [Fact]
    public async Task Kong_per_minute_headers()
    {
        var s = await CoinStatsWith(("X-RateLimit-Limit-Minute", "100"), ("X-RateLimit-Remaining-Minute", "42"));

        Assert.Equal(42L, s.RateLimit!.Remaining);
        Assert.Equal(100m, s.RequestsPerMinute);
    }

    [Fact]
    public async Task A_limit_without_a_window_gives_no_rate()
    {
        var s = await CoinStatsWith(("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "42"));

        Assert.Equal(42L, s.RateLimit!.Remaining);
        Assert.Null(s.RequestsPerMinute);
    }

    [Fact]
    public async Task Garbage_headers_are_ignored()
    {
        var s = await CoinStatsWith(("X-RateLimit-Limit", "lots"), ("X-RateLimit-Remaining", "-3"), ("RateLimit", "\"unterminated"));

        Assert.Null(s.RateLimit);
        Assert.Null(s.RequestsPerMinute);
        Assert.Equal("PRO", s.Plan);
    }

    [Fact]
    public async Task A_rate_reported_in_the_body_wins_over_headers()
    {
        var http = Serve(Documented.Get("CoinGecko"), CannedResponse.Json(Documented.CoinGeckoBody, 200,
            ("RateLimit-Policy", "100;w=60"), ("RateLimit", "limit=100, remaining=42, reset=30")));
        var s = await new CoinGeckoUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal(1000m, s.RequestsPerMinute);
        Assert.Equal(42L, s.RateLimit!.Remaining);
        Assert.Equal(100m, s.RateLimit.RequestsPerMinute);
    }

    [Fact]
    public async Task The_typed_response_exposes_the_rate_limit_too()
    {
        var http = Serve(Documented.Get("CoinStats"), CannedResponse.Json(Documented.CoinStatsBody, 200,
            ("RateLimit-Policy", "100;w=60"), ("RateLimit", "limit=100, remaining=42, reset=30")));
        var response = await new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageWithResponseAsync();

        Assert.Equal(42L, response.RateLimit!.Remaining);
        Assert.Equal("limit=100, remaining=42, reset=30", response.GetHeader("RateLimit"));
    }
}
