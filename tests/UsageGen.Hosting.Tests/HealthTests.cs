using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UsageGen.EndToEnd.Tests;
using Xunit;

namespace UsageGen.Hosting.Tests;

/// <summary>One health check per provider: Healthy, Degraded or Unhealthy for the reasons the issue lists.</summary>
public class HealthTests
{
    private static async Task<HealthReport> Report(MonitorHost host) =>
        await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("usagegen"));

    private static HealthReportEntry Entry(HealthReport report, string provider) => report.Entries["usagegen:" + provider];

    [Fact]
    public async Task Thresholds_and_authentication_decide_each_providers_status()
    {
        await using var providers = await FakeProviders.StartAsync();
        providers.Answer("Tavily", _ => CannedResponse.Json("{\"detail\":{\"error\":\"Unauthorized: missing or invalid API key.\"}}", 401));
        providers.Answer("Sharpe", _ => CannedResponse.Json("{\"error\":\"internal\"}", 500));
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "CoinGecko", "CoinStats", "Sharpe", "Shoal", "Tavily" },
            ("UsageGen:Providers:Shoal:WarnAbove", "40"),          // Shoal is 42 % used
            ("UsageGen:Providers:CoinStats:WarnAbove", "30"),
            ("UsageGen:Providers:CoinStats:CriticalAbove", "44"))); // CoinStats is 45 % used
        await host.WaitAsync(c => c.Values.Where(s => s.Enabled).All(s => s.Fetches == 1), "first fetches");
        var report = await Report(host);
        Assert.Equal(HealthStatus.Healthy, Entry(report, "CoinGecko").Status);
        Assert.Equal(HealthStatus.Degraded, Entry(report, "Shoal").Status);
        Assert.Equal("budget is 42% used (warning above 40%)", Entry(report, "Shoal").Description);
        Assert.Equal(HealthStatus.Unhealthy, Entry(report, "CoinStats").Status);
        Assert.Equal("account is 45% used (critical above 44%)", Entry(report, "CoinStats").Description);
        Assert.Equal(HealthStatus.Unhealthy, Entry(report, "Tavily").Status);
        Assert.Equal("last fetch failed: authentication (401)", Entry(report, "Tavily").Description);
        Assert.Equal(HealthStatus.Degraded, Entry(report, "Sharpe").Status);
        Assert.Equal("last fetch failed: http (500)", Entry(report, "Sharpe").Description);
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
    }

    [Fact]
    public async Task Before_its_first_answer_a_provider_is_degraded()
    {
        await using var providers = await FakeProviders.StartAsync();
        providers.Answer("Shoal", _ => new CannedResponse { Body = "{}", Delay = TimeSpan.FromHours(1) });   // never answers in the test
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "Shoal", "CoinStats" }));
        await host.WaitForFetchesAsync("CoinStats", 1);
        var report = await Report(host);
        Assert.Equal(HealthStatus.Degraded, Entry(report, "Shoal").Status);
        Assert.Equal("waiting for the first fetch", Entry(report, "Shoal").Description);
        Assert.Equal(HealthStatus.Healthy, Entry(report, "CoinStats").Status);
        Assert.Equal(HealthStatus.Healthy, Entry(report, "Tavily").Status);   // not configured: not watched
        Assert.Equal("not watched (Enabled is false)", Entry(report, "Tavily").Description);
    }

    [Fact]
    public async Task A_stale_snapshot_is_degraded()
    {
        await using var providers = await FakeProviders.StartAsync();
        providers.Answer("Shoal", n => n == 1 ? FakeProviders.Documented(FakeProviders.Info("Shoal")) : CannedResponse.Json("{}", 503));
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "Shoal" }, ("UsageGen:StaleAfter", "00:05:00")));
        await host.WaitForFetchesAsync("Shoal", 1);
        Assert.Equal(HealthStatus.Healthy, Entry(await Report(host), "Shoal").Status);
        await host.NextFetchAsync("Shoal");     // fails at 1 min, waits 1 min
        await host.NextFetchAsync("Shoal");     // fails at 2 min, waits 2 min
        await host.NextFetchAsync("Shoal");     // fails at 4 min, waits 4 min: the snapshot is 4 minutes old, not stale yet
        Assert.Equal("last fetch failed: http (503)", Entry(await Report(host), "Shoal").Description);
        await host.NextFetchAsync("Shoal");     // fails at 8 min
        var entry = Entry(await Report(host), "Shoal");
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("last fetch failed: http (503); snapshot is stale: last success 8 minutes ago", entry.Description);
    }

    [Fact]
    public async Task A_forecast_that_runs_out_before_the_reset_is_unhealthy()
    {
        await using var providers = await FakeProviders.StartAsync();
        // Sharpe's documented body, its quota climbing 40,000 requests a minute: the 447,520 left after the second
        // fetch last 11.2 minutes, long before the reset on 2026-04-01 (3.5 days away).
        var body = FakeProviders.Info("Sharpe").Example!.Body;
        providers.Answer("Sharpe", n => new CannedResponse
        {
            Body = body.Replace("\"used\":12480", "\"used\":" + (12480 + 40000 * (n - 1))).Replace("\"remaining\":487520", "\"remaining\":" + (487520 - 40000 * (n - 1))),
        });
        Assert.Contains("\"used\":12480", body);
        Assert.Contains("\"remaining\":487520", body);
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "Sharpe" }));
        await host.WaitForFetchesAsync("Sharpe", 1);
        await host.NextFetchAsync("Sharpe");
        var entry = Entry(await Report(host), "Sharpe");
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("quota runs out in 11 minutes, 3 days before the reset", entry.Description);
        Assert.Contains(host.Logs.Messages("QuotaRunsOutBeforeReset"), m => m.Contains("Sharpe: quota quota runs out in 11 minutes", StringComparison.Ordinal));
    }
}
