using UsageGen.CommandLine;
using UsageGen.EndToEnd.Tests;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>Timeouts and --watch, told by what happened (rows, refreshes, records), never by how long it took.</summary>
public sealed class WatchTests : IAsyncLifetime
{
    private LocalServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_provider_slower_than_the_timeout_is_a_timeout_row_and_the_others_are_shown()
    {
        var env = new Dictionary<string, string?>();
        foreach (var p in Documented.Providers)
        {
            // Sharpe answers only after 10 minutes: had the timeout not cut it off, the run could not have ended with a row.
            // The others answer at once; 5 s is room for a busy machine, not a measurement.
            _server.Route("GET", p.ServedPath, p.Name == "Sharpe"
                ? new CannedResponse { Body = p.Body, Delay = TimeSpan.FromMinutes(10) }
                : p.Response);
            env[p.EnvironmentVariable] = "k-" + p.Name;
            env[$"UsageGen__Providers__{p.Name}__BaseAddress"] = new Uri(_server.BaseAddress, p.Prefix).ToString();
        }

        var run = await Cli.RunAsync(env, "--timeout", "5");

        Assert.True(run.ExitCode == 4, run.ToString());
        var row = run.Row("Sharpe");
        Assert.Contains("timeout", row, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("5 s", row, StringComparison.Ordinal);
        Assert.Contains("Other", run.Row("CoinGecko"), StringComparison.Ordinal);
        Assert.Contains("Bootstrap", run.Row("Tavily"), StringComparison.Ordinal);
        Assert.Contains("1 of 5 providers failed: Sharpe.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_refreshes_each_time_the_interval_passes_records_each_refresh_and_exits_with_the_last_code()
    {
        var time = new CountingTime(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var history = Path.Combine(Directory.CreateTempSubdirectory("usagegen-watch-").FullName, "history.db");
        var output = new StringWriter();
        var console = new SynchronizedWriter(output);
        using var cts = new CancellationTokenSource();
        var run = Program.RunAsync(new[] { "--watch", "1m", "--provider", "coinstats", "--history", history },
            new UsageGenCommandOptions { Out = Cli.Console(console), Error = Cli.Console(console), Environment = Cli.Hermetic(null), TimeProvider = time },
            cts.Token);

        // Each refresh waits for the clock: once a frame is out and the command waits for its next interval, move the
        // clock one interval; three frames.
        for (var frame = 1; frame <= 3; frame++)
        {
            await console.WaitForAsync("refreshing every 1 min", frame, run, () => time.Timers >= frame);
            if (frame < 3) time.Advance(TimeSpan.FromMinutes(1));
        }
        cts.Cancel();
        var exit = await run;

        var text = console.ToString();
        Assert.True(exit == 0, text);
        Assert.Equal(3, text.Split('\n').Count(l => l.Contains("refreshing every 1 min", StringComparison.Ordinal)));
        Assert.Contains("45,000 / 100,000", text, StringComparison.Ordinal);
        // Every refresh is a recorded run: the first is a first run, the next two compare with the one before.
        Assert.Contains("first run", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split('\n').Count(l => l.Contains("+0 (1m)", StringComparison.Ordinal)));
        using var store = HistoryStore.Open(history, time.GetUtcNow(), new List<string>());
        var points = store.Points(demo: true, DateTimeOffset.MinValue, provider: "CoinStats");
        Assert.Equal(new[] { 0, 1, 2 }, points.Select(p => (int)(p.At - points[0].At).TotalMinutes).ToArray());
    }

    /// <summary>A fake clock that counts the timers the command starts (each watch interval is one).</summary>
    private sealed class CountingTime : FakeTimeProvider
    {
        private int _timers;

        public CountingTime(DateTimeOffset start) : base(start) { }

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>A StringWriter the test can wait on: the command writes from its own tasks.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly StringWriter _inner;
        private readonly object _gate = new();

        public SynchronizedWriter(StringWriter inner) => _inner = inner;

        public override void Write(char value)
        {
            lock (_gate) _inner.Write(value);
        }

        public override void Write(string? value)
        {
            lock (_gate) _inner.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_gate) _inner.Write(buffer, index, count);
        }

        public override string ToString()
        {
            lock (_gate) return _inner.ToString();
        }

        /// <summary>Waits until <paramref name="text"/> has been written <paramref name="count"/> times (or the run ended: then the asserts say why).</summary>
        public async Task WaitForAsync(string text, int count, Task run, Func<bool> andThen)
        {
            // Not a timing assertion: a guard so a broken watch fails the test instead of hanging it.
            var guard = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (ToString().Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal)) < count || !andThen())
            {
                if (run.IsCompleted) Assert.Fail($"the command ended before refresh {count}:\n{ToString()}");
                if (DateTime.UtcNow > guard) Assert.Fail($"no refresh {count} within the guard:\n{ToString()}");
                await Task.Delay(20);
            }
        }
    }
}
