using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using UsageGen.Tests;

namespace UsageGen.Hosting.Tests;

/// <summary>
/// A generic host with <c>services.AddUsageGen(configuration.GetSection("UsageGen"))</c> (the generated one-liner), a
/// fake clock (<see cref="ObservedTime"/>, which reports every timer set), and every log line kept. Waits are on the
/// monitor's events, with a generous real-time limit only as a hang guard.
/// </summary>
/// <remarks>
/// The clock moves only once the monitor waits on it. The monitor starts a provider's next wait (a timer on the
/// clock) before it publishes the state of the fetch that just completed, so once a test has seen a fetch complete,
/// advancing the clock reaches that provider's wait; a test that advances while a fetch is still running waits for
/// that fetch's own timer first (<see cref="ObservedTime.WaitForTimerAsync"/>). No real-time timeout of the HTTP layer
/// is left in the way (<see cref="Settings"/>), so a slow machine makes a test slower, never wrong.
/// </remarks>
public sealed class MonitorHost : IAsyncDisposable
{
    /// <summary>Real time after which a wait gives up and says what it waited for: turns a hang into a failure, nothing more.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    /// <summary>Sharpe's documented "timestamp" is 2026-03-28T12:00:05Z; its quota resets 2026-04-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

    private MonitorHost(IHost host, ObservedTime time, LogSink logs)
    {
        Host = host;
        Time = time;
        Logs = logs;
    }

    public IHost Host { get; }
    public ObservedTime Time { get; }
    public LogSink Logs { get; }
    public IServiceProvider Services => Host.Services;
    public IUsageMonitor Monitor => Host.Services.GetRequiredService<IUsageMonitor>();

    public static string KeyFor(string provider) => "sk-live-" + provider.ToLowerInvariant() + "-Z9x8Q7w6";

    /// <summary>
    /// Settings that point every named provider at <paramref name="providers"/> with its own key, no HTTP-level retries,
    /// and the HTTP layer's real-time timeouts pushed out of the way: only the monitor's fake-clock timeout counts.
    /// </summary>
    public static Dictionary<string, string?> Settings(FakeProviders providers, IEnumerable<string> names, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["UsageGen:Interval"] = "00:01:00",
            ["UsageGen:Jitter"] = "0",
            ["UsageGen:Http:Retries"] = "false",
            ["UsageGen:Http:AttemptTimeout"] = "02:00:00",
            ["UsageGen:Http:Timeout"] = "02:00:00",
        };
        foreach (var name in names)
        {
            settings[$"UsageGen:Providers:{name}:ApiKey"] = KeyFor(name);
            settings[$"UsageGen:Providers:{name}:BaseAddress"] = providers.BaseAddressFor(name).ToString();
        }
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    /// <summary>
    /// The host, with the generated <c>AddUsageGen</c> (the five launch specs), or with the public overload and
    /// <paramref name="providers"/> when given.
    /// </summary>
    public static IHost Build(IDictionary<string, string?> settings, FakeTimeProvider time, LogSink logs, IEnumerable<UsageProviderInfo>? providers = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton<TimeProvider>(time);
        if (providers is null) builder.Services.AddUsageGen(builder.Configuration.GetSection("UsageGen"));
        else builder.Services.AddUsageGen(builder.Configuration.GetSection("UsageGen"), providers);
        return builder.Build();
    }

    /// <summary>The host built but not started, for a test that must subscribe before the first fetch.</summary>
    public static MonitorHost Create(IDictionary<string, string?> settings, IEnumerable<UsageProviderInfo>? providers = null)
    {
        var time = new ObservedTime();
        time.SetUtcNow(Start);
        var logs = new LogSink();
        return new MonitorHost(Build(settings, time, logs, providers), time, logs);
    }

    public static async Task<MonitorHost> StartAsync(IDictionary<string, string?> settings, IEnumerable<UsageProviderInfo>? providers = null)
    {
        var host = Create(settings, providers);
        await host.Host.StartAsync();
        return host;
    }

    public ProviderUsageState State(string provider) => Monitor.Current[provider];

    /// <summary>Waits until <paramref name="condition"/> holds for the monitor's state (checked on every change).</summary>
    public async Task<IReadOnlyDictionary<string, ProviderUsageState>> WaitAsync(Func<IReadOnlyDictionary<string, ProviderUsageState>, bool> condition, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, UsageChangedEventArgs e)
        {
            if (condition(Monitor.Current)) done.TrySetResult();
        }
        Monitor.Changed += Check;
        try
        {
            Check(null, null!);
            var finished = await Task.WhenAny(done.Task, Task.Delay(HangGuard));
            if (finished != done.Task)
                throw new TimeoutException($"hang guard: gave up waiting for {what}; state: {string.Join(" | ", Monitor.Current.Values.Select(s => s + $" fetches={s.Fetches}"))}");
            return Monitor.Current;
        }
        finally
        {
            Monitor.Changed -= Check;
        }
    }

    public Task WaitForFetchesAsync(string provider, int fetches) =>
        WaitAsync(c => c[provider].Fetches >= fetches, $"{provider} to complete {fetches} fetch(es)");

    /// <summary>Moves the fake clock to <paramref name="provider"/>'s next fetch and waits for it to complete.</summary>
    public async Task<ProviderUsageState> NextFetchAsync(string provider)
    {
        var state = State(provider);
        var due = state.NextFetchAt ?? throw new InvalidOperationException(provider + " has no next fetch");
        var now = Time.GetUtcNow();
        if (due > now) Time.Advance(due - now);
        await WaitForFetchesAsync(provider, state.Fetches + 1);
        return State(provider);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(HangGuard);
        await Host.StopAsync(stop.Token);
        Host.Dispose();
    }
}

/// <summary>Every log line written, formatted, with its category and level.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, EventId Id, string Message)> _lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, EventId Id, string Message)> Lines => _lines.ToArray();

    public IEnumerable<string> Messages(string eventName) => Lines.Where(l => l.Id.Name == eventName).Select(l => l.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose() { }

    private sealed class Logger : ILogger
    {
        private readonly string _category;
        private readonly ConcurrentQueue<(string, LogLevel, EventId, string)> _lines;

        public Logger(string category, ConcurrentQueue<(string, LogLevel, EventId, string)> lines)
        {
            _category = category;
            _lines = lines;
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The whole record: message, every structured value and any exception, as a sink would store them.
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                text += " | " + string.Join(", ", pairs.Select(p => p.Key + "=" + p.Value));
            if (exception is not null) text += " | " + exception;
            _lines.Enqueue((_category, logLevel, eventId, text));
        }
    }
}
