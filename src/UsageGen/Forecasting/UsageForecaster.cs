using System;
using System.Collections.Generic;

namespace UsageGen.Forecasting;

/// <summary>
/// Keeps recent observations of every quota (a bounded number per quota) and forecasts each: the rate of use over the
/// current window and when the quota runs out at that rate, compared with its reset. Pure and deterministic: time
/// comes only from the observations. Thread-safe.
/// </summary>
/// <remarks>
/// A window is the stretch since the counter last dropped or the quota last reset: an observation whose used figure
/// is below the previous one (a reset, or the provider correcting itself), or that comes after the previous
/// observation's reset time when the reported reset has moved, starts a new window, so a rate is never negative
/// because of a reset. When a window holds <see cref="MaxObservationsPerQuota"/> observations, every second one
/// (never the first or the latest) is dropped: memory stays bounded and the rate still spans the whole window.
/// </remarks>
public sealed class UsageForecaster
{
    /// <summary>The default bound on observations kept per quota.</summary>
    public const int DefaultMaxObservationsPerQuota = 128;

    private readonly object _gate = new();
    private readonly Dictionary<QuotaKey, History> _histories = new();

    public UsageForecaster(int maxObservationsPerQuota = DefaultMaxObservationsPerQuota)
    {
        if (maxObservationsPerQuota < 3)
            throw new ArgumentOutOfRangeException(nameof(maxObservationsPerQuota), maxObservationsPerQuota, "At least 3 observations per quota are needed.");
        MaxObservationsPerQuota = maxObservationsPerQuota;
    }

    /// <summary>The most observations kept per quota.</summary>
    public int MaxObservationsPerQuota { get; }

    /// <summary>
    /// Records every quota of <paramref name="snapshot"/>, at <paramref name="observedAt"/> or else the snapshot's
    /// <see cref="UsageSnapshot.ObservedAt"/>.
    /// </summary>
    public void Observe(UsageSnapshot snapshot, DateTimeOffset? observedAt = null)
    {
        if (snapshot is null) throw new ArgumentNullException(nameof(snapshot));
        var time = observedAt ?? snapshot.ObservedAt;
        foreach (var quota in snapshot.Quotas)
            Observe(QuotaKey.For(snapshot.Provider, quota), QuotaObservation.From(quota, time));
    }

    /// <summary>
    /// Records one observation. One older than the quota's latest is ignored (observations must come in time order);
    /// one at the same instant replaces it.
    /// </summary>
    public void Observe(QuotaKey key, QuotaObservation observation)
    {
        lock (_gate)
        {
            if (!_histories.TryGetValue(key, out var history))
                _histories[key] = history = new History();
            history.Add(observation, MaxObservationsPerQuota);
        }
    }

    /// <summary>The forecast of <paramref name="key"/>, or null when it was never observed.</summary>
    public QuotaForecast? Forecast(QuotaKey key)
    {
        lock (_gate)
            return _histories.TryGetValue(key, out var history) ? history.Forecast(key) : null;
    }

    /// <summary>Every quota's forecast, ordered by provider, scope and name; only <paramref name="provider"/>'s when given.</summary>
    public IReadOnlyList<QuotaForecast> Forecasts(string? provider = null)
    {
        var list = new List<QuotaForecast>();
        lock (_gate)
        {
            foreach (var pair in _histories)
                if (provider is null || string.Equals(pair.Key.Provider, provider, StringComparison.Ordinal))
                    list.Add(pair.Value.Forecast(pair.Key));
        }
        list.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return list;
    }

    /// <summary>Forgets every observation of <paramref name="provider"/> (all providers when null).</summary>
    public void Clear(string? provider = null)
    {
        lock (_gate)
        {
            if (provider is null)
            {
                _histories.Clear();
                return;
            }
            var keys = new List<QuotaKey>();
            foreach (var key in _histories.Keys)
                if (string.Equals(key.Provider, provider, StringComparison.Ordinal)) keys.Add(key);
            foreach (var key in keys) _histories.Remove(key);
        }
    }

    /// <summary>One quota: its latest observation and the current window's points (time, consumed).</summary>
    private sealed class History
    {
        private readonly List<Point> _window = new();
        private QuotaObservation _latest;
        private bool _any;
        private int _windows;

        public void Add(QuotaObservation observation, int max)
        {
            if (_any && observation.Time < _latest.Time) return;
            var previous = _latest;
            var hadPrevious = _any;
            _latest = observation;
            _any = true;
            if (_windows == 0) _windows = 1;

            if (observation.Consumed is not { } consumed) return;
            if (_window.Count > 0 && _window[_window.Count - 1].Time == observation.Time)
                _window.RemoveAt(_window.Count - 1);
            if (_window.Count > 0 && StartsNewWindow(_window[_window.Count - 1], consumed, hadPrevious ? previous : (QuotaObservation?)null, observation))
            {
                _window.Clear();
                _windows++;
            }
            _window.Add(new Point(observation.Time, consumed));
            if (_window.Count >= max) Thin();
        }

        private static bool StartsNewWindow(Point last, decimal consumed, QuotaObservation? previous, QuotaObservation current)
        {
            if (consumed < last.Consumed) return true;
            // The reset the provider announced has passed, and it now announces another: a new period even if the
            // counter has already climbed back above where it was.
            return previous is { ResetsAt: { } reset } && current.Time >= reset && current.ResetsAt != reset;
        }

        /// <summary>Drops every second point, keeping the first and the latest.</summary>
        private void Thin()
        {
            var last = _window.Count - 1;
            var write = 1;
            for (var read = 2; read < last; read += 2) _window[write++] = _window[read];
            _window[write++] = _window[last];
            _window.RemoveRange(write, _window.Count - write);
        }

        public QuotaForecast Forecast(QuotaKey key)
        {
            var start = _window.Count > 0 ? _window[0].Time : _latest.Time;
            return new QuotaForecast(key, _latest, start, _window.Count, _windows, Slope());
        }

        /// <summary>Least-squares slope of consumed over time, per second; null without two distinct instants.</summary>
        private double? Slope()
        {
            if (_window.Count < 2) return null;
            var t0 = _window[0].Time;
            var c0 = _window[0].Consumed;
            double n = _window.Count, sumX = 0, sumY = 0;
            foreach (var p in _window)
            {
                sumX += (p.Time - t0).TotalSeconds;
                sumY += Delta(p.Consumed, c0);
            }
            double meanX = sumX / n, meanY = sumY / n, sxx = 0, sxy = 0;
            foreach (var p in _window)
            {
                var dx = (p.Time - t0).TotalSeconds - meanX;
                sxx += dx * dx;
                sxy += dx * (Delta(p.Consumed, c0) - meanY);
            }
            return sxx > 0 ? sxy / sxx : null;
        }

        private static double Delta(decimal value, decimal origin)
        {
            try
            {
                return (double)(value - origin);
            }
            catch (OverflowException)
            {
                return (double)value - (double)origin;
            }
        }

        private readonly struct Point
        {
            public Point(DateTimeOffset time, decimal consumed)
            {
                Time = time;
                Consumed = consumed;
            }

            public DateTimeOffset Time { get; }
            public decimal Consumed { get; }
        }
    }
}
