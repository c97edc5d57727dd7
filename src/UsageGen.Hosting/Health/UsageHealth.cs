using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UsageGen.Forecasting;

namespace UsageGen.Hosting;

/// <summary>
/// A provider's health from the monitor's state, pure: Unhealthy above <c>CriticalAbove</c>, on an authentication
/// failure, or when a quota's forecast runs out before its reset; Degraded above <c>WarnAbove</c>, when the latest
/// fetch failed otherwise, when the snapshot is stale, or before the first fetch; else Healthy. The description is
/// built from names, numbers and error types only.
/// </summary>
internal static class UsageHealth
{
    /// <summary>Used divided by limit (limit − remaining when used is not reported); null without a positive limit or when unlimited.</summary>
    public static decimal? Fraction(UsageQuota quota)
    {
        if (quota.IsUnlimited || quota.Limit is not { } limit || limit <= 0) return null;
        try
        {
            var used = quota.Used ?? (quota.Remaining is { } r ? limit - r : null);
            return used is { } u ? u / limit : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The share of <paramref name="quota"/> used, in percent to two places, or null (see <see cref="Fraction"/>).</summary>
    public static decimal? Percent(UsageQuota quota)
    {
        try
        {
            return Fraction(quota) is { } f ? Math.Round(f * 100m, 2) : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static HealthCheckResult Evaluate(ProviderUsageState? state, double warnAbove, double criticalAbove, TimeSpan staleAfter, DateTimeOffset now)
    {
        if (state is null) return HealthCheckResult.Unhealthy("not registered");
        if (!state.Enabled) return HealthCheckResult.Healthy("not watched (Enabled is false)");

        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["fetches"] = state.Fetches, ["consecutiveFailures"] = state.ConsecutiveFailures };
        var unhealthy = new List<string>();
        var degraded = new List<string>();

        if (state.LastError is { } error)
        {
            data["lastError"] = error.ToString();
            (error.IsAuthentication ? unhealthy : degraded).Add("last fetch failed: " + error);
        }

        if (state.Snapshot is not { } snapshot)
        {
            if (state.LastError is null) degraded.Add("waiting for the first fetch");
        }
        else
        {
            if (state.LastSuccessAt is { } success && now - success > staleAfter)
                degraded.Add("snapshot is stale: last success " + QuotaForecast.Duration(now - success) + " ago");
            foreach (var quota in snapshot.Quotas)
            {
                if (Percent(quota) is { } percent)
                {
                    data[quota.Name + ".percentUsed"] = (double)percent;
                    var text = $"{quota.Name} is {percent.ToString("0.##", CultureInfo.InvariantCulture)}% used";
                    if ((double)percent > criticalAbove) unhealthy.Add($"{text} (critical above {criticalAbove.ToString(CultureInfo.InvariantCulture)}%)");
                    else if ((double)percent > warnAbove) degraded.Add($"{text} (warning above {warnAbove.ToString(CultureInfo.InvariantCulture)}%)");
                }
                var key = QuotaKey.For(state.Provider, quota);
                foreach (var forecast in state.Forecasts)
                    if (forecast.Key == key && forecast.RunsOutBeforeReset == true)
                    {
                        unhealthy.Add(quota.Name + " " + forecast.Describe(now));
                        break;
                    }
            }
        }

        if (unhealthy.Count > 0) return new HealthCheckResult(HealthStatus.Unhealthy, string.Join("; ", unhealthy), data: data);
        if (degraded.Count > 0) return new HealthCheckResult(HealthStatus.Degraded, string.Join("; ", degraded), data: data);
        return new HealthCheckResult(HealthStatus.Healthy, "ok", data: data);
    }
}
