using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace UsageGen;

public static partial class UsageSnapshotJson
{
    /// <summary>
    /// Reads a snapshot written by <see cref="Serialize(UsageSnapshot, bool, bool)"/> (or <c>JsonSerializer</c>). With a
    /// <c>raw</c> body the result is a <see cref="UsageSnapshot{TRaw}"/> of <see cref="JsonElement"/>.
    /// </summary>
    /// <exception cref="JsonException">Not JSON, or not a snapshot object.</exception>
    public static UsageSnapshot Deserialize(string json)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement);
    }

    /// <summary>Reads a JSON array of snapshots, as <see cref="Serialize(IEnumerable{UsageSnapshot}, bool, bool)"/> writes it.</summary>
    /// <exception cref="JsonException">Not JSON, or not an array of snapshot objects.</exception>
    public static IReadOnlyList<UsageSnapshot> DeserializeArray(string json)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException("Expected a JSON array of usage snapshots.");
        var list = new List<UsageSnapshot>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray()) list.Add(Read(item));
        return list;
    }

    /// <summary>Reads one snapshot object at the reader's position (the converter's path).</summary>
    public static UsageSnapshot Read(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return Read(document.RootElement);
    }

    /// <summary>Reads one snapshot object.</summary>
    /// <exception cref="JsonException">Not a snapshot object.</exception>
    public static UsageSnapshot Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new JsonException("Expected a usage snapshot object, found " + e.ValueKind + ".");
        var quotas = new List<UsageQuota>();
        if (Array(e, "quotas") is { } qs)
            foreach (var q in qs.EnumerateArray()) quotas.Add(ReadQuota(q));
        if (quotas.Count == 0 && (Dec(e, "creditsUsed") is not null || Dec(e, "creditsLimit") is not null ||
                                  Dec(e, "creditsRemaining") is not null || Bool(e, "unlimited")))
        {
            // A hand-written document with top-level figures only: they are the main quota.
            quotas.Add(new UsageQuota
            {
                Name = "main", Scope = QuotaScope.Account, Used = Dec(e, "creditsUsed"), Limit = Dec(e, "creditsLimit"),
                Remaining = Dec(e, "creditsRemaining"), IsUnlimited = Bool(e, "unlimited"), Unit = Str(e, "unit"), Window = Str(e, "window"),
                ResetsAt = Date(e, "resetsAt"),
            });
        }

        var breakdown = new List<UsageBreakdownItem>();
        if (Array(e, "breakdown") is { } bs)
            foreach (var b in bs.EnumerateArray())
            {
                Object(b, "breakdown item");
                var metrics = new List<KeyValuePair<string, decimal>>();
                if (b.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object)
                    foreach (var p in m.EnumerateObject())
                        if (p.Value.ValueKind == JsonValueKind.Number) metrics.Add(new KeyValuePair<string, decimal>(p.Name, p.Value.GetDecimal()));
                breakdown.Add(new UsageBreakdownItem
                {
                    Name = Str(b, "name") ?? "", Scope = Str(b, "scope") ?? "", Window = Str(b, "window"), Used = Dec(b, "used"),
                    Errors = Dec(b, "errors"), AverageResponseMilliseconds = Dec(b, "averageResponseMs"), Metrics = metrics,
                });
            }

        var counters = new List<RequestCounter>();
        if (Array(e, "requestCounters") is { } cs)
            foreach (var c in cs.EnumerateArray())
            {
                Object(c, "request counter");
                counters.Add(new RequestCounter { Window = Str(c, "window") ?? "", Count = Dec(c, "count") });
            }

        RateLimitStatus? rateLimit = null;
        if (e.TryGetProperty("rateLimit", out var rl) && rl.ValueKind == JsonValueKind.Object)
        {
            rateLimit = new RateLimitStatus
            {
                Source = Str(rl, "source") ?? "",
                Limit = Long(rl, "limit"),
                Remaining = Long(rl, "remaining"),
                ResetAfter = Seconds(rl, "resetAfterSeconds"),
                Window = Seconds(rl, "windowSeconds"),
                Policy = Str(rl, "policy"),
            };
        }

        var attributes = new List<KeyValuePair<string, string>>();
        if (e.TryGetProperty("attributes", out var attrs) && attrs.ValueKind == JsonValueKind.Object)
            foreach (var p in attrs.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.String) attributes.Add(new KeyValuePair<string, string>(p.Name, p.Value.GetString()!));

        var provider = Str(e, "provider") ?? "";
        var plan = Str(e, "plan");
        var resetsAt = Date(e, "resetsAt");
        var rpm = Dec(e, "requestsPerMinute");
        var observedAt = Date(e, "observedAt") ?? default;
        if (e.TryGetProperty("raw", out var raw) && raw.ValueKind != JsonValueKind.Null)
        {
            return new UsageSnapshot<JsonElement>
            {
                Provider = provider, Plan = plan, ResetsAt = resetsAt, RequestsPerMinute = rpm, ObservedAt = observedAt, Quotas = quotas,
                Breakdown = breakdown, RequestCounters = counters, RateLimit = rateLimit, Attributes = attributes, Raw = raw.Clone(),
            };
        }
        return new UsageSnapshot
        {
            Provider = provider, Plan = plan, ResetsAt = resetsAt, RequestsPerMinute = rpm, ObservedAt = observedAt, Quotas = quotas,
            Breakdown = breakdown, RequestCounters = counters, RateLimit = rateLimit, Attributes = attributes,
        };
    }

    private static UsageQuota ReadQuota(JsonElement q)
    {
        Object(q, "quota");
        var derived = DerivedFigures.None;
        if (Array(q, "derived") is { } d)
            foreach (var item in d.EnumerateArray())
                derived |= item.ValueKind == JsonValueKind.String ? item.GetString() switch
                {
                    "used" => DerivedFigures.Used,
                    "limit" => DerivedFigures.Limit,
                    "remaining" => DerivedFigures.Remaining,
                    _ => DerivedFigures.None,
                } : DerivedFigures.None;
        return new UsageQuota
        {
            Name = Str(q, "name") ?? "", Scope = ParseScope(Str(q, "scope")), Used = Dec(q, "used"), Limit = Dec(q, "limit"),
            Remaining = Dec(q, "remaining"), IsUnlimited = Bool(q, "unlimited"), Derived = derived, Unit = Str(q, "unit"),
            Window = Str(q, "window"), ResetsAt = Date(q, "resetsAt"), RequestsPerMinute = Dec(q, "requestsPerMinute"), Source = Str(q, "source"),
        };
    }

    /// <summary>The inverse of the writer's scope names (<c>apiKey</c>, <c>payAsYouGo</c>, <c>account</c>...); unknown names are <see cref="QuotaScope.Other"/>.</summary>
    private static QuotaScope ParseScope(string? name) => name switch
    {
        "account" => QuotaScope.Account,
        "apiKey" => QuotaScope.ApiKey,
        "plan" => QuotaScope.Plan,
        "payAsYouGo" => QuotaScope.PayAsYouGo,
        "project" => QuotaScope.Project,
        _ => QuotaScope.Other,
    };

    private static void Object(JsonElement e, string what)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new JsonException($"Expected a {what} object, found {e.ValueKind}.");
    }

    private static JsonElement? Array(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array) throw new JsonException($"'{name}' must be an array, found {v.ValueKind}.");
        return v;
    }

    private static string? Str(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new JsonException($"'{name}' must be a string, found {v.ValueKind}.");
        return v.GetString();
    }

    private static decimal? Dec(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var d)) throw new JsonException($"'{name}' must be a number, found {v.ValueKind}.");
        return d;
    }

    private static long? Long(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var l)) throw new JsonException($"'{name}' must be an integer, found {v.ValueKind}.");
        return l;
    }

    private static bool Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw new JsonException($"'{name}' must be true or false, found {v.ValueKind}."),
        };

    private static DateTimeOffset? Date(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String || !v.TryGetDateTimeOffset(out var d))
            throw new JsonException($"'{name}' must be an ISO 8601 date-time string.");
        return d;
    }

    private static TimeSpan? Seconds(JsonElement e, string name)
    {
        if (Dec(e, name) is not { } seconds) return null;
        try
        {
            return TimeSpan.FromTicks(checked((long)(seconds * TimeSpan.TicksPerSecond)));
        }
        catch (OverflowException)
        {
            throw new JsonException(string.Format(CultureInfo.InvariantCulture, "'{0}' is out of range: {1}.", name, seconds));
        }
    }
}

/// <summary>
/// Makes <c>JsonSerializer</c> write and read <see cref="UsageSnapshot"/> (and <see cref="UsageSnapshot{TRaw}"/>) in
/// <see cref="UsageSnapshotJson"/>'s shape: one JSON contract whichever way a snapshot is serialized. Reading gives a
/// <see cref="UsageSnapshot"/> whose raw body, when present, is a <see cref="JsonElement"/>.
/// </summary>
public sealed class UsageSnapshotJsonConverter : System.Text.Json.Serialization.JsonConverter<UsageSnapshot>
{
    public override bool CanConvert(Type typeToConvert) => typeof(UsageSnapshot).IsAssignableFrom(typeToConvert);

    public override UsageSnapshot? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var snapshot = UsageSnapshotJson.Read(ref reader);
        if (!typeToConvert.IsInstanceOfType(snapshot))
            throw new JsonException($"A usage snapshot reads back as UsageSnapshot (its raw body as UsageSnapshot<JsonElement>), not as {typeToConvert.Name}.");
        return snapshot;
    }

    public override void Write(Utf8JsonWriter writer, UsageSnapshot value, JsonSerializerOptions options) =>
        UsageSnapshotJson.Write(writer, value);
}
