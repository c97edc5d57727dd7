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

    /// <summary>An adapter UsageGen did not generate, careless with its key: the monitor masks it wherever it reports the failure.</summary>
    private sealed class CarelessProvider : IUsageProvider
    {
        private readonly string _key;
        private readonly int _instance;

        /// <summary>The monitor resolves a fresh adapter for each fetch: <paramref name="instance"/> counts them.</summary>
        public CarelessProvider(string key, int instance)
        {
            _key = key;
            _instance = instance;
        }

        public string Name => "Careless";

        public Task<UsageSnapshot> GetUsageAsync(System.Threading.CancellationToken cancellationToken = default) =>
            _instance == 1
                ? throw new UsageGenException(Name, "GetUsage", $"the server refused key {_key} (\"{Uri.EscapeDataString(_key)}\")")
                : throw new InvalidOperationException("no usage for Bearer " + _key, new FormatException("bad token " + _key));
    }

    [Fact]
    public async Task A_failure_that_quotes_the_key_is_masked_in_the_state_the_log_and_the_health_report()
    {
        const string key = "sk-live-careless+/Z9x8Q7w6";
        var created = 0;
        var info = new UsageProviderInfo("Careless", "Careless API", "careless.yaml", new Uri("http://127.0.0.1:9/"),
            new[] { new AuthSchemeInfo("bearer", AuthKind.Bearer, null) }, Array.Empty<string>(), "GET /usage", null,
            (_, credentials) => new CarelessProvider(credentials.ApiKey!, System.Threading.Interlocked.Increment(ref created)));
        await using var host = await MonitorHost.StartAsync(new System.Collections.Generic.Dictionary<string, string?>
        {
            ["UsageGen:Interval"] = "00:01:00",
            ["UsageGen:Jitter"] = "0",
            ["UsageGen:Providers:Careless:ApiKey"] = key,
        }, new[] { info });
        await host.WaitForFetchesAsync("Careless", 1);
        var first = host.State("Careless").LastError!;
        await host.NextFetchAsync("Careless");
        var second = host.State("Careless").LastError!;

        // Still a useful account of what failed, with the key masked in every form it was quoted in.
        Assert.Equal($"the server refused key {UsageGenRedactor.Mask} (\"{UsageGenRedactor.Mask}\")", first.Message);
        Assert.Equal($"System.InvalidOperationException: no usage for Bearer {UsageGenRedactor.Mask} ---> System.FormatException: bad token {UsageGenRedactor.Mask}",
            second.Message);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var health = string.Join("\n", report.Entries.Select(e => e.Value.Description + " " + string.Join(",", e.Value.Data.Select(d => d.Key + "=" + d.Value))));
        var failures = host.Logs.Messages("UsageFetchFailed").ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, m => m.Contains("System.FormatException: bad token ***", StringComparison.Ordinal));
        SecretSweep.AssertAbsent(key, ("monitor state", first.Message + "\n" + second.Message + "\n" + host.State("Careless")), ("logs", string.Join("\n", failures)),
            ("health", health));
    }
}
