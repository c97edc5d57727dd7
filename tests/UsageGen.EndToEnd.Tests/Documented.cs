using System;
using System.Collections.Generic;
using System.Linq;

namespace UsageGen.EndToEnd.Tests;

/// <summary>
/// The documented responses, typed here from /work/shared/provider-docs (never read from specs/), so the tests check
/// the specs and the generator against the providers' own pages.
/// </summary>
public static class Documented
{
    // coingecko-key.md: components.schemas.Key.example.
    public const string CoinGeckoBody = """
        {
          "plan": "Other",
          "rate_limit_request_per_minute": 1000,
          "monthly_call_credit": 1000000,
          "current_total_monthly_calls": 104,
          "current_remaining_monthly_calls": 999896,
          "api_key_rate_limit_request_per_minute": 500,
          "api_key_monthly_call_credit": 500000,
          "api_key_current_total_monthly_calls": 8
        }
        """;

    // coinstats-usage-credits.md: the per-property examples of CreditUsageResponseDto.
    public const string CoinStatsBody = """
        {
          "totalCredits": 100000,
          "usedCredits": 45000,
          "remainingCredits": 55000,
          "subscription": "PRO"
        }
        """;

    // coinstats-usage-credits.md: the 401 and 429 examples.
    public const string CoinStatsUnauthorizedBody = """
        {
          "statusCode": 401,
          "message": "Unauthorized",
          "requestId": "11111111-2222-3333-4444-555555555555",
          "path": "/usage/credits"
        }
        """;

    public const string CoinStatsRateLimitedBody = """
        {
          "statusCode": 429,
          "message": "Rate limit exceeded",
          "requestId": "11111111-2222-3333-4444-555555555555",
          "path": "/usage/credits"
        }
        """;

    // tavily-usage.md: the per-property examples of the 200 schema.
    public const string TavilyBody = """
        {
          "key": {
            "usage": 150,
            "limit": 1000,
            "search_usage": 100,
            "extract_usage": 25,
            "crawl_usage": 15,
            "map_usage": 7,
            "research_usage": 3
          },
          "account": {
            "current_plan": "Bootstrap",
            "plan_usage": 500,
            "plan_limit": 15000,
            "paygo_usage": 25,
            "paygo_limit": 100,
            "search_usage": 350,
            "extract_usage": 75,
            "crawl_usage": 50,
            "map_usage": 15,
            "research_usage": 10
          }
        }
        """;

    // tavily-usage.md: the 401 example.
    public const string TavilyUnauthorizedBody = """{"detail":{"error":"Unauthorized: missing or invalid API key."}}""";

    public const string TavilyUnauthorizedText = "Unauthorized: missing or invalid API key.";

    // sharpe-usage.md: the example response.
    public const string SharpeBody = """
        {
          "data": {
            "plan": {
              "tier": "free",
              "rpm": 30,
              "monthly_limit": 10000
            },
            "rate_limit": {
              "requests_per_minute": 500
            },
            "quota": {
              "used": 12480,
              "limit": 500000,
              "remaining": 487520,
              "resets_at": "2026-04-01T00:00:00Z"
            },
            "last_24h": {
              "total_requests": 342,
              "by_endpoint": {
                "/api/v1/funding/rates": {
                  "count": 120,
                  "avg_response_ms": 85,
                  "errors": 0
                },
                "/api/v1/news/feed": {
                  "count": 98,
                  "avg_response_ms": 142,
                  "errors": 2
                },
                "/api/v1/price-prediction/data": {
                  "count": 64,
                  "avg_response_ms": 67,
                  "errors": 0
                },
                "/api/v1/memecoins/data": {
                  "count": 60,
                  "avg_response_ms": 110,
                  "errors": 1
                }
              }
            }
          },
          "meta": {
            "request_id": "req_abc123def456ghij",
            "timestamp": "2026-03-28T12:00:05Z",
            "elapsed_ms": 12
          }
        }
        """;

    // shoal-usage.md: the 200 example.
    public const string ShoalBody = """
        {
          "data": {
            "today": 42,
            "thisWeek": 310,
            "thisMonth": 1205,
            "budget": {
              "limit": 1000,
              "used": 420,
              "remaining": 580
            }
          }
        }
        """;

    // shoal-usage.md: the response headers listed on the page, with the values for /v1/usage (a pro key).
    public static readonly (string Name, string Value)[] ShoalHeaders =
    {
        ("X-Plan-Tier", "pro"),
        ("X-Api-Surface", "usage"),
        ("X-Access-Layer", "evaluation"),
        ("X-Endpoint-Policy", "metered"),
        ("X-Credit-Cost", "0"),
    };

    /// <summary>
    /// One provider's documented usage call, as data (no code per provider), with the figures its page states:
    /// what a reader of the docs expects to see as used / limit / remaining, reset and rate limit.
    /// </summary>
    public sealed record Provider(string Name, string Method, string Path, string Body, (string Name, string Value)[] Headers, string Plan,
        decimal Used, decimal Limit, decimal Remaining, string? ResetsAt, decimal? RequestsPerMinute)
    {
        /// <summary>The path prefix the provider is served under in shared-server tests: <c>coingecko/</c>.</summary>
        public string Prefix => Name.ToLowerInvariant() + "/";

        /// <summary>Where a shared server answers its usage call: <c>/coingecko/key</c>.</summary>
        public string ServedPath => "/" + Prefix + Path.TrimStart('/');

        /// <summary>The conventional key variable: <c>COINGECKO_API_KEY</c>.</summary>
        public string EnvironmentVariable => Name.ToUpperInvariant() + "_API_KEY";

        public CannedResponse Response => CannedResponse.Json(Body, 200, Headers);

        public override string ToString() => Name;
    }

    /// <summary>The five documented providers: the path relative to the documented server, the body, the headers, the figures.</summary>
    public static readonly IReadOnlyList<Provider> Providers = new[]
    {
        // coingecko-key.md: 104 of 1,000,000 monthly credits, 999,896 left, 1,000 requests per minute.
        new Provider("CoinGecko", "GET", "/key", CoinGeckoBody, Array.Empty<(string, string)>(), "Other", 104, 1_000_000, 999_896, null, 1000),
        // coinstats-usage-credits.md: 45,000 of 100,000 credits used.
        new Provider("CoinStats", "GET", "/v1/usage/credits", CoinStatsBody, Array.Empty<(string, string)>(), "PRO", 45_000, 100_000, 55_000, null, null),
        // sharpe-usage.md: quota 12,480 of 500,000, resets 2026-04-01, 500 requests per minute.
        new Provider("Sharpe", "GET", "/v1/usage", SharpeBody, Array.Empty<(string, string)>(), "free", 12_480, 500_000, 487_520, "2026-04-01T00:00:00Z", 500),
        // shoal-usage.md: budget 420 of 1,000; plan tier from X-Plan-Tier.
        new Provider("Shoal", "GET", "/v1/usage", ShoalBody, ShoalHeaders, "pro", 420, 1000, 580, null, null),
        // tavily-usage.md: plan 500 of 15,000 (remaining derived: 14,500).
        new Provider("Tavily", "GET", "/usage", TavilyBody, Array.Empty<(string, string)>(), "Bootstrap", 500, 15_000, 14_500, null, null),
    };

    public static Provider Get(string name) =>
        Providers.SingleOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException("no documented provider " + name, nameof(name));

    public static IEnumerable<object[]> Names => Providers.Select(p => new object[] { p.Name });
}
