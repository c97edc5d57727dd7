using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UsageGen.EndToEnd.Tests;
using Xunit;

namespace UsageGen.Hosting.Tests;

/// <summary>
/// Keys never leave: every log line (Trace, HttpClient's own logging included), every metric attribute and every
/// health-check description and data value, while providers fail in every way and echo the key back.
/// </summary>
public class SecretSweepTests
{
    [Fact]
    public async Task No_key_in_any_log_line_metric_attribute_or_health_report()
    {
        var five = new[] { "CoinGecko", "CoinStats", "Sharpe", "Shoal", "Tavily" };
        await using var providers = await FakeProviders.StartAsync();
        string Echo(string p) => $"{{\"error\":\"bad key {MonitorHost.KeyFor(p)}\",\"key\":\"{Uri.EscapeDataString(MonitorHost.KeyFor(p))}\"}}";
        providers.Answer("Tavily", _ => CannedResponse.Json(Echo("Tavily"), 401));
        providers.Answer("Sharpe", _ => CannedResponse.Json(Echo("Sharpe"), 500));
        providers.Answer("Shoal", _ => CannedResponse.Json(Echo("Shoal"), 429, ("Retry-After", "120")));
        providers.Answer("CoinStats", n => n == 1 ? CannedResponse.Json("{\"usedCredits\": \"" + MonitorHost.KeyFor("CoinStats") + "\"}") : FakeProviders.Documented(FakeProviders.Info("CoinStats")));
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, five, ("UsageGen:Providers:CoinGecko:WarnAbove", "0.001")));
        using var metrics = new MetricsRecorder(host.Services);
        await host.WaitAsync(c => five.All(p => c[p].Fetches >= 1), "first fetches");
        host.Time.Advance(TimeSpan.FromMinutes(3));
        await host.WaitAsync(c => five.All(p => c[p].Fetches >= 2), "second fetches");

        metrics.Collect();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var attributes = string.Join("\n", metrics.All.SelectMany(m => m.Tags.Select(t => m.Name + " " + t.Key + "=" + t.Value)));
        var health = string.Join("\n", report.Entries.Select(e => e.Key + " " + e.Value.Status + " " + e.Value.Description + " " +
            string.Join(",", e.Value.Data.Select(d => d.Key + "=" + d.Value))));
        var logs = string.Join("\n", host.Logs.Lines.Select(l => l.Category + " " + l.Message));
        var states = string.Join("\n", host.Monitor.Current.Values.Select(s => s + " " + s.LastError?.Message));

        // The sweep looked at real material: failures were logged with their types, HttpClient logged at Trace.
        Assert.Contains(host.Logs.Lines, l => l.Id.Name == "UsageFetchFailed" && l.Message.Contains("authentication 401", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Id.Name == "UsageFetchFailed" && l.Message.Contains("malformedResponse", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Id.Name == "QuotaThresholdCrossed" && l.Message.Contains("CoinGecko", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Category.StartsWith("System.Net.Http.HttpClient.UsageGen.", StringComparison.Ordinal) && l.Level == Microsoft.Extensions.Logging.LogLevel.Trace);
        Assert.Contains("usagegen.quota.name=", attributes);
        Assert.Contains("authentication (401)", health);

        foreach (var p in five)
            SecretSweep.AssertAbsent(MonitorHost.KeyFor(p), ("logs", logs), ("metric attributes", attributes), ("health", health), ("monitor state", states));
    }
}
