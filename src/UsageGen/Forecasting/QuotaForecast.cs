using System;
using System.Globalization;

namespace UsageGen.Forecasting;

/// <summary>
/// One quota's burn rate and when it runs out at that rate, compared with its reset. Built by
/// <see cref="UsageForecaster"/> from the observations of the quota's current window (since the counter last dropped
/// or the quota last reset). Immutable.
/// </summary>
public sealed class QuotaForecast
{
    internal QuotaForecast(QuotaKey key, QuotaObservation latest, DateTimeOffset windowStart, int observations, int windows, double? ratePerSecond)
    {
        Key = key;
        Latest = latest;
        WindowStart = windowStart;
        Observations = observations;
        Windows = windows;
        RatePerSecond = ratePerSecond;
        ExhaustsAt = ComputeExhaustsAt(latest, ratePerSecond);
    }

    /// <summary>The quota.</summary>
    public QuotaKey Key { get; }

    /// <summary>The latest observation: the figures the forecast starts from.</summary>
    public QuotaObservation Latest { get; }

    /// <summary>When the latest observation was made.</summary>
    public DateTimeOffset ObservedAt => Latest.Time;

    public decimal? Used => Latest.Used;
    public decimal? Limit => Latest.Limit;
    public decimal? Remaining => Latest.Remaining;
    public bool IsUnlimited => Latest.IsUnlimited;

    /// <summary>When the quota resets, as last reported.</summary>
    public DateTimeOffset? ResetsAt => Latest.ResetsAt;

    /// <summary>The first observation of the current window: the rate is measured from here.</summary>
    public DateTimeOffset WindowStart { get; }

    /// <summary>Observations kept in the current window (thinned evenly when the window outgrows the bound).</summary>
    public int Observations { get; }

    /// <summary>How many windows were seen: 1, plus one for each drop of the counter or passed reset.</summary>
    public int Windows { get; }

    /// <summary>
    /// Units (credits, requests...) used per second over the current window: the least-squares slope of the used
    /// figure over time. Null with fewer than two observations at different instants; zero or negative when nothing
    /// was used (a window never has a negative trend from a reset: a drop starts a new window).
    /// </summary>
    public double? RatePerSecond { get; }

    /// <summary>The rate per hour, for display.</summary>
    public double? RatePerHour => RatePerSecond * 3600;

    /// <summary>The rate per day, for display.</summary>
    public double? RatePerDay => RatePerSecond * 86400;

    /// <summary>
    /// When the quota runs out at <see cref="RatePerSecond"/>, counted from the latest observation; the latest
    /// observation's time when nothing is left. Null when it never runs out at this rate: unlimited, no use, no rate
    /// yet, nothing known of what is left, or further away than <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset? ExhaustsAt { get; }

    /// <summary>True when nothing is left (remaining at or below zero).</summary>
    public bool IsExhausted => Latest.Left is <= 0m;

    /// <summary>
    /// True when it runs out before <see cref="ResetsAt"/>, false when it lasts until then (or never runs out: unlimited,
    /// or no use), null when it cannot be told (no rate yet, no reset reported, nothing known of what is left).
    /// </summary>
    public bool? RunsOutBeforeReset
    {
        get
        {
            if (IsUnlimited) return false;
            if (ExhaustsAt is { } at) return ResetsAt is { } reset ? at < reset : null;
            if (Latest.Left is > 0m && RatePerSecond is <= 0) return false;
            return null;
        }
    }

    /// <summary>How long before the reset it runs out (negative: how long after); null unless both are known.</summary>
    public TimeSpan? MarginBeforeReset => ExhaustsAt is { } at && ResetsAt is { } reset ? reset - at : null;

    /// <summary>The time left from <paramref name="now"/> until it runs out, never negative; null when it does not run out.</summary>
    public TimeSpan? TimeToExhaustion(DateTimeOffset now) =>
        ExhaustsAt is { } at ? (at > now ? at - now : TimeSpan.Zero) : null;

    /// <summary>A sentence such as <c>runs out in 6 days, 9 days before the reset</c>, as seen at <paramref name="now"/>.</summary>
    public string Describe(DateTimeOffset now)
    {
        if (IsUnlimited) return "unlimited: never runs out";
        if (IsExhausted)
            return ResetsAt is { } r && r > now ? "has run out; resets in " + Duration(r - now) : "has run out";
        if (RatePerSecond is not { } rate) return "not enough observations for a rate yet";
        if (rate <= 0) return "nothing used since " + WindowStart.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC: does not run out at this rate";
        if (ExhaustsAt is not { } at) return Latest.Left is null ? "uses " + Rate(rate) + "; what is left is not reported" : "does not run out at this rate";
        var left = TimeToExhaustion(now) ?? TimeSpan.Zero;
        if (MarginBeforeReset is not { } margin) return "runs out in " + Duration(left);
        return margin > TimeSpan.Zero
            ? "runs out in " + Duration(left) + ", " + Duration(margin) + " before the reset"
            : "lasts until the reset (at this rate it would run out " + Duration(margin.Negate()) + " after it)";
    }

    public override string ToString() => Key + ": " + Describe(ObservedAt);

    /// <summary>Whole days, hours, minutes or seconds, rounded down: <c>6 days</c>, <c>36 hours</c>, <c>1 minute</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = span.Negate();
        static string N(double value, string unit)
        {
            var n = (long)Math.Floor(value);
            return n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s");
        }
        if (span.TotalDays >= 2) return N(span.TotalDays, "day");
        if (span.TotalHours >= 2) return N(span.TotalHours, "hour");
        if (span.TotalMinutes >= 2) return N(span.TotalMinutes, "minute");
        return N(span.TotalSeconds, "second");
    }

    private static string Rate(double perSecond)
    {
        var perHour = perSecond * 3600;
        return perHour >= 1
            ? perHour.ToString("0.##", CultureInfo.InvariantCulture) + " per hour"
            : (perHour * 24).ToString("0.##", CultureInfo.InvariantCulture) + " per day";
    }

    private static DateTimeOffset? ComputeExhaustsAt(QuotaObservation latest, double? ratePerSecond)
    {
        if (latest.IsUnlimited || latest.Left is not { } left) return null;
        if (left <= 0m) return latest.Time;
        if (ratePerSecond is not { } rate || rate <= 0 || double.IsNaN(rate) || double.IsInfinity(rate)) return null;
        var seconds = (double)left / rate;
        var room = (DateTimeOffset.MaxValue - latest.Time).TotalSeconds;
        if (double.IsNaN(seconds) || seconds >= room) return null;
        // Whole ticks: the same inputs give the same instant on every machine.
        return latest.Time.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero));
    }
}
