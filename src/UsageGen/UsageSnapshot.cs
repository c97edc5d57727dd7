using System;
using System.Collections.Generic;
using System.Linq;

namespace UsageGen;

/// <summary>
/// One provider's API usage at one instant, normalized. Null always means "the provider did not report it";
/// an unlimited quota is <see cref="IsUnlimited"/>, and a figure computed rather than reported is listed in
/// <see cref="UsageQuota.Derived"/>. <c>JsonSerializer</c> writes and reads it in <see cref="UsageSnapshotJson"/>'s shape.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(UsageSnapshotJsonConverter))]
public class UsageSnapshot
{
    /// <summary>The provider's name as compiled in (for example <c>CoinGecko</c>).</summary>
    public string Provider { get; init; } = "";

    /// <summary>The plan, tier or subscription name, as the provider reports it.</summary>
    public string? Plan { get; init; }

    /// <summary>The main quota: the first of <see cref="Quotas"/>, or null when none was reported.</summary>
    public UsageQuota? MainQuota => Quotas.Count > 0 ? Quotas[0] : null;

    /// <summary>Credits (or requests, see <see cref="Unit"/>) used in the main quota's window.</summary>
    public decimal? CreditsUsed => MainQuota?.Used;

    /// <summary>The main quota's ceiling; null when not reported or unlimited (see <see cref="IsUnlimited"/>).</summary>
    public decimal? CreditsLimit => MainQuota?.Limit;

    /// <summary>What is left of the main quota; see <see cref="UsageQuota.Derived"/> for whether it was computed.</summary>
    public decimal? CreditsRemaining => MainQuota?.Remaining;

    /// <summary>True when the provider reports the main quota as unlimited.</summary>
    public bool IsUnlimited => MainQuota?.IsUnlimited ?? false;

    /// <summary>When the main quota resets, as a UTC instant.</summary>
    public DateTimeOffset? ResetsAt { get; init; }

    /// <summary>Requests per minute allowed: from the body when reported, else from rate-limit headers.</summary>
    public decimal? RequestsPerMinute { get; init; }

    /// <summary>What the quota counts: <c>credits</c>, <c>requests</c>, <c>calls</c>...</summary>
    public string? Unit => MainQuota?.Unit;

    /// <summary>The main quota's window: <c>month</c>, <c>billing-cycle</c>, <c>day</c>...</summary>
    public string? Window => MainQuota?.Window;

    /// <summary>Every quota reported, main first: account, API key, plan, pay-as-you-go...</summary>
    public IReadOnlyList<UsageQuota> Quotas { get; init; } = Array.Empty<UsageQuota>();

    /// <summary>Usage per category or endpoint.</summary>
    public IReadOnlyList<UsageBreakdownItem> Breakdown { get; init; } = Array.Empty<UsageBreakdownItem>();

    /// <summary>Request counters per window (today, this week, last 24 hours...).</summary>
    public IReadOnlyList<RequestCounter> RequestCounters { get; init; } = Array.Empty<RequestCounter>();

    /// <summary>The rate-limit state read from the response headers, when sent.</summary>
    public RateLimitStatus? RateLimit { get; init; }

    /// <summary>Further facts the provider reported that have no normalized slot (response headers, metadata).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Attributes { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>When the response was received.</summary>
    public DateTimeOffset ObservedAt { get; init; }

    /// <summary>The typed response body the snapshot was built from.</summary>
    public object? RawResponse => GetRawResponse();

    /// <summary>Overridden by <see cref="UsageSnapshot{TRaw}"/>.</summary>
    protected virtual object? GetRawResponse() => null;

    /// <summary>The share of the main quota used, 0..100+, or null when it cannot be told.</summary>
    public decimal? PercentUsed
    {
        get
        {
            var q = MainQuota;
            if (q is null || q.IsUnlimited || q.Limit is not { } limit || limit <= 0) return null;
            try
            {
                var used = q.Used ?? (q.Remaining is { } r ? limit - r : (decimal?)null);
                return used is { } u ? Math.Round(u / limit * 100m, 2) : null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var limit = IsUnlimited ? "unlimited" : CreditsLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        var used = CreditsUsed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        return $"{Provider} [{Plan ?? "?"}] {used}/{limit} {Unit}";
    }
}

/// <summary>A snapshot that keeps the typed response it came from.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(UsageSnapshotJsonConverter))]
public sealed class UsageSnapshot<TRaw> : UsageSnapshot
{
    /// <summary>The typed response body.</summary>
    public TRaw? Raw { get; init; }

    /// <inheritdoc />
    protected override object? GetRawResponse() => Raw;
}

/// <summary>Whose quota a figure belongs to.</summary>
public enum QuotaScope
{
    /// <summary>The account or organisation as a whole.</summary>
    Account,
    /// <summary>The API key used for the request.</summary>
    ApiKey,
    /// <summary>The subscription plan's included allowance.</summary>
    Plan,
    /// <summary>Pay-as-you-go or overage allowance.</summary>
    PayAsYouGo,
    /// <summary>A project inside the account.</summary>
    Project,
    /// <summary>Anything else; see <see cref="UsageQuota.Name"/>.</summary>
    Other,
}

/// <summary>Figures that were computed rather than reported.</summary>
[Flags]
public enum DerivedFigures
{
    /// <summary>Every figure was reported by the provider.</summary>
    None = 0,
    /// <summary>Used = limit - remaining.</summary>
    Used = 1,
    /// <summary>Limit = used + remaining.</summary>
    Limit = 2,
    /// <summary>Remaining = limit - used.</summary>
    Remaining = 4,
}

/// <summary>One quota: used / limit / remaining within a scope and window.</summary>
public sealed class UsageQuota
{
    /// <summary>A short name for the scope, such as <c>account</c>, <c>key</c>, <c>paygo</c>.</summary>
    public string Name { get; init; } = "";
    public QuotaScope Scope { get; init; }
    public decimal? Used { get; init; }
    /// <summary>Null when not reported or when <see cref="IsUnlimited"/>.</summary>
    public decimal? Limit { get; init; }
    public decimal? Remaining { get; init; }
    /// <summary>The provider reports no ceiling for this quota.</summary>
    public bool IsUnlimited { get; init; }
    public DerivedFigures Derived { get; init; }
    public string? Unit { get; init; }
    public string? Window { get; init; }
    public DateTimeOffset? ResetsAt { get; init; }
    public decimal? RequestsPerMinute { get; init; }
    /// <summary>Where each figure came from, for example <c>used=quota.used</c>.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// Builds a quota and fills one missing figure from the other two, marking it derived. An unlimited quota gets
    /// no derived figures.
    /// </summary>
    public static UsageQuota Create(string name, QuotaScope scope, decimal? used, decimal? limit, decimal? remaining,
        bool isUnlimited = false, string? unit = null, string? window = null, DateTimeOffset? resetsAt = null,
        decimal? requestsPerMinute = null, string? source = null)
    {
        var derived = DerivedFigures.None;
        try
        {
            Derive(ref used, ref limit, ref remaining, ref derived, ref isUnlimited);
        }
        catch (OverflowException)
        {
            // Figures near decimal's range: keep what was reported, derive nothing.
            derived = DerivedFigures.None;
        }

        return new UsageQuota
        {
            Name = name, Scope = scope, Used = used, Limit = isUnlimited ? null : limit, Remaining = remaining, IsUnlimited = isUnlimited,
            Derived = derived, Unit = unit, Window = window, ResetsAt = resetsAt?.ToUniversalTime(),
            RequestsPerMinute = requestsPerMinute, Source = source,
        };
    }

    private static void Derive(ref decimal? used, ref decimal? limit, ref decimal? remaining, ref DerivedFigures derived, ref bool isUnlimited)
    {
        if (isUnlimited)
        {
            limit = null;
        }
        else if (remaining is null && used is { } u1 && limit is { } l1)
        {
            remaining = l1 - u1;
            derived |= DerivedFigures.Remaining;
        }
        else if (used is null && remaining is { } r2 && limit is { } l2)
        {
            used = l2 - r2;
            derived |= DerivedFigures.Used;
        }
        else if (limit is null && used is { } u3 && remaining is { } r3)
        {
            limit = u3 + r3;
            derived |= DerivedFigures.Limit;
        }
    }

    /// <summary>True when no figure at all was reported.</summary>
    public bool IsEmpty => Used is null && Limit is null && Remaining is null && !IsUnlimited && RequestsPerMinute is null;

    public override string ToString() =>
        $"{Name}: {Used?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}/{(IsUnlimited ? "unlimited" : Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")}";
}

/// <summary>Usage of one category or endpoint.</summary>
public sealed class UsageBreakdownItem
{
    /// <summary>The category (<c>search</c>) or endpoint (<c>/api/v1/news/feed</c>).</summary>
    public string Name { get; init; } = "";
    /// <summary>The quota scope it belongs to (<c>key</c>, <c>account</c>), or the source object's name.</summary>
    public string Scope { get; init; } = "";
    public string? Window { get; init; }
    /// <summary>Credits or requests used by this category.</summary>
    public decimal? Used { get; init; }
    /// <summary>Failed requests, when reported.</summary>
    public decimal? Errors { get; init; }
    /// <summary>Average response time in milliseconds, when reported.</summary>
    public decimal? AverageResponseMilliseconds { get; init; }
    /// <summary>Every numeric figure of the entry by its wire name.</summary>
    public IReadOnlyList<KeyValuePair<string, decimal>> Metrics { get; init; } = Array.Empty<KeyValuePair<string, decimal>>();

    public override string ToString() => $"{Scope}/{Name}: {Used?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
}

/// <summary>Requests counted over a window such as today, this week or the last 24 hours.</summary>
public sealed class RequestCounter
{
    /// <summary>The window as the provider names it (<c>today</c>, <c>thisWeek</c>, <c>last_24h</c>).</summary>
    public string Window { get; init; } = "";
    public decimal? Count { get; init; }
    public override string ToString() => $"{Window}: {Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
}

/// <summary>Rate-limit state from the response's <c>RateLimit</c>/<c>X-RateLimit-*</c> headers.</summary>
public sealed class RateLimitStatus
{
    /// <summary>Requests allowed in the window.</summary>
    public long? Limit { get; init; }
    /// <summary>Requests left in the window.</summary>
    public long? Remaining { get; init; }
    /// <summary>Seconds until the window resets, as sent.</summary>
    public TimeSpan? ResetAfter { get; init; }
    /// <summary>The window's length, when a policy says it.</summary>
    public TimeSpan? Window { get; init; }
    /// <summary>The policy name (IETF structured fields), when sent.</summary>
    public string? Policy { get; init; }
    /// <summary>Which header family it came from: <c>RateLimit</c>, <c>RateLimit-*</c> or <c>X-RateLimit-*</c>.</summary>
    public string Source { get; init; } = "";

    /// <summary>The limit per minute, when the window is known.</summary>
    public decimal? RequestsPerMinute =>
        Limit is { } l && Window is { TotalSeconds: > 0 } w ? Math.Round(l * 60m / (decimal)w.TotalSeconds, 4) : null;

    public override string ToString() => $"{Source}: {Remaining?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}/{Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
}
