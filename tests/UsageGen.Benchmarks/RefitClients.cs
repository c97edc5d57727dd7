using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Refit;

// Refit interfaces and DTOs for the five usage endpoints, written by hand from the providers' documentation (as a
// developer without a generator would), deserialized by Refit's default System.Text.Json content serializer.
// Integers are long, JSON numbers double (what a hand-written DTO usually takes), date-times DateTimeOffset.
namespace UsageGen.Benchmarks.RefitClients;

public interface ICoinGeckoApi
{
    [Get("/key")]
    Task<CoinGeckoKey> GetKeyAsync([Header("x-cg-pro-api-key")] string apiKey, CancellationToken cancellationToken = default);
}

public sealed class CoinGeckoKey
{
    [JsonPropertyName("plan")] public string? Plan { get; set; }
    [JsonPropertyName("rate_limit_request_per_minute")] public double? RateLimitRequestPerMinute { get; set; }
    [JsonPropertyName("monthly_call_credit")] public double? MonthlyCallCredit { get; set; }
    [JsonPropertyName("current_total_monthly_calls")] public double? CurrentTotalMonthlyCalls { get; set; }
    [JsonPropertyName("current_remaining_monthly_calls")] public double? CurrentRemainingMonthlyCalls { get; set; }
    [JsonPropertyName("api_key_rate_limit_request_per_minute")] public double? ApiKeyRateLimitRequestPerMinute { get; set; }
    [JsonPropertyName("api_key_monthly_call_credit")] public double? ApiKeyMonthlyCallCredit { get; set; }
    [JsonPropertyName("api_key_current_total_monthly_calls")] public long? ApiKeyCurrentTotalMonthlyCalls { get; set; }
}

public interface ICoinStatsApi
{
    [Get("/v1/usage/credits")]
    Task<CoinStatsCredits> GetCreditsAsync([Header("X-API-KEY")] string apiKey, CancellationToken cancellationToken = default);
}

public sealed class CoinStatsCredits
{
    [JsonPropertyName("totalCredits")] public double TotalCredits { get; set; }
    [JsonPropertyName("usedCredits")] public double UsedCredits { get; set; }
    [JsonPropertyName("remainingCredits")] public double RemainingCredits { get; set; }
    [JsonPropertyName("subscription")] public string Subscription { get; set; } = "";
}

public interface ISharpeApi
{
    [Get("/v1/usage")]
    Task<SharpeUsageResponse> GetUsageAsync([Authorize("Bearer")] string token, CancellationToken cancellationToken = default);
}

public sealed class SharpeUsageResponse
{
    [JsonPropertyName("data")] public SharpeUsageData Data { get; set; } = null!;
    [JsonPropertyName("meta")] public SharpeMeta Meta { get; set; } = null!;
}

public sealed class SharpeUsageData
{
    [JsonPropertyName("plan")] public SharpePlan Plan { get; set; } = null!;
    [JsonPropertyName("rate_limit")] public SharpeRateLimit RateLimit { get; set; } = null!;
    [JsonPropertyName("quota")] public SharpeQuota Quota { get; set; } = null!;
    [JsonPropertyName("last_24h")] public SharpeLast24h Last24h { get; set; } = null!;
}

public sealed class SharpePlan
{
    [JsonPropertyName("tier")] public string Tier { get; set; } = "";
    [JsonPropertyName("rpm")] public long Rpm { get; set; }
    [JsonPropertyName("monthly_limit")] public long MonthlyLimit { get; set; }
}

public sealed class SharpeRateLimit
{
    [JsonPropertyName("requests_per_minute")] public long RequestsPerMinute { get; set; }
}

public sealed class SharpeQuota
{
    [JsonPropertyName("used")] public long Used { get; set; }
    [JsonPropertyName("limit")] public long Limit { get; set; }
    [JsonPropertyName("remaining")] public long Remaining { get; set; }
    [JsonPropertyName("resets_at")] public DateTimeOffset ResetsAt { get; set; }
}

public sealed class SharpeLast24h
{
    [JsonPropertyName("total_requests")] public long TotalRequests { get; set; }
    [JsonPropertyName("by_endpoint")] public Dictionary<string, SharpeEndpointStats> ByEndpoint { get; set; } = null!;
}

public sealed class SharpeEndpointStats
{
    [JsonPropertyName("count")] public long Count { get; set; }
    [JsonPropertyName("avg_response_ms")] public long AvgResponseMs { get; set; }
    [JsonPropertyName("errors")] public long Errors { get; set; }
}

public sealed class SharpeMeta
{
    [JsonPropertyName("request_id")] public string RequestId { get; set; } = "";
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; set; }
    [JsonPropertyName("elapsed_ms")] public long ElapsedMs { get; set; }
}

public interface IShoalApi
{
    [Get("/v1/usage")]
    Task<ShoalUsageResponse> GetUsageAsync([Authorize("Bearer")] string token, CancellationToken cancellationToken = default);
}

public sealed class ShoalUsageResponse
{
    [JsonPropertyName("data")] public ShoalUsageData Data { get; set; } = null!;
}

public sealed class ShoalUsageData
{
    [JsonPropertyName("today")] public long Today { get; set; }
    [JsonPropertyName("thisWeek")] public long ThisWeek { get; set; }
    [JsonPropertyName("thisMonth")] public long ThisMonth { get; set; }
    [JsonPropertyName("budget")] public ShoalBudget Budget { get; set; } = null!;
}

public sealed class ShoalBudget
{
    [JsonPropertyName("limit")] public long Limit { get; set; }
    [JsonPropertyName("used")] public long Used { get; set; }
    [JsonPropertyName("remaining")] public long Remaining { get; set; }
}

public interface ITavilyApi
{
    [Get("/usage")]
    Task<TavilyUsage> GetUsageAsync([Authorize("Bearer")] string token, [Header("X-Project-ID")] string? projectId = null, CancellationToken cancellationToken = default);
}

public sealed class TavilyUsage
{
    [JsonPropertyName("key")] public TavilyKeyUsage? Key { get; set; }
    [JsonPropertyName("account")] public TavilyAccountUsage? Account { get; set; }
}

public sealed class TavilyKeyUsage
{
    [JsonPropertyName("usage")] public long? Usage { get; set; }
    /// <summary>Null when unlimited.</summary>
    [JsonPropertyName("limit")] public long? Limit { get; set; }
    [JsonPropertyName("search_usage")] public long? SearchUsage { get; set; }
    [JsonPropertyName("extract_usage")] public long? ExtractUsage { get; set; }
    [JsonPropertyName("crawl_usage")] public long? CrawlUsage { get; set; }
    [JsonPropertyName("map_usage")] public long? MapUsage { get; set; }
    [JsonPropertyName("research_usage")] public long? ResearchUsage { get; set; }
}

public sealed class TavilyAccountUsage
{
    [JsonPropertyName("current_plan")] public string? CurrentPlan { get; set; }
    [JsonPropertyName("plan_usage")] public long? PlanUsage { get; set; }
    [JsonPropertyName("plan_limit")] public long? PlanLimit { get; set; }
    [JsonPropertyName("paygo_usage")] public long? PaygoUsage { get; set; }
    [JsonPropertyName("paygo_limit")] public long? PaygoLimit { get; set; }
    [JsonPropertyName("search_usage")] public long? SearchUsage { get; set; }
    [JsonPropertyName("extract_usage")] public long? ExtractUsage { get; set; }
    [JsonPropertyName("crawl_usage")] public long? CrawlUsage { get; set; }
    [JsonPropertyName("map_usage")] public long? MapUsage { get; set; }
    [JsonPropertyName("research_usage")] public long? ResearchUsage { get; set; }
}
