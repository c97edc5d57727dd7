using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UsageGen.Forecasting;

namespace UsageGen.Hosting;

/// <summary>
/// Polls every enabled provider on its own loop: its interval with jitter, doubling waits after failures (up to
/// <see cref="UsageGenOptions.MaxBackoff"/>), never sooner than a <c>Retry-After</c>. A provider that hangs is abandoned
/// after <see cref="UsageGenOptions.FetchTimeout"/> and one that throws is recorded; neither holds up the others.
/// Waits are <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> on the injected <see cref="TimeProvider"/>
/// (each differs: jitter, backoff, Retry-After), so tests drive it with a fake clock.
/// </summary>
public sealed class UsageMonitor : BackgroundService, IUsageMonitor
{
    private const int WatchBuffer = 64;

    private readonly IServiceProvider _services;
    private readonly UsageGenRegistry _registry;
    private readonly IOptionsMonitor<UsageGenOptions> _options;
    private readonly IOptionsMonitor<UsageGenProviderOptions> _providerOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly UsageGenMetrics _metrics;
    private UsageForecaster? _forecaster;
    private readonly object _gate = new();
    private readonly List<Channel<ProviderUsageState>> _watchers = new();
    private readonly Dictionary<QuotaKey, Level> _levels = new();
    private readonly HashSet<QuotaKey> _runningOut = new();
    private ImmutableDictionary<string, ProviderUsageState>? _current;

    internal UsageMonitor(IServiceProvider services, UsageGenRegistry registry, IOptionsMonitor<UsageGenOptions> options,
        IOptionsMonitor<UsageGenProviderOptions> providerOptions, TimeProvider time, ILogger<UsageMonitor> logger, IMeterFactory meterFactory)
    {
        _services = services;
        _registry = registry;
        _options = options;
        _providerOptions = providerOptions;
        _time = time;
        _logger = logger;
        // Options are read on first use, not here: the host resolves hosted services before its start-up validation,
        // which must be the one to report bad settings (all of them, each naming its setting).
        _metrics = new UsageGenMetrics(meterFactory, this, time);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, ProviderUsageState> Current => Volatile.Read(ref _current) ?? Initialize();

    private ImmutableDictionary<string, ProviderUsageState> Initialize()
    {
        lock (_gate)
        {
            _forecaster ??= new UsageForecaster(Math.Max(3, _options.CurrentValue.ForecastObservations));
            return _current ??= _registry.Providers.ToImmutableDictionary(p => p.Name, p => new ProviderUsageState(p.Name, _providerOptions.Get(p.Name).Enabled),
                StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <inheritdoc />
    public event EventHandler<UsageChangedEventArgs>? Changed;

    /// <inheritdoc />
    public async IAsyncEnumerable<ProviderUsageState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<ProviderUsageState>(new BoundedChannelOptions(WatchBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false,
        });
        lock (_gate) _watchers.Add(channel);
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                while (channel.Reader.TryRead(out var state))
                    yield return state;
        }
        finally
        {
            lock (_gate) _watchers.Remove(channel);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _options.CurrentValue;
        Initialize();
        if (!options.Monitor) return;
        var enabled = _registry.Providers.Where(p => _providerOptions.Get(p.Name).Enabled).ToList();
        if (enabled.Count == 0)
        {
            Log.NothingToWatch(_logger, _registry.PathFor("<Name>"));
            return;
        }
        Log.Started(_logger, enabled.Count, string.Join(", ", enabled.Select(p => p.Name)));
        await Task.WhenAll(enabled.Select(p => RunAsync(p, stoppingToken))).ConfigureAwait(false);
    }

    private async Task RunAsync(UsageProviderInfo info, CancellationToken stoppingToken)
    {
        // Off ExecuteAsync's thread at once: one provider's synchronous start never delays the others.
        await Task.Yield();
        var random = new Random(unchecked(Environment.TickCount ^ StringComparer.Ordinal.GetHashCode(info.Name)));
        while (!stoppingToken.IsCancellationRequested)
        {
            Task wait;
            try
            {
                wait = await FetchAndScheduleAsync(info, random, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One fetch; then the wait before the next, already started when the new state is published.</summary>
    private async Task<Task> FetchAndScheduleAsync(UsageProviderInfo info, Random random, CancellationToken stoppingToken)
    {
        var options = _options.CurrentValue;
        var providerOptions = _providerOptions.Get(info.Name);
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        UsageSnapshot? snapshot = null;
        UsageFetchError? error = null;
        using (var call = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            try
            {
                var provider = _services.GetRequiredKeyedService<IUsageProvider>(info.Name);
                snapshot = await provider.GetUsageAsync(call.Token).WaitAsync(options.FetchTimeout, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (TimeoutException e)
            {
                call.Cancel();
                error = UsageFetchError.From(e, _time.GetUtcNow(), UsageGenRedactor.For(providerOptions.ToCredentials()),
                    $"{info.Name}: no answer within {options.FetchTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (UsageGen:FetchTimeout)");
            }
            catch (Exception e)
            {
                error = UsageFetchError.From(e, _time.GetUtcNow(), UsageGenRedactor.For(providerOptions.ToCredentials()));
            }
        }

        var at = _time.GetUtcNow();
        var duration = _time.GetElapsedTime(started);
        _metrics.RecordFetch(info.Name, duration, error?.Type);
        var failures = error is null ? 0 : Current[info.Name].ConsecutiveFailures + 1;
        var forecaster = _forecaster!;
        var delay = PollSchedule.NextDelay(providerOptions.Interval ?? options.Interval, options.Jitter, options.MaxBackoff, failures, error?.RetryAfter, random.NextDouble());
        var wait = Task.Delay(delay, _time, stoppingToken);

        ProviderUsageState state;
        lock (_gate)
        {
            var current = _current!;
            var previous = current[info.Name];
            if (snapshot is not null)
            {
                foreach (var quota in snapshot.Quotas)
                    forecaster.Observe(QuotaKey.For(info.Name, quota), QuotaObservation.From(quota, at));
                state = previous.Succeeded(snapshot, startedAt, at, forecaster.Forecasts(info.Name)).Scheduled(at + delay);
            }
            else
            {
                state = previous.Failed(error!, startedAt, at).Scheduled(at + delay);
            }
            _current = current.SetItem(info.Name, state);
        }

        if (snapshot is not null)
        {
            if (_logger.IsEnabled(LogLevel.Debug))
                Log.Fetched(_logger, info.Name, duration.TotalMilliseconds, Number(snapshot.CreditsUsed), snapshot.IsUnlimited ? "unlimited" : Number(snapshot.CreditsLimit),
                    Number(snapshot.PercentUsed), delay.TotalSeconds);
            CheckThresholds(state, snapshot, providerOptions, options, at);
        }
        else
        {
            Log.FetchFailed(_logger, info.Name, error!.Type, error.Status is { } s ? " " + ((int)s).ToString(CultureInfo.InvariantCulture) : "", error.Message,
                state.ConsecutiveFailures, delay.TotalSeconds);
        }
        Publish(state);
        return wait;
    }

    private void Publish(ProviderUsageState state)
    {
        Channel<ProviderUsageState>[] watchers;
        lock (_gate) watchers = _watchers.ToArray();
        foreach (var w in watchers) w.Writer.TryWrite(state);
        try
        {
            Changed?.Invoke(this, new UsageChangedEventArgs(state));
        }
        catch (Exception)
        {
            // A subscriber's bug must not stop the provider's loop.
        }
    }

    private enum Level { Normal, Warning, Critical }

    private void CheckThresholds(ProviderUsageState state, UsageSnapshot snapshot, UsageGenProviderOptions providerOptions, UsageGenOptions options, DateTimeOffset now)
    {
        var warn = providerOptions.WarnAbove ?? options.WarnAbove;
        var critical = providerOptions.CriticalAbove ?? options.CriticalAbove;
        foreach (var quota in snapshot.Quotas)
        {
            var key = QuotaKey.For(state.Provider, quota);
            if (UsageHealth.Percent(quota) is { } percent)
            {
                var level = (double)percent > critical ? Level.Critical : (double)percent > warn ? Level.Warning : Level.Normal;
                Level before;
                lock (_gate)
                {
                    before = _levels.TryGetValue(key, out var b) ? b : Level.Normal;
                    _levels[key] = level;
                }
                if (level > before)
                    Log.ThresholdCrossed(_logger, state.Provider, quota.Name, Number(percent), level == Level.Critical ? "critical" : "warning", level == Level.Critical ? critical : warn);
                else if (level == Level.Normal && before != Level.Normal)
                    Log.ThresholdCleared(_logger, state.Provider, quota.Name, Number(percent));
            }
            var forecast = state.Forecasts.FirstOrDefault(f => f.Key == key);
            var runningOut = forecast is { RunsOutBeforeReset: true, IsExhausted: false };
            var added = false;
            lock (_gate)
            {
                if (runningOut) added = _runningOut.Add(key);
                else _runningOut.Remove(key);
            }
            if (added) Log.RunsOutBeforeReset(_logger, state.Provider, quota.Name, forecast!.Describe(now));
        }
    }

    private static string Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "?";
}
