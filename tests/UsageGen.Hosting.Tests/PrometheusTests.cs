using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using UsageGen.EndToEnd.Tests;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.Hosting.Tests;

/// <summary>
/// The sample service, run as its own process against the five providers on Kestrel, scraped by a real Prometheus
/// 2.42 on 127.0.0.1; the values come back through Prometheus's HTTP API. Expected figures are the providers'
/// documented examples (provider-docs), main quota by quota.
/// </summary>
public class PrometheusTests
{
    private static readonly string[] Five = { "CoinGecko", "CoinStats", "Sharpe", "Shoal", "Tavily" };

    private readonly ITestOutputHelper _output;

    public PrometheusTests(ITestOutputHelper output) => _output = output;

    // (provider, main quota name, used, limit) from each provider's documented response.
    public static readonly (string Provider, string Quota, double Used, double Limit)[] Documented =
    {
        ("CoinGecko", "account", 104, 1000000),      // current_total_monthly_calls / monthly_call_credit
        ("CoinStats", "account", 45000, 100000),     // usedCredits / totalCredits
        ("Sharpe", "quota", 12480, 500000),          // data.quota.used / .limit
        ("Shoal", "budget", 420, 1000),              // data.budget.used / .limit
        ("Tavily", "plan", 500, 15000),              // account.plan_usage / plan_limit
    };

    private static string CoinStatsBody(long used) =>
        $"{{\"totalCredits\":100000,\"usedCredits\":{used},\"remainingCredits\":{100000 - used},\"subscription\":\"PRO\"}}";

    [PrometheusFact]
    public async Task Prometheus_scrapes_the_sample_and_reads_usage_utilization_and_the_forecast()
    {
        // How long the sample has existed bounds how stale its forecast can be (see the gap below): a bound from the
        // test's own sequence of events, not an assumption about how fast the machine is.
        var sinceStart = System.Diagnostics.Stopwatch.StartNew();
        await using var providers = await FakeProviders.StartAsync();
        var coinStatsUsed = 45000L;
        providers.Answer("CoinStats", _ => CannedResponse.Json(CoinStatsBody(System.Threading.Interlocked.Read(ref coinStatsUsed))));

        var root = PrometheusTools.RepositoryRoot;
        var sampleDir = Path.Combine(root, "samples", "UsageGen.Sample.Service");
        var dll = Path.Combine(sampleDir, "bin", PrometheusTools.Metadata("Configuration"), "net10.0", "UsageGen.Sample.Service.dll");
        Assert.True(File.Exists(dll), "the sample is built with the tests: " + dll);
        var args = new List<string> { dll, "--urls", "http://127.0.0.1:0", "--UsageGen:Interval=00:00:01", "--UsageGen:Jitter=0", "--UsageGen:Http:Retries=false",
            "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Information" };
        foreach (var p in Five)
        {
            args.Add($"--UsageGen:Providers:{p}:ApiKey={MonitorHost.KeyFor(p)}");
            args.Add($"--UsageGen:Providers:{p}:BaseAddress={providers.BaseAddressFor(p)}");
        }
        using var sample = ServiceProcess.Start("dotnet", args, sampleDir, new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        var sampleUrl = await sample.WaitForLineAsync(new Regex(@"Now listening on: (http://127\.0\.0\.1:\d+)"), "sample address");

        var work = Directory.CreateTempSubdirectory("usagegen-prometheus-").FullName;
        File.Copy(Path.Combine(root, "src", "UsageGen.Hosting", "prometheus", "usagegen.rules.yml"), Path.Combine(work, "usagegen.rules.yml"));
        File.WriteAllText(Path.Combine(work, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - usagegen.rules.yml
            scrape_configs:
              - job_name: usagegen-sample
                metrics_path: /metrics
                static_configs:
                  - targets: ['{new Uri(sampleUrl).Authority}']
            """);
        var port = ServiceProcess.FreePort();
        using var prometheus = ServiceProcess.Start(PrometheusTools.Prometheus, new[]
        {
            "--config.file=prometheus.yml", "--storage.tsdb.path=data", $"--web.listen-address=127.0.0.1:{port}", "--log.level=info",
        }, work);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };

        // Every provider's main quota, as scraped.
        var used = await QueryUntilAsync(http, "usagegen_quota_used", r => Five.All(p => r.Any(s => s.Provider == p)), prometheus);
        var limit = await QueryUntilAsync(http, "usagegen_quota_limit", r => Five.All(p => r.Any(s => s.Provider == p)), prometheus);
        var utilization = await QueryUntilAsync(http, "usagegen_quota_utilization", r => Five.All(p => r.Any(s => s.Provider == p)), prometheus);
        foreach (var (provider, quota, u, l) in Documented)
        {
            Assert.Equal(u, Value(used, provider, quota));
            Assert.Equal(l, Value(limit, provider, quota));
            Assert.Equal(u / l, Value(utilization, provider, quota), 12);
        }
        var shoal = used.Single(s => s.Provider == "Shoal");
        Assert.Equal("account", shoal.Labels["usagegen_quota_scope"]);
        Assert.Equal("credits", shoal.Labels["usagegen_quota_unit"]);
        Assert.Equal("month", shoal.Labels["usagegen_quota_window"]);

        // Unchanging usage never runs out: +Inf.
        var steady = await QueryUntilAsync(http, "usagegen_quota_exhaustion_time_seconds{usagegen_provider=\"Shoal\"}", r => r.Count > 0, prometheus);
        Assert.True(double.IsPositiveInfinity(steady.Single().Value));

        // CoinStats starts spending: 1,000 credits more. The forecast gauge turns finite and agrees with the burn rate.
        System.Threading.Interlocked.Exchange(ref coinStatsUsed, 46000);
        await QueryUntilAsync(http, "usagegen_quota_used{usagegen_provider=\"CoinStats\"}", r => r.Count == 1 && r[0].Value == 46000, prometheus);
        var exhaustion = await QueryUntilAsync(http, "usagegen_quota_exhaustion_time_seconds{usagegen_provider=\"CoinStats\"}",
            r => r.Count == 1 && !double.IsInfinity(r[0].Value), prometheus);
        Assert.True(exhaustion.Single().Value > 0);
        var q = "{usagegen_provider=\"CoinStats\"}";
        var rate = (await QueryUntilAsync(http, "usagegen_quota_burn_rate" + q, r => r.Count == 1, prometheus)).Single().Value;
        Assert.True(rate > 0, "burn rate " + rate);
        Assert.Equal(54000, (await QueryAsync(http, "usagegen_quota_remaining" + q)).Single().Value);
        // One instant query, so all three come from the same scrape: counted from the latest fetch the forecast is
        // remaining / rate; the gauge counts from the scrape, later by the time since that fetch, which can be no
        // longer than the sample has existed.
        var gap = await QueryUntilAsync(http, $"usagegen_quota_remaining{q} / usagegen_quota_burn_rate{q} - usagegen_quota_exhaustion_time_seconds{q}",
            r => r.Count == 1 && !double.IsInfinity(r[0].Value) && !double.IsNaN(r[0].Value), prometheus);
        _output.WriteLine($"CoinStats: exhaustion {exhaustion.Single().Value} s, burn rate {rate}/s, remaining/rate - exhaustion = {gap.Single().Value} s");
        Assert.InRange(gap.Single().Value, 0, sinceStart.Elapsed.TotalSeconds);

        // The shipped rules loaded in a real server, each evaluated at least once (health "unknown" until then).
        var rules = await RulesUntilEvaluatedAsync(http, prometheus);
        Assert.Equal(new[] { "UsageGenQuotaAbove80Percent", "UsageGenQuotaRunsOutBeforeReset", "UsageGenFetchFailing" },
            rules.Select(r => r.GetProperty("name").GetString()));
        Assert.All(rules, r => Assert.Equal("ok", r.GetProperty("health").GetString()));

        // The secret sweep: the sample's every log line (Trace), its metrics and its health report.
        using var sampleHttp = new HttpClient { BaseAddress = new Uri(sampleUrl), Timeout = TimeSpan.FromSeconds(30) };
        var metrics = await sampleHttp.GetStringAsync("metrics");
        var health = await sampleHttp.GetStringAsync("health");
        var usage = await sampleHttp.GetStringAsync("usage");
        _output.WriteLine(string.Join("\n", metrics.Split('\n').Where(l => l.StartsWith("usagegen_quota", StringComparison.Ordinal))));
        foreach (var p in Five)
            SecretSweep.AssertAbsent(MonitorHost.KeyFor(p), ("sample log", sample.Output), ("/metrics", metrics), ("/health", health), ("/usage", usage));
        Assert.Contains("fetched usage in", sample.Output);   // Debug logging really was on
    }

    private sealed record Series(string Provider, IReadOnlyDictionary<string, string> Labels, double Value);

    private static double Value(IReadOnlyList<Series> series, string provider, string quota) =>
        series.Single(s => s.Provider == provider && s.Labels["usagegen_quota_name"] == quota).Value;

    private static async Task<IReadOnlyList<Series>> QueryAsync(HttpClient http, string query)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(query)));
        var list = new List<Series>();
        foreach (var r in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var text = r.GetProperty("value")[1].GetString()!;
            var value = text switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, _ => double.Parse(text, CultureInfo.InvariantCulture) };
            list.Add(new Series(labels.TryGetValue("usagegen_provider", out var p) ? p : "", labels, value));
        }
        return list;
    }

    private static async Task<IReadOnlyList<JsonElement>> RulesUntilEvaluatedAsync(HttpClient http, ServiceProcess prometheus)
    {
        var guard = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var rules = JsonDocument.Parse(await http.GetStringAsync("api/v1/rules")).RootElement.GetProperty("data").GetProperty("groups")[0]
                .GetProperty("rules").EnumerateArray().ToList();
            if (rules.All(r => r.GetProperty("health").GetString() != "unknown")) return rules;
            if (prometheus.HasExited) throw new InvalidOperationException("prometheus exited:\n" + prometheus.Output);
            if (guard.Elapsed > PollGuard) throw new TimeoutException("hang guard: the rules were never evaluated\n" + prometheus.Output);
            await Task.Delay(250);
        }
    }

    /// <summary>Real time after which polling Prometheus gives up: a hang guard, never a measure of speed.</summary>
    private static readonly TimeSpan PollGuard = TimeSpan.FromMinutes(3);

    private static async Task<IReadOnlyList<Series>> QueryUntilAsync(HttpClient http, string query, Func<IReadOnlyList<Series>, bool> done, ServiceProcess prometheus)
    {
        var guard = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<Series> last = Array.Empty<Series>();
        while (guard.Elapsed < PollGuard)
        {
            try
            {
                last = await QueryAsync(http, query);
                if (done(last)) return last;
            }
            catch (HttpRequestException)
            {
                // Prometheus still starting.
            }
            if (prometheus.HasExited) throw new InvalidOperationException("prometheus exited:\n" + prometheus.Output);
            await Task.Delay(250);
        }
        throw new TimeoutException($"hang guard: {query} never satisfied the test; last: {string.Join(", ", last.Select(s => s.Provider + "=" + s.Value))}\n{prometheus.Output}");
    }

}
