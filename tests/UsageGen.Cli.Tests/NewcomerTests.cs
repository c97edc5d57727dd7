using UsageGen.CommandLine;
using UsageGen.EndToEnd.Tests;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>What a newcomer meets first: narrow terminals, stale resets, --json for scripts.</summary>
public sealed class NewcomerTests
{
    private static async Task<(CliRun Out, string Error)> RunAsync(int width, DateTimeOffset? now, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Program.RunAsync(args, new UsageGenCommandOptions
        {
            Out = Cli.Console(output, width),
            Error = Cli.Console(error, width),
            Environment = Cli.Hermetic(null),
            UseConfigurationFiles = false,
            TimeProvider = now is { } at ? new FakeTimeProvider(at) : null,
        });
        return (new CliRun(exit, output.ToString(), TimeSpan.Zero), error.ToString());
    }

    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(120)]
    public async Task Details_fit_the_terminal_without_cutting_a_word_and_say_units(int width)
    {
        var (run, error) = await RunAsync(width, null, "--details");

        Assert.True(run.ExitCode == 0, run + error);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: '{l}'"));
        // Each of these is whole on some line: no name, endpoint, scope or plan is wrapped mid-word.
        foreach (var word in new[]
                 {
                     "CoinGecko", "CoinStats", "Sharpe", "Shoal", "Tavily", "Bootstrap", "/api/v1/price-prediction/data", "/api/v1/funding/rates",
                     "billing-cycle", "pay-as-you-go", "thisMonth", "account/research", "quota paygo", "stale,",
                 })
            Assert.True(lines.Any(l => l.Contains(word, StringComparison.Ordinal)), $"'{word}' is not whole on any line:\n{run.Output}");
        // Units on every figure of the details.
        Assert.Contains(lines, l => l.Contains("quota key", StringComparison.Ordinal) && l.Contains("150 / 1,000 credits", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/api/v1/news/feed", StringComparison.Ordinal) && l.Contains("98 requests", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("requests thisMonth", StringComparison.Ordinal) && l.Contains("1,205 requests", StringComparison.Ordinal));
        Assert.Contains("ms avg", run.Output, StringComparison.Ordinal);
        Assert.Contains("500 rpm", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_in_the_past_is_shown_as_stale()
    {
        // Sharpe's documented quota resets 2026-04-01.
        var (after, _) = await RunAsync(240, new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), "-p", "sharpe");
        var row = after.Row("Sharpe");
        Assert.Contains("stale, 233d 0h ago", row, StringComparison.Ordinal);
        Assert.Contains("2026-04-01", row, StringComparison.Ordinal);
        Assert.Contains("stale: the reset time the provider reports has passed", after.Output, StringComparison.Ordinal);

        var (before, _) = await RunAsync(240, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), "-p", "sharpe");
        Assert.Contains("in 31d 0h", before.Row("Sharpe"), StringComparison.Ordinal);
        Assert.DoesNotContain("stale", before.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_with_fail_above_names_the_providers_that_crossed_on_stderr_and_keeps_stdout_json()
    {
        // Documented: CoinStats 45 %, Shoal 42 %, the others below 40 %.
        var (run, error) = await RunAsync(240, null, "--json", "--fail-above", "40");

        Assert.True(run.ExitCode == 3, run + error);
        Assert.Equal(5, JsonDocument.Parse(run.Output).RootElement.GetArrayLength());
        Assert.Contains("Above 40%: CoinStats (45%), Shoal (42%).", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_output_reads_back_into_snapshots_that_write_the_same_document()
    {
        var (run, error) = await RunAsync(240, null, "--json", "--demo");
        Assert.True(run.ExitCode == 0, run + error);

        var snapshots = UsageSnapshotJson.DeserializeArray(run.Output);

        Assert.Equal(5, snapshots.Count);
        Assert.Equal(run.Output.TrimEnd(), UsageSnapshotJson.Serialize(snapshots, indented: true));
        Assert.Equal(JsonSerializer.Serialize(snapshots), UsageSnapshotJson.Serialize(snapshots));
        var tavily = snapshots.Single(s => s.Provider == "Tavily");
        Assert.Equal(3, tavily.Quotas.Count);
        Assert.Equal(DerivedFigures.Remaining, tavily.Quotas[0].Derived);
        Assert.IsType<UsageSnapshot<JsonElement>>(tavily);
    }
}
