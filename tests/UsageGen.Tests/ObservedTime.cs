using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace UsageGen.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when a timer is set (created with a due time, or changed to one, as a
/// <see cref="CancellationTokenSource"/> on a TimeProvider does for CancelAfter), so a test advances time only once the
/// code under test waits on it: nothing depends on how fast the machine is.
/// </summary>
public sealed class ObservedTime : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _created = new();
    private readonly SemaphoreSlim _signal = new(0);

    /// <summary>A whole second, so HTTP dates (second resolution) are exact.</summary>
    public ObservedTime() : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) { }

    /// <summary>The due times every timer was set to so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Created
    {
        get { lock (_gate) return _created.ToArray(); }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Observed(this, base.CreateTimer(callback, state, dueTime, period));
        Set(dueTime);
        return timer;
    }

    private void Set(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan) return;
        lock (_gate) _created.Add(dueTime);
        _signal.Release();
    }

    private sealed class Observed : ITimer
    {
        private readonly ObservedTime _owner;
        private readonly ITimer _inner;

        public Observed(ObservedTime owner, ITimer inner)
        {
            _owner = owner;
            _inner = inner;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = _inner.Change(dueTime, period);
            _owner.Set(dueTime);
            return changed;
        }

        public void Dispose() => _inner.Dispose();

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }

    /// <summary>Waits until timers due after <paramref name="due"/> have been set <paramref name="count"/> times.</summary>
    public Task WaitForTimerAsync(TimeSpan due, int count = 1) =>
        Until(() => Created.Count(d => d == due) >= count, _signal, () => $"no timer due after {due} was set (timers: {string.Join(", ", Created)})");

    /// <summary>
    /// Waits, woken by <paramref name="signal"/>, until <paramref name="done"/>. The real-time limit (60 s) only turns a
    /// hang into a failure that says <paramref name="why"/>; no test depends on how soon it comes.
    /// </summary>
    public static async Task Until(Func<bool> done, SemaphoreSlim signal, Func<string> why)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!done())
        {
            try { await signal.WaitAsync(limit.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { throw new TimeoutException(why()); }
        }
    }
}
