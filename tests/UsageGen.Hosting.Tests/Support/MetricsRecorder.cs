using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace UsageGen.Hosting.Tests;

/// <summary>Reads the "UsageGen" meter of one host (by its IMeterFactory, so parallel tests never mix) with a MeterListener.</summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Name, double Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MetricsRecorder(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == UsageGenMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i.Name, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i.Name, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i.Name, v, tags));
        _listener.Start();
    }

    private void Add(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dict = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var t in tags) dict[t.Key] = t.Value?.ToString();
        lock (_measurements) _measurements.Add((name, value, dict));
    }

    /// <summary>Observes every gauge now.</summary>
    public void Collect() => _listener.RecordObservableInstruments();

    public IReadOnlyList<(string Name, double Value, Dictionary<string, string?> Tags)> All
    {
        get { lock (_measurements) return _measurements.ToList(); }
    }

    public void Clear()
    {
        lock (_measurements) _measurements.Clear();
    }

    /// <summary>The latest value of <paramref name="name"/> for a provider's quota.</summary>
    public double? Gauge(string name, string provider, string quota)
    {
        Clear();
        Collect();
        var hits = All.Where(m => m.Name == name && m.Tags.GetValueOrDefault(UsageGenMetrics.ProviderAttribute) == provider &&
            m.Tags.GetValueOrDefault(UsageGenMetrics.NameAttribute) == quota).ToList();
        return hits.Count == 0 ? null : hits[^1].Value;
    }

    public void Dispose() => _listener.Dispose();
}
