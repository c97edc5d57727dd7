using System;
using System.Linq;
using System.Threading.Tasks;
using UsageGen.EndToEnd.Tests;
using Xunit;

namespace UsageGen.Hosting.Tests;

/// <summary>The "UsageGen" meter in process, with a fake clock so the forecast gauge has exact values.</summary>
public class MetricsTests
{
    private static string CoinStats(long used) =>
        $"{{\"totalCredits\":100000,\"usedCredits\":{used},\"remainingCredits\":{100000 - used},\"subscription\":\"PRO\"}}";

    [Fact]
    public async Task Gauges_carry_the_documented_figures_with_quota_attributes()
    {
        await using var providers = await FakeProviders.StartAsync();
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "Tavily", "Sharpe" }));
        using var metrics = new MetricsRecorder(host.Services);
        await host.WaitAsync(c => c["Tavily"].Fetches == 1 && c["Sharpe"].Fetches == 1, "first fetches");

        // Tavily's documented key quota 150 of 1,000 and account plan 500 of 15,000 (tavily-usage.md).
        Assert.Equal(150, metrics.Gauge(UsageGenMetrics.QuotaUsed, "Tavily", "key"));
        Assert.Equal(1000, metrics.Gauge(UsageGenMetrics.QuotaLimit, "Tavily", "key"));
        Assert.Equal(850, metrics.Gauge(UsageGenMetrics.QuotaRemaining, "Tavily", "key"));
        Assert.Equal(0.15, metrics.Gauge(UsageGenMetrics.QuotaUtilization, "Tavily", "key"));
        Assert.Equal(500.0 / 15000, metrics.Gauge(UsageGenMetrics.QuotaUtilization, "Tavily", "plan")!.Value, 12);
        // Sharpe resets 2026-04-01T00:00:00Z; the fake clock stands at 2026-03-28T12:00:00Z: 3.5 days.
        Assert.Equal(3.5 * 86400, metrics.Gauge(UsageGenMetrics.QuotaResetTime, "Sharpe", "quota"));

        var used = metrics.All.First(m => m.Name == UsageGenMetrics.QuotaUsed && m.Tags[UsageGenMetrics.ProviderAttribute] == "Sharpe" && m.Tags[UsageGenMetrics.NameAttribute] == "quota");
        Assert.Equal("account", used.Tags[UsageGenMetrics.ScopeAttribute]);
        Assert.Equal("requests", used.Tags[UsageGenMetrics.UnitAttribute]);
        Assert.Equal("month", used.Tags[UsageGenMetrics.WindowAttribute]);
        Assert.Equal(1, metrics.All.Single(m => m.Name == UsageGenMetrics.ProviderUp && m.Tags[UsageGenMetrics.ProviderAttribute] == "Sharpe").Value);
        // One observation: no rate yet, so no forecast.
        Assert.Null(metrics.Gauge(UsageGenMetrics.QuotaExhaustionTime, "Sharpe", "quota"));
    }

    [Fact]
    public async Task The_forecast_gauge_counts_down_at_the_burn_rate()
    {
        await using var providers = await FakeProviders.StartAsync();
        var used = new long[] { 40000, 41000, 42000 };
        providers.Answer("CoinStats", n => CannedResponse.Json(CoinStats(used[Math.Min(n, used.Length) - 1])));
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "CoinStats" }));
        using var metrics = new MetricsRecorder(host.Services);
        await host.WaitForFetchesAsync("CoinStats", 1);
        await host.NextFetchAsync("CoinStats");
        await host.NextFetchAsync("CoinStats");

        // 1,000 credits a minute, 58,000 left: 3,480 s.
        Assert.Equal(1000.0 / 60, metrics.Gauge(UsageGenMetrics.QuotaBurnRate, "CoinStats", "account")!.Value, 9);
        Assert.Equal(3480, metrics.Gauge(UsageGenMetrics.QuotaExhaustionTime, "CoinStats", "account")!.Value, 6);
        host.Time.Advance(TimeSpan.FromSeconds(30));   // the gauge counts from now
        Assert.Equal(3450, metrics.Gauge(UsageGenMetrics.QuotaExhaustionTime, "CoinStats", "account")!.Value, 6);
    }

    [Fact]
    public async Task Fetch_durations_and_failures_by_error_type_are_recorded()
    {
        await using var providers = await FakeProviders.StartAsync();
        providers.Answer("Shoal", n => n == 1 ? CannedResponse.Json("{\"error\":\"bad key\"}", 401) : FakeProviders.Documented(FakeProviders.Info("Shoal")));
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "Shoal" }));
        using var metrics = new MetricsRecorder(host.Services);
        await host.WaitForFetchesAsync("Shoal", 1);
        Assert.Equal(0, Up(metrics));
        await host.NextFetchAsync("Shoal");
        Assert.Equal(1, Up(metrics));

        var failures = metrics.All.Where(m => m.Name == UsageGenMetrics.FetchFailures).ToList();
        var failure = Assert.Single(failures);
        Assert.Equal(1, failure.Value);
        Assert.Equal(UsageGenErrorType.Authentication, failure.Tags[UsageGenMetrics.ErrorTypeAttribute]);
        var durations = metrics.All.Where(m => m.Name == UsageGenMetrics.FetchDuration).ToList();
        Assert.Equal(new[] { "failure", "success" }, durations.Select(d => d.Tags[UsageGenMetrics.OutcomeAttribute]));
        Assert.All(durations, d => Assert.True(d.Value >= 0));   // the fake clock does not move during a fetch

        static double Up(MetricsRecorder m)
        {
            m.Collect();
            return m.All.Last(x => x.Name == UsageGenMetrics.ProviderUp).Value;
        }
    }
}
