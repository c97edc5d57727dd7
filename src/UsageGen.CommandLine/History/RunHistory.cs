using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using UsageGen.Forecasting;

namespace UsageGen.CommandLine;

/// <summary>What the history says of a provider's main quota at this run: the change since the last run, and the forecast.</summary>
/// <param name="SinceLast">Used now minus used at the previous run; null when either is unknown or the counter dropped (a reset).</param>
/// <param name="PreviousAt">When the previous run was; null on the first.</param>
/// <param name="Reset">The counter dropped since the previous run: the quota reset.</param>
/// <param name="Forecast">The burn rate and run-out time, from the hosted monitor's forecaster over the recorded runs and this one.</param>
internal sealed record Trend(decimal? SinceLast, DateTimeOffset? PreviousAt, bool Reset, QuotaForecast? Forecast);

/// <summary>
/// The command's use of the history file over one invocation (one run, or every refresh of <c>--watch</c>): reads what
/// earlier runs recorded, forecasts with <see cref="UsageForecaster"/>, records this run. Never throws: a problem is
/// a note, and the command goes on without history.
/// </summary>
internal sealed class RunHistory : IDisposable
{
    /// <summary>How many recorded runs of a quota the forecast reads (the forecaster thins them further).</summary>
    private const int ForecastPoints = 512;

    private readonly Action<string> _note;
    private HistoryStore? _store;

    private RunHistory(HistoryStore? store, Action<string> note)
    {
        _store = store;
        _note = note;
    }

    /// <summary>Whether runs are recorded (false with <c>--no-history</c>, or after a problem).</summary>
    public bool IsEnabled => _store is not null;

    public string? FilePath => _store?.FilePath;

    public static RunHistory Open(string? path, DateTimeOffset now, Action<string> note)
    {
        if (path is null) return new RunHistory(null, note);
        var notes = new List<string>();
        HistoryStore? store = null;
        try
        {
            store = HistoryStore.Open(path, now, notes);
        }
        catch (HistoryUnavailableException e)
        {
            notes.Add("history: " + e.Message + (e.Message.EndsWith("read.", StringComparison.Ordinal) ? "" : "; this run is not recorded."));
        }
        foreach (var n in notes) note(n);
        return new RunHistory(store, note);
    }

    /// <summary>
    /// The trend of every provider's main quota in <paramref name="results"/> (by provider name), then records the run
    /// at <paramref name="at"/>.
    /// </summary>
    public IReadOnlyDictionary<string, Trend> Observe(IReadOnlyList<ProviderResult> results, DateTimeOffset at, bool demo, Func<string, string> redact)
    {
        var trends = new Dictionary<string, Trend>(StringComparer.OrdinalIgnoreCase);
        if (_store is not { } store) return trends;
        var snapshots = results.Where(r => r.Snapshot is not null).Select(r => r.Snapshot!).ToList();
        try
        {
            foreach (var s in snapshots)
            {
                if (s.MainQuota is not { } main) continue;
                var key = QuotaKey.For(s.Provider, main);
                var points = store.Points(demo, DateTimeOffset.MinValue, key: key, last: ForecastPoints);
                var forecaster = new UsageForecaster();
                foreach (var p in points) forecaster.Observe(key, p.Observation);
                forecaster.Observe(key, QuotaObservation.From(main, at));
                var previous = points.Count > 0 ? points[^1] : null;
                var reset = previous?.Used is { } before && main.Used is { } now && now < before;
                decimal? since = previous?.Used is { } b && main.Used is { } n && !reset ? n - b : null;
                trends[s.Provider] = new Trend(since, previous?.At, reset, forecaster.Forecast(key));
            }
            if (snapshots.Count > 0) store.Record(at, demo, snapshots, redact);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or FormatException or System.IO.IOException)
        {
            Fail(e, at);
        }
        return trends;
    }

    /// <summary>Reports the problem once and stops using the file; a corrupt one is set aside for the next run to start anew.</summary>
    private void Fail(Exception e, DateTimeOffset at)
    {
        var store = _store!;
        _store = null;
        store.Dispose();
        if (e is SqliteException sqlite && HistoryStore.IsCorrupt(sqlite))
        {
            try
            {
                var aside = HistoryStore.SetAside(store.FilePath, at);
                _note($"history: {store.FilePath} is corrupt ({sqlite.Message}); moved it to {System.IO.Path.GetFileName(aside)}; the next run starts a new history.");
                return;
            }
            catch (Exception move) when (move is System.IO.IOException or UnauthorizedAccessException)
            {
                // Fall through to the plain note.
            }
        }
        _note($"history: cannot use {store.FilePath}: {UsageGenCommand.OneLine(e.Message)}; this run is not recorded.");
    }

    public void Dispose() => _store?.Dispose();
}
