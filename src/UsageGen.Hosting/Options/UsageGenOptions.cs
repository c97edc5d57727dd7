using System;

namespace UsageGen.Hosting;

/// <summary>
/// Settings for every provider, bound from the section given to <c>AddUsageGen</c> (<c>UsageGen</c>); each may be
/// overridden per provider under <c>UsageGen:Providers:&lt;Name&gt;</c> (<see cref="UsageGenProviderOptions"/>).
/// </summary>
public sealed class UsageGenOptions
{
    /// <summary>Poll the enabled providers in the background (<c>UsageGen:Monitor</c>). Off: adapters are only registered.</summary>
    public bool Monitor { get; set; } = true;

    /// <summary>How often each provider is asked for its usage. Default 5 minutes; at least 1 second.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Each wait is the interval times 1 ± a random share up to this (0 to 0.5), so replicas do not poll in step. Default 0.1.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>After failures the wait doubles from the interval up to this (never below the interval). Default 1 hour.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A fetch still running after this is abandoned as a timeout (the others are never held up). Default 2 minutes.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A snapshot older than this makes the health check Degraded. Default: three intervals.</summary>
    public TimeSpan? StaleAfter { get; set; }

    /// <summary>Percent of a quota used above which it is Degraded (and logged). Default 80.</summary>
    public double WarnAbove { get; set; } = 80;

    /// <summary>Percent of a quota used above which it is Unhealthy (and logged). Default 95.</summary>
    public double CriticalAbove { get; set; } = 95;

    /// <summary>Observations kept per quota for the burn-rate forecast. Default 128.</summary>
    public int ForecastObservations { get; set; } = Forecasting.UsageForecaster.DefaultMaxObservationsPerQuota;
}
