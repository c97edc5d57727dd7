using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace UsageGen;

/// <summary>Generated DTOs implement this so a snapshot can carry its typed raw response into JSON.</summary>
public interface IJsonWritable
{
    /// <summary>Writes the value as the provider sent it.</summary>
    void Write(Utf8JsonWriter writer);
}

/// <summary>
/// The one JSON shape of <see cref="UsageSnapshot"/>, with stable camelCase names (<c>plan</c>, <c>creditsUsed</c>,
/// <c>creditsLimit</c>, <c>creditsRemaining</c>, <c>resetsAt</c>, <c>requestsPerMinute</c>, ...): what
/// <c>JsonSerializer.Serialize(snapshot)</c> writes too (<see cref="UsageSnapshotJsonConverter"/>), and what
/// <see cref="Deserialize(string)"/> reads back. Hand-written over <see cref="Utf8JsonWriter"/>/<see cref="Utf8JsonReader"/>:
/// no reflection, trim- and AOT-safe. Nulls are written, so "not reported" stays visible.
/// </summary>
/// <remarks>
/// The top-level figures (<c>creditsUsed</c>, <c>creditsLimit</c>, <c>creditsRemaining</c>, <c>unlimited</c>,
/// <c>percentUsed</c>, <c>unit</c>, <c>window</c>) are the main quota's, written for readers; reading takes them from
/// <c>quotas</c> and uses them only when <c>quotas</c> is empty (a document written by hand). <c>raw</c> reads back as a
/// <see cref="JsonElement"/> (<see cref="UsageSnapshot{TRaw}"/> of <see cref="JsonElement"/>).
/// </remarks>
public static partial class UsageSnapshotJson
{
    /// <summary>The snapshot as a JSON string.</summary>
    public static string Serialize(UsageSnapshot snapshot, bool indented = false, bool includeRaw = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
            Write(writer, snapshot, includeRaw);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Several snapshots as a JSON array.</summary>
    public static string Serialize(IEnumerable<UsageSnapshot> snapshots, bool indented = false, bool includeRaw = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            writer.WriteStartArray();
            foreach (var s in snapshots) Write(writer, s, includeRaw);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static void Write(Utf8JsonWriter writer, UsageSnapshot s, bool includeRaw = true)
    {
        writer.WriteStartObject();
        writer.WriteString("provider", s.Provider);
        Str(writer, "plan", s.Plan);
        Num(writer, "creditsUsed", s.CreditsUsed);
        Num(writer, "creditsLimit", s.CreditsLimit);
        Num(writer, "creditsRemaining", s.CreditsRemaining);
        writer.WriteBoolean("unlimited", s.IsUnlimited);
        Num(writer, "percentUsed", s.PercentUsed);
        Date(writer, "resetsAt", s.ResetsAt);
        Num(writer, "requestsPerMinute", s.RequestsPerMinute);
        Str(writer, "unit", s.Unit);
        Str(writer, "window", s.Window);
        writer.WriteString("observedAt", s.ObservedAt);

        writer.WriteStartArray("quotas");
        foreach (var q in s.Quotas)
        {
            writer.WriteStartObject();
            writer.WriteString("name", q.Name);
            writer.WriteString("scope", ScopeName(q.Scope));
            Num(writer, "used", q.Used);
            Num(writer, "limit", q.Limit);
            Num(writer, "remaining", q.Remaining);
            writer.WriteBoolean("unlimited", q.IsUnlimited);
            writer.WriteStartArray("derived");
            if ((q.Derived & DerivedFigures.Used) != 0) writer.WriteStringValue("used");
            if ((q.Derived & DerivedFigures.Limit) != 0) writer.WriteStringValue("limit");
            if ((q.Derived & DerivedFigures.Remaining) != 0) writer.WriteStringValue("remaining");
            writer.WriteEndArray();
            Str(writer, "unit", q.Unit);
            Str(writer, "window", q.Window);
            Date(writer, "resetsAt", q.ResetsAt);
            Num(writer, "requestsPerMinute", q.RequestsPerMinute);
            Str(writer, "source", q.Source);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        writer.WriteStartArray("breakdown");
        foreach (var b in s.Breakdown)
        {
            writer.WriteStartObject();
            writer.WriteString("name", b.Name);
            writer.WriteString("scope", b.Scope);
            Str(writer, "window", b.Window);
            Num(writer, "used", b.Used);
            Num(writer, "errors", b.Errors);
            Num(writer, "averageResponseMs", b.AverageResponseMilliseconds);
            writer.WriteStartObject("metrics");
            foreach (var m in b.Metrics) writer.WriteNumber(m.Key, m.Value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        writer.WriteStartArray("requestCounters");
        foreach (var c in s.RequestCounters)
        {
            writer.WriteStartObject();
            writer.WriteString("window", c.Window);
            Num(writer, "count", c.Count);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        if (s.RateLimit is { } rl)
        {
            writer.WriteStartObject("rateLimit");
            writer.WriteString("source", rl.Source);
            if (rl.Limit is { } l) writer.WriteNumber("limit", l); else writer.WriteNull("limit");
            if (rl.Remaining is { } r) writer.WriteNumber("remaining", r); else writer.WriteNull("remaining");
            Num(writer, "resetAfterSeconds", rl.ResetAfter is { } ra ? (decimal)ra.TotalSeconds : null);
            Num(writer, "windowSeconds", rl.Window is { } w ? (decimal)w.TotalSeconds : null);
            Str(writer, "policy", rl.Policy);
            writer.WriteEndObject();
        }
        else writer.WriteNull("rateLimit");

        writer.WriteStartObject("attributes");
        foreach (var a in s.Attributes) writer.WriteString(a.Key, a.Value);
        writer.WriteEndObject();

        if (includeRaw)
        {
            writer.WritePropertyName("raw");
            switch (s.RawResponse)
            {
                case IJsonWritable w:
                    w.Write(writer);
                    break;
                case JsonElement { ValueKind: not JsonValueKind.Undefined } e:
                    // As it was read: a body read back from this shape writes the same text (WriteTo would re-escape strings).
                    writer.WriteRawValue(e.GetRawText());
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }
        writer.WriteEndObject();
    }

    private static string ScopeName(QuotaScope scope) => scope switch
    {
        QuotaScope.ApiKey => "apiKey",
        QuotaScope.PayAsYouGo => "payAsYouGo",
        _ => scope.ToString().ToLowerInvariant(),
    };

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void Num(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static void Date(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v) w.WriteString(name, v.ToUniversalTime()); else w.WriteNull(name);
    }
}
