using System;

namespace UsageGen.Forecasting;

/// <summary>One quota's figures at one instant: what <see cref="UsageForecaster"/> keeps.</summary>
public readonly struct QuotaObservation
{
    public QuotaObservation(DateTimeOffset time, decimal? used, decimal? limit, decimal? remaining,
        DateTimeOffset? resetsAt = null, bool isUnlimited = false)
    {
        Time = time;
        Used = used;
        Limit = isUnlimited ? null : limit;
        Remaining = remaining;
        ResetsAt = resetsAt;
        IsUnlimited = isUnlimited;
    }

    /// <summary>When the figures were observed.</summary>
    public DateTimeOffset Time { get; }
    public decimal? Used { get; }
    /// <summary>Null when not reported or unlimited.</summary>
    public decimal? Limit { get; }
    public decimal? Remaining { get; }
    /// <summary>When the quota resets, when reported.</summary>
    public DateTimeOffset? ResetsAt { get; }
    /// <summary>The provider reports no ceiling: such a quota never runs out.</summary>
    public bool IsUnlimited { get; }

    /// <summary><paramref name="quota"/>'s figures observed at <paramref name="time"/>.</summary>
    public static QuotaObservation From(UsageQuota quota, DateTimeOffset time)
    {
        if (quota is null) throw new ArgumentNullException(nameof(quota));
        return new QuotaObservation(time, quota.Used, quota.Limit, quota.Remaining, quota.ResetsAt, quota.IsUnlimited);
    }

    /// <summary>
    /// How much has been consumed, on a scale where use makes it grow: the used figure, else limit − remaining,
    /// else −remaining (a quota that reports only what is left). Null when neither used nor remaining is reported.
    /// </summary>
    internal decimal? Consumed
    {
        get
        {
            try
            {
                if (Used is { } u) return u;
                if (Remaining is { } r) return Limit is { } l ? l - r : -r;
            }
            catch (OverflowException)
            {
            }
            return null;
        }
    }

    /// <summary>What is left before the quota runs out: remaining, else limit − used; null when it cannot be told.</summary>
    internal decimal? Left
    {
        get
        {
            if (IsUnlimited) return null;
            try
            {
                if (Remaining is { } r) return r;
                if (Limit is { } l && Used is { } u) return l - u;
            }
            catch (OverflowException)
            {
            }
            return null;
        }
    }
}
