using UsageGen.CommandLine;
using UsageGen.EndToEnd.Tests;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>Demo mode: no keys (or --demo), a local server replays each spec's example, the table shows the docs' figures.</summary>
public sealed class DemoTests
{
    private static string N(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    [Fact]
    public async Task No_keys_shows_demo_table_with_every_provider_plan_and_figures()
    {
        var run = await Cli.RunAsync(Cli.NoKeys);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Demo data", run.Output, StringComparison.Ordinal);
        Assert.Contains("COINGECKO_API_KEY", run.Output, StringComparison.Ordinal);
        foreach (var p in Documented.Providers)
        {
            var row = run.Row(p.Name);
            Assert.Contains(" " + p.Plan + " ", row, StringComparison.Ordinal);
            Assert.Contains($"{N(p.Used)} / {N(p.Limit)}", row, StringComparison.Ordinal);
            Assert.Contains(N(p.Remaining), row, StringComparison.Ordinal);
            Assert.Contains("ok", row, StringComparison.Ordinal);
        }
        // Headers, percentages, the rate limit and the derived mark.
        Assert.Contains("Used / Limit", run.Output, StringComparison.Ordinal);
        Assert.Contains("45%", run.Row("CoinStats"), StringComparison.Ordinal);
        Assert.Contains("1,000 rpm", run.Row("CoinGecko"), StringComparison.Ordinal);
        Assert.Contains("2026-04-01", run.Row("Sharpe"), StringComparison.Ordinal);
        Assert.Contains("14,500*", run.Row("Tavily"), StringComparison.Ordinal);
        Assert.Contains("* derived", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_has_five_snapshots_with_the_documented_figures_and_nothing_else()
    {
        var run = await Cli.RunAsync(Cli.NoKeys, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Output);   // the whole output is one JSON document
        var items = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal(5, items.Length);
        foreach (var p in Documented.Providers)
        {
            var e = items.Single(i => i.GetProperty("provider").GetString() == p.Name);
            Assert.Equal(p.Plan, e.GetProperty("plan").GetString());
            Assert.Equal(p.Used, e.GetProperty("creditsUsed").GetDecimal());
            Assert.Equal(p.Limit, e.GetProperty("creditsLimit").GetDecimal());
            Assert.Equal(p.Remaining, e.GetProperty("creditsRemaining").GetDecimal());
            if (p.ResetsAt is null)
                Assert.Equal(JsonValueKind.Null, e.GetProperty("resetsAt").ValueKind);
            else
                Assert.Equal(DateTimeOffset.Parse(p.ResetsAt, CultureInfo.InvariantCulture), e.GetProperty("resetsAt").GetDateTimeOffset());
            if (p.RequestsPerMinute is null)
                Assert.Equal(JsonValueKind.Null, e.GetProperty("requestsPerMinute").ValueKind);
            else
                Assert.Equal(p.RequestsPerMinute, e.GetProperty("requestsPerMinute").GetDecimal());
        }
        Assert.DoesNotContain("Demo data", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_flag_wins_over_configured_keys()
    {
        // A key pointing at a closed port: real mode would fail; --demo must not even try it.
        var env = new Dictionary<string, string?>
        {
            ["TAVILY_API_KEY"] = "tvly-should-not-be-used",
            ["UsageGen__Providers__Tavily__BaseAddress"] = "http://127.0.0.1:9/",
        };
        var run = await Cli.RunAsync(env, "--demo", "--provider", "TAVILY");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("--demo", run.Output, StringComparison.Ordinal);
        Assert.Contains("Bootstrap", run.Row("Tavily"), StringComparison.Ordinal);
        Assert.DoesNotContain("CoinGecko", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_above_exits_3_only_when_a_provider_is_above_the_threshold()
    {
        // CoinStats is documented at 45 %.
        var above = await Cli.RunAsync(Cli.NoKeys, "--fail-above", "40");
        Assert.True(above.ExitCode == 3, above.ToString());
        Assert.Contains("above 40%", above.Row("CoinStats"), StringComparison.Ordinal);
        Assert.Contains("ok", above.Row("Tavily"), StringComparison.Ordinal);

        var below = await Cli.RunAsync(Cli.NoKeys, "--fail-above", "50");
        Assert.True(below.ExitCode == 0, below.ToString());
        Assert.DoesNotContain("above 50%", below.Output, StringComparison.Ordinal);

        var json = await Cli.RunAsync(Cli.NoKeys, "--json", "--fail-above", "40");
        Assert.Equal(3, json.ExitCode);
        using var _ = JsonDocument.Parse(json.Output);
    }

    [Fact]
    public async Task Details_for_tavily_shows_its_quotas_and_breakdown_rows()
    {
        var plain = await Cli.RunAsync(Cli.NoKeys, "--provider", "tavily");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.DoesNotContain("key/search", plain.Output, StringComparison.Ordinal);

        var run = await Cli.RunAsync(Cli.NoKeys, "--provider", "tavily", "--details");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("CoinGecko", run.Output, StringComparison.Ordinal);
        foreach (var (scope, name, used) in new[]
                 {
                     ("key", "search", 100), ("key", "extract", 25), ("key", "crawl", 15), ("key", "map", 7), ("key", "research", 3),
                     ("account", "search", 350), ("account", "extract", 75), ("account", "crawl", 50), ("account", "map", 15), ("account", "research", 10),
                 })
        {
            var row = run.Output.Split('\n').SingleOrDefault(l => l.Contains($" {scope}/{name} ", StringComparison.Ordinal));
            Assert.True(row is not null, $"no {scope}/{name} row:\n{run.Output}");
            Assert.Contains($" {used} credits", row, StringComparison.Ordinal);
        }
        Assert.Contains("150 / 1,000", run.Output.Split('\n').Single(l => l.Contains("quota key", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("25 / 100", run.Output.Split('\n').Single(l => l.Contains("quota paygo", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_show_request_counters_and_endpoint_breakdown()
    {
        var run = await Cli.RunAsync(Cli.NoKeys, "-p", "shoal,sharpe", "-d");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("requests thisMonth", run.Output, StringComparison.Ordinal);
        Assert.Contains("1,205 requests", run.Output, StringComparison.Ordinal);
        Assert.Contains("/api/v1/news/feed", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 errors, 142 ms avg", run.Output, StringComparison.Ordinal);
    }
}
