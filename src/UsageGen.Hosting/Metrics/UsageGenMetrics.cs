using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using UsageGen.Forecasting;

namespace UsageGen.Hosting;

/// <summary>
/// The monitor's instruments, on a <see cref="Meter"/> named <see cref="MeterName"/> (System.Diagnostics.Metrics, read by
/// OpenTelemetry with <c>AddMeter("UsageGen")</c>). Gauges are observed from <see cref="IUsageMonitor.Current"/> at
/// collection time. Attributes are provider and quota names from the specs: never a credential.
/// </summary>
public sealed class UsageGenMetrics
{
    /// <summary>The meter's name: <c>UsageGen</c>.</summary>
    public const string MeterName = "UsageGen";

    public const string QuotaUsed = "usagegen.quota.used";
    public const string QuotaLimit = "usagegen.quota.limit";
    public const string QuotaRemaining = "usagegen.quota.remaining";
    public const string QuotaUtilization = "usagegen.quota.utilization";
    public const string QuotaExhaustionTime = "usagegen.quota.exhaustion.time";
    public const string QuotaResetTime = "usagegen.quota.reset.time";
    public const string QuotaBurnRate = "usagegen.quota.burn_rate";
    public const string ProviderUp = "usagegen.provider.up";
    public const string FetchDuration = "usagegen.fetch.duration";
    public const string FetchFailures = "usagegen.fetch.failures";

    public const string ProviderAttribute = "usagegen.provider";
    public const string ScopeAttribute = "usagegen.quota.scope";
    public const string NameAttribute = "usagegen.quota.name";
    public const string UnitAttribute = "usagegen.quota.unit";
    public const string WindowAttribute = "usagegen.quota.window";
    public const string ErrorTypeAttribute = "error.type";
    public const string OutcomeAttribute = "usagegen.fetch.outcome";

    /// <summary>Bucket bounds of <see cref="FetchDuration"/>, seconds (a usage call takes from milliseconds to a retried minute).</summary>
    public static readonly IReadOnlyList<double> FetchDurationBuckets = new[] { 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120 };

    private readonly IUsageMonitor _monitor;
    private readonly TimeProvider _time;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failures;

    internal UsageGenMetrics(IMeterFactory meterFactory, IUsageMonitor monitor, TimeProvider time)
    {
        _monitor = monitor;
        _time = time;
        var meter = meterFactory.Create(new MeterOptions(MeterName) { Version = typeof(UsageGenMetrics).Assembly.GetName().Version?.ToString() });
        meter.CreateObservableGauge(QuotaUsed, () => Quotas(q => q.Used), description: "Used in the quota's window, in the quota's unit (see usagegen.quota.unit).");
        meter.CreateObservableGauge(QuotaLimit, () => Quotas(q => q.IsUnlimited ? null : q.Limit), description: "The quota's ceiling in its window; absent when unlimited or not reported.");
        meter.CreateObservableGauge(QuotaRemaining, () => Quotas(q => q.Remaining), description: "What is left of the quota in its window.");
        meter.CreateObservableGauge(QuotaUtilization, () => Quotas(UsageHealth.Fraction), unit: "1", description: "Used divided by limit: 0..1, above 1 when over the quota.");
        meter.CreateObservableGauge(QuotaExhaustionTime, ExhaustionTimes, unit: "s",
            description: "Seconds until the quota runs out at its current burn rate; +Inf when it never does (unlimited, or no use); absent until there is a rate.");
        meter.CreateObservableGauge(QuotaResetTime, ResetTimes, unit: "s", description: "Seconds until the quota resets, when the provider reports it (0 once passed).");
        meter.CreateObservableGauge(QuotaBurnRate, BurnRates, description: "The quota's rate of use, in its unit per second, over its current window.");
        meter.CreateObservableGauge(ProviderUp, Up, description: "1 when the provider's latest fetch succeeded, 0 when it failed.");
#if NET9_0_OR_GREATER
        _duration = meter.CreateHistogram<double>(FetchDuration, unit: "s", description: "How long a usage fetch took, successful or not.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FetchDurationBuckets });
#else
        _duration = meter.CreateHistogram<double>(FetchDuration, unit: "s", description: "How long a usage fetch took, successful or not.");
#endif
        _failures = meter.CreateCounter<long>(FetchFailures, description: "Failed usage fetches, by error type.");
    }

    internal void RecordFetch(string provider, TimeSpan duration, string? errorType)
    {
        var tags = new TagList { { ProviderAttribute, provider }, { OutcomeAttribute, errorType is null ? "success" : "failure" } };
        _duration.Record(duration.TotalSeconds, tags);
        if (errorType is not null)
            _failures.Add(1, new KeyValuePair<string, object?>(ProviderAttribute, provider), new KeyValuePair<string, object?>(ErrorTypeAttribute, errorType));
    }

    /// <summary>The value of <see cref="ScopeAttribute"/> for a scope: <c>account</c>, <c>api_key</c>, <c>pay_as_you_go</c>...</summary>
    public static string ScopeName(QuotaScope scope) => scope switch
    {
        QuotaScope.Account => "account",
        QuotaScope.ApiKey => "api_key",
        QuotaScope.Plan => "plan",
        QuotaScope.PayAsYouGo => "pay_as_you_go",
        QuotaScope.Project => "project",
        _ => "other",
    };

    private IEnumerable<Measurement<double>> Quotas(Func<UsageQuota, decimal?> figure) =>
        Quotas(q => figure(q) is { } v ? (double)v : (double?)null);

    private IEnumerable<Measurement<double>> Quotas(Func<UsageQuota, double?> figure)
    {
        foreach (var state in _monitor.Current.Values)
        {
            if (state.Snapshot is not { } snapshot) continue;
            foreach (var quota in snapshot.Quotas)
                if (figure(quota) is { } value)
                    yield return new Measurement<double>(value, Tags(state.Provider, quota));
        }
    }

    private IEnumerable<Measurement<double>> ExhaustionTimes()
    {
        var now = _time.GetUtcNow();
        foreach (var (state, quota, forecast) in Forecasts())
        {
            double? seconds = forecast.IsUnlimited ? double.PositiveInfinity
                : forecast.TimeToExhaustion(now) is { } left ? left.TotalSeconds
                : forecast.RatePerSecond is <= 0 && !forecast.IsExhausted ? double.PositiveInfinity
                : null;
            if (seconds is { } s) yield return new Measurement<double>(s, Tags(state.Provider, quota));
        }
    }

    private IEnumerable<Measurement<double>> ResetTimes()
    {
        var now = _time.GetUtcNow();
        foreach (var state in _monitor.Current.Values)
        {
            if (state.Snapshot is not { } snapshot) continue;
            foreach (var quota in snapshot.Quotas)
                if (quota.ResetsAt is { } reset)
                    yield return new Measurement<double>(Math.Max(0, (reset - now).TotalSeconds), Tags(state.Provider, quota));
        }
    }

    private IEnumerable<Measurement<double>> BurnRates()
    {
        foreach (var (state, quota, forecast) in Forecasts())
            if (forecast.RatePerSecond is { } rate)
                yield return new Measurement<double>(rate, Tags(state.Provider, quota));
    }

    private IEnumerable<Measurement<int>> Up()
    {
        foreach (var state in _monitor.Current.Values)
            if (state.Enabled && state.Fetches > 0)
                yield return new Measurement<int>(state.LastError is null ? 1 : 0, new KeyValuePair<string, object?>(ProviderAttribute, state.Provider));
    }

    /// <summary>Each quota of each latest snapshot with its forecast.</summary>
    private IEnumerable<(ProviderUsageState, UsageQuota, QuotaForecast)> Forecasts()
    {
        foreach (var state in _monitor.Current.Values)
        {
            if (state.Snapshot is not { } snapshot) continue;
            foreach (var quota in snapshot.Quotas)
            {
                var key = QuotaKey.For(state.Provider, quota);
                foreach (var forecast in state.Forecasts)
                    if (forecast.Key == key)
                    {
                        yield return (state, quota, forecast);
                        break;
                    }
            }
        }
    }

    private static TagList Tags(string provider, UsageQuota quota)
    {
        var tags = new TagList
        {
            { ProviderAttribute, provider },
            { ScopeAttribute, ScopeName(quota.Scope) },
            { NameAttribute, quota.Name },
        };
        if (!string.IsNullOrEmpty(quota.Unit)) tags.Add(UnitAttribute, quota.Unit);
        if (!string.IsNullOrEmpty(quota.Window)) tags.Add(WindowAttribute, quota.Window);
        return tags;
    }
}
