using UsageGen.EndToEnd.Tests;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>Timing-sensitive tests run alone (after the parallel ones), so they measure the CLI, not a busy machine.</summary>
[CollectionDefinition(nameof(TimingTests), DisableParallelization = true)]
public sealed class TimingCollection { }

[Collection(nameof(TimingTests))]
public sealed class TimingTests : IAsyncLifetime
{
    private LocalServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_provider_slower_than_the_timeout_is_an_error_row_and_the_run_stays_quick()
    {
        var env = new Dictionary<string, string?>();
        foreach (var p in Documented.Providers)
        {
            _server.Route("GET", p.ServedPath, p.Name == "Sharpe"
                ? new CannedResponse { Body = p.Body, Delay = TimeSpan.FromSeconds(20) }
                : p.Response);
            env[p.EnvironmentVariable] = "k-" + p.Name;
            env[$"UsageGen__Providers__{p.Name}__BaseAddress"] = new Uri(_server.BaseAddress, p.Prefix).ToString();
        }

        var run = await Cli.RunAsync(env, "--timeout", "1");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(6), run.ToString());
        var row = run.Row("Sharpe");
        Assert.Contains("timeout", row, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("1 s", row, StringComparison.Ordinal);
        Assert.Contains("Other", run.Row("CoinGecko"), StringComparison.Ordinal);
        Assert.Contains("Bootstrap", run.Row("Tavily"), StringComparison.Ordinal);
        Assert.Contains("1 of 5 providers failed: Sharpe.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_refreshes_until_cancelled_and_exits_with_the_last_code()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3.5));
        var run = await Cli.RunAsync(Cli.NoKeys, cts.Token, "--watch", "1s", "--provider", "coinstats");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), run.ToString());
        var refreshes = run.Output.Split('\n').Count(l => l.Contains("refreshing every 1 s", StringComparison.Ordinal));
        Assert.True(refreshes >= 2, $"expected at least two refreshes:\n{run.Output}");
        Assert.Contains("45,000 / 100,000", run.Output, StringComparison.Ordinal);
    }
}
