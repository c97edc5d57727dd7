using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace UsageGen.EndToEnd.Tests;

/// <summary>JSON equality: objects compare by member set (order free), arrays in order, numbers by value.</summary>
public static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        var difference = Compare(e.RootElement, a.RootElement, "$");
        Assert.True(difference is null, $"JSON differs at {difference}\nexpected: {expected}\nactual:   {actual}");
    }

    /// <summary>The first path where the two differ, or null when equal.</summary>
    public static string? Compare(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind) return $"{path} (kind {expected.ValueKind} vs {actual.ValueKind})";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var e = expected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                var a = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                foreach (var name in e.Keys.Union(a.Keys))
                {
                    if (!e.ContainsKey(name)) return $"{path}.{name} (unexpected)";
                    if (!a.ContainsKey(name)) return $"{path}.{name} (missing)";
                    if (Compare(e[name], a[name], path + "." + name) is { } d) return d;
                }
                return null;
            }
            case JsonValueKind.Array:
            {
                var e = expected.EnumerateArray().ToList();
                var a = actual.EnumerateArray().ToList();
                if (e.Count != a.Count) return $"{path} (length {e.Count} vs {a.Count})";
                for (var i = 0; i < e.Count; i++)
                    if (Compare(e[i], a[i], $"{path}[{i}]") is { } d) return d;
                return null;
            }
            case JsonValueKind.Number:
                return expected.GetDecimal() == actual.GetDecimal() ? null : $"{path} ({expected.GetRawText()} vs {actual.GetRawText()})";
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path} (\"{expected.GetString()}\" vs \"{actual.GetString()}\")";
            default:
                return null; // true, false, null: the kinds already matched
        }
    }

    public static IReadOnlyDictionary<string, string> ToDictionary(IEnumerable<KeyValuePair<string, string>> pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
}
