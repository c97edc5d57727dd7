using System;
using System.Linq;
using System.Threading.Tasks;
using UsageGen.EndToEnd.Tests;
using Xunit;

namespace UsageGen.Hosting.Tests;

/// <summary>The hosted monitor over real Kestrel providers on 127.0.0.1, driven by a fake clock.</summary>
public class MonitorTests
{
    private static readonly string[] Five = { "CoinGecko", "CoinStats", "Sharpe", "Shoal", "Tavily" };

    private static string CoinStats(long used, long total = 100000) =>
        $"{{\"totalCredits\":{total},\"usedCredits\":{used},\"remainingCredits\":{total - used},\"subscription\":\"PRO\"}}";

    [Fact]
    public async Task Every_enabled_provider_is_fetched_at_start_then_on_its_own_interval()
    {
        await using var providers = await FakeProviders.StartAsync();
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, Five, ("UsageGen:Providers:Tavily:Interval", "00:00:30")));
        await host.WaitAsync(c => Five.All(p => c[p].Fetches == 1), "the first fetch of all five");
        var t0 = host.Time.GetUtcNow();
        foreach (var p in Five)
        {
            var state = host.State(p);
            Assert.NotNull(state.Snapshot);
            Assert.Null(state.LastError);
            Assert.Equal(t0 + TimeSpan.FromSeconds(p == "Tavily" ? 30 : 60), state.NextFetchAt);
        }

        // 30 s on: Tavily only. The others' waits end at 60 s, so they cannot have fetched.
        host.Time.Advance(TimeSpan.FromSeconds(30));
        await host.WaitForFetchesAsync("Tavily", 2);
        Assert.All(Five.Where(p => p != "Tavily"), p => Assert.Equal(1, host.State(p).Fetches));

        host.Time.Advance(TimeSpan.FromSeconds(30));
        await host.WaitAsync(c => Five.All(p => c[p].Fetches == (p == "Tavily" ? 3 : 2)), "60 s: every provider again, Tavily a third time");
        Assert.All(Five, p => Assert.Equal(p == "Tavily" ? 3 : 2, providers.Count(p)));
    }

    [Fact]
    public async Task Waits_stay_within_the_jitter_bounds_and_vary()
    {
        await using var providers = await FakeProviders.StartAsync();
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "Shoal" },
            ("UsageGen:Interval", "00:01:40"), ("UsageGen:Jitter", "0.2")));
        await host.WaitForFetchesAsync("Shoal", 1);
        var waits = new System.Collections.Generic.List<TimeSpan>();
        for (var i = 0; i < 12; i++)
        {
            var before = host.State("Shoal");
            waits.Add(before.NextFetchAt!.Value - before.LastSuccessAt!.Value);
            var after = await host.NextFetchAsync("Shoal");
            Assert.Equal(before.NextFetchAt, after.LastAttemptAt);   // fetched when due, not before
        }
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(120)));   // 100 s ± 20 %
        Assert.True(waits.Distinct().Count() > 1, "jitter never varied the wait: " + string.Join(", ", waits));
    }

    [Fact]
    public async Task Failures_back_off_doubling_up_to_the_cap_and_a_success_restores_the_interval()
    {
        await using var providers = await FakeProviders.StartAsync();
        providers.Answer("CoinStats", n => n <= 5 ? CannedResponse.Json("{\"statusCode\":500,\"message\":\"oops\"}", 500) : CannedResponse.Json(CoinStats(45000)));
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "CoinStats" }, ("UsageGen:MaxBackoff", "00:05:00")));
        await host.WaitForFetchesAsync("CoinStats", 1);

        // 60 s, 120 s, 240 s, then the 300 s cap.
        var expected = new[] { 60, 120, 240, 300, 300 };
        for (var i = 0; i < expected.Length; i++)
        {
            var state = host.State("CoinStats");
            Assert.Equal(i + 1, state.ConsecutiveFailures);
            Assert.Equal(UsageGenErrorType.Http, state.LastError!.Type);
            Assert.Equal(TimeSpan.FromSeconds(expected[i]), state.NextFetchAt - state.LastError.At);
            await host.NextFetchAsync("CoinStats");
        }
        var ok = host.State("CoinStats");
        Assert.Null(ok.LastError);
        Assert.Equal(0, ok.ConsecutiveFailures);
        Assert.Equal(45000m, ok.Snapshot!.CreditsUsed);
        Assert.Equal(TimeSpan.FromSeconds(60), ok.NextFetchAt - ok.LastSuccessAt);
    }

    [Fact]
    public async Task Retry_after_is_honoured_as_a_floor()
    {
        await using var providers = await FakeProviders.StartAsync();
        providers.Answer("Shoal", n => n == 1
            ? CannedResponse.Json("{\"error\":\"slow down\"}", 429, ("Retry-After", "3600"))
            : FakeProviders.Documented(FakeProviders.Info("Shoal")));
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "Shoal" }));
        await host.WaitForFetchesAsync("Shoal", 1);

        var state = host.State("Shoal");
        Assert.Equal(UsageGenErrorType.RateLimit, state.LastError!.Type);
        Assert.Equal(TimeSpan.FromHours(1), state.LastError.RetryAfter);
        Assert.Equal(TimeSpan.FromHours(1), state.NextFetchAt - state.LastError.At);   // not the 60 s backoff

        // 59 minutes on, Shoal's wait has not ended; the hour does it.
        host.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(1, host.State("Shoal").Fetches);
        var after = await host.NextFetchAsync("Shoal");
        Assert.Null(after.LastError);
        Assert.Equal(2, providers.Count("Shoal"));
    }

    [Fact]
    public async Task A_hanging_provider_never_holds_up_the_others_and_times_out_on_its_own()
    {
        await using var providers = await FakeProviders.StartAsync();
        providers.Answer("Sharpe", _ => new CannedResponse { Status = 200, Body = "{}", Delay = TimeSpan.FromHours(1) });
        providers.Answer("Tavily", _ => throw new InvalidOperationException("the server fails this request"));
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, Five, ("UsageGen:FetchTimeout", "00:10:00")));

        // The clock moves only once Sharpe's call is out and all five first fetches wait on their 10-minute timeout.
        await providers.WaitForRequestsAsync("Sharpe", 1);
        await host.Time.WaitForTimerAsync(TimeSpan.FromMinutes(10), count: Five.Length);

        var others = new[] { "CoinGecko", "CoinStats", "Shoal" };
        for (var round = 1; round <= 3; round++)
        {
            await host.WaitAsync(c => others.All(p => c[p].Fetches == round) && c["Tavily"].Fetches >= 1, $"round {round} of the others");
            Assert.Equal(0, host.State("Sharpe").Fetches);       // still waiting for its answer
            host.Time.Advance(TimeSpan.FromSeconds(60));
        }
        Assert.Equal(1, providers.Count("Sharpe"));
        Assert.NotNull(host.State("Tavily").LastError);          // a broken answer is recorded, the loop goes on

        // The fetch timeout, 10 minutes after the first fetch, abandons Sharpe's call.
        host.Time.SetUtcNow(MonitorHost.Start + TimeSpan.FromMinutes(10));
        var sharpe = (await host.WaitAsync(c => c["Sharpe"].Fetches == 1, "Sharpe's timeout"))["Sharpe"];
        Assert.Equal(UsageGenErrorType.Timeout, sharpe.LastError!.Type);
        Assert.Equal(MonitorHost.Start + TimeSpan.FromMinutes(10), sharpe.LastError.At);
        Assert.Contains("FetchTimeout", sharpe.LastError.Message);
        Assert.Null(sharpe.Snapshot);
    }

    [Fact]
    public async Task A_reset_mid_window_starts_a_new_window_for_the_forecast()
    {
        await using var providers = await FakeProviders.StartAsync();
        var used = new long[] { 1000, 2000, 3000, 500, 1500 };
        providers.Answer("CoinStats", n => CannedResponse.Json(CoinStats(used[Math.Min(n, used.Length) - 1])));
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "CoinStats" }));
        await host.WaitForFetchesAsync("CoinStats", 1);
        await host.NextFetchAsync("CoinStats");
        var third = await host.NextFetchAsync("CoinStats");
        var f3 = Assert.Single(third.Forecasts);
        Assert.Equal(1000.0 / 60, f3.RatePerSecond!.Value, 9);                    // 1,000 credits a minute
        Assert.Equal(third.LastSuccessAt + TimeSpan.FromSeconds(97000 / (1000.0 / 60)), f3.ExhaustsAt);

        var fourth = await host.NextFetchAsync("CoinStats");                       // used drops to 500: a reset
        var f4 = Assert.Single(fourth.Forecasts);
        Assert.Null(f4.RatePerSecond);
        Assert.Equal(2, f4.Windows);

        var fifth = await host.NextFetchAsync("CoinStats");
        var f5 = Assert.Single(fifth.Forecasts);
        Assert.Equal(1000.0 / 60, f5.RatePerSecond!.Value, 9);                    // 500 -> 1,500, not (1,500 - 3,000)
        Assert.Equal(fifth.LastSuccessAt + TimeSpan.FromSeconds(5910), f5.ExhaustsAt);   // 98,500 left
        Assert.Equal(2, f5.Observations);
    }

    [Fact]
    public async Task Watchers_see_every_fetch_as_it_completes()
    {
        await using var providers = await FakeProviders.StartAsync();
        await using var host = MonitorHost.Create(MonitorHost.Settings(providers, new[] { "Shoal", "CoinStats" }));
        using var cts = new System.Threading.CancellationTokenSource(MonitorHost.HangGuard);

        // Subscribed before the host starts: the first MoveNextAsync runs WatchAsync up to its first wait, on this
        // thread, so the watcher is registered before any fetch can complete.
        var watch = host.Monitor.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var first = watch.MoveNextAsync();
        var seen = new System.Collections.Generic.List<ProviderUsageState>();
        var reading = Read();
        await host.Host.StartAsync();

        await host.WaitAsync(c => c["Shoal"].Fetches == 1 && c["CoinStats"].Fetches == 1, "first fetches");
        host.Time.Advance(TimeSpan.FromSeconds(60));
        await reading;
        await watch.DisposeAsync();
        lock (seen)
        {
            Assert.Equal(new[] { 1, 2 }, seen.Where(s => s.Provider == "Shoal").Select(s => s.Fetches));
            Assert.Equal(1, seen.First(s => s.Provider == "CoinStats").Fetches);
        }

        async Task Read()
        {
            for (var more = await first; more; more = await watch.MoveNextAsync())
            {
                lock (seen) seen.Add(watch.Current);
                if (watch.Current is { Provider: "Shoal", Fetches: 2 }) return;
            }
        }
    }

    [Fact]
    public async Task A_disabled_provider_is_listed_but_never_fetched()
    {
        await using var providers = await FakeProviders.StartAsync();
        await using var host = await MonitorHost.StartAsync(MonitorHost.Settings(providers, new[] { "Shoal", "Tavily" },
            ("UsageGen:Providers:Tavily:Enabled", "false")));
        await host.WaitForFetchesAsync("Shoal", 1);
        host.Time.Advance(TimeSpan.FromSeconds(60));
        await host.WaitForFetchesAsync("Shoal", 2);
        Assert.False(host.State("Tavily").Enabled);
        Assert.Equal(0, providers.Count("Tavily"));
        Assert.False(host.State("CoinGecko").Enabled);       // no section at all: not watched
        Assert.Equal(5, host.Monitor.Current.Count);
    }
}
