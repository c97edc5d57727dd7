using System;
using System.Collections.Generic;
using System.Text.Json;
using UsageGen;
using Xunit;

namespace UsageGen.Tests;

/// <summary>One JSON contract: <c>JsonSerializer</c> and <see cref="UsageSnapshotJson"/> write the same shape, and it reads back.</summary>
public class UsageSnapshotJsonTests
{
    /// <summary>A typed body, as a generated DTO is: it writes itself.</summary>
    private sealed class Body : IJsonWritable
    {
        public void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteNumber("used", 12480);
            writer.WriteString("note", "déjà \"vu\"");
            writer.WriteEndObject();
        }
    }

    private static UsageSnapshot<Body> Full() => new()
    {
        Provider = "Acme",
        Plan = "pro",
        ResetsAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
        RequestsPerMinute = 500m,
        ObservedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 15, 250, TimeSpan.FromHours(2)),
        Quotas = new[]
        {
            UsageQuota.Create("account", QuotaScope.Account, used: 12480m, limit: 500000.0m, remaining: null, unit: "credits", window: "month",
                resetsAt: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), requestsPerMinute: 500m, source: "used=quota.used"),
            UsageQuota.Create("key", QuotaScope.ApiKey, used: 150m, limit: null, remaining: null, isUnlimited: true),
            UsageQuota.Create("paygo", QuotaScope.PayAsYouGo, used: null, limit: 100m, remaining: 75.25m),
            UsageQuota.Create("team", QuotaScope.Other, used: 1m, limit: null, remaining: 2m),
        },
        Breakdown = new[]
        {
            new UsageBreakdownItem
            {
                Name = "/api/v1/news", Scope = "last_24h", Window = "day", Used = 98m, Errors = 2m, AverageResponseMilliseconds = 142.5m,
                Metrics = new[] { new KeyValuePair<string, decimal>("count", 98m), new KeyValuePair<string, decimal>("avg_ms", 142.5m) },
            },
            new UsageBreakdownItem { Name = "search", Scope = "key", Used = 100m },
        },
        RequestCounters = new[] { new RequestCounter { Window = "today", Count = 42m }, new RequestCounter { Window = "thisWeek" } },
        RateLimit = new RateLimitStatus
        {
            Source = "RateLimit", Limit = 100, Remaining = 99, ResetAfter = TimeSpan.FromSeconds(30.5), Window = TimeSpan.FromMinutes(1), Policy = "default",
        },
        Attributes = new[] { new KeyValuePair<string, string>("X-Api-Surface", "public") },
        Raw = new Body(),
    };

    [Fact]
    public void JsonSerializer_writes_exactly_what_UsageSnapshotJson_writes()
    {
        var snapshot = Full();
        var expected = UsageSnapshotJson.Serialize(snapshot);

        Assert.Equal(expected, JsonSerializer.Serialize(snapshot));
        Assert.Equal(expected, JsonSerializer.Serialize<UsageSnapshot>(snapshot));
        Assert.Equal(expected, JsonSerializer.Serialize((object)snapshot));
        Assert.Equal(UsageSnapshotJson.Serialize(new UsageSnapshot[] { snapshot, snapshot }), JsonSerializer.Serialize(new List<UsageSnapshot> { snapshot, snapshot }));
        // A snapshot inside another document keeps the same shape.
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new { at = 1, snapshot }));
        Assert.Equal(expected, doc.RootElement.GetProperty("snapshot").GetRawText());
    }

    [Fact]
    public void The_documented_names_are_written()
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(Full()));
        var root = doc.RootElement;
        Assert.Equal("pro", root.GetProperty("plan").GetString());
        Assert.Equal(12480m, root.GetProperty("creditsUsed").GetDecimal());
        Assert.Equal(500000.0m, root.GetProperty("creditsLimit").GetDecimal());
        Assert.Equal(487520.0m, root.GetProperty("creditsRemaining").GetDecimal());
        Assert.Equal(2.5m, root.GetProperty("percentUsed").GetDecimal());
        Assert.Equal("2026-12-01T00:00:00+00:00", root.GetProperty("resetsAt").GetString());
        Assert.Equal(500m, root.GetProperty("requestsPerMinute").GetDecimal());
        Assert.Equal("apiKey", root.GetProperty("quotas")[1].GetProperty("scope").GetString());
        Assert.Equal("remaining", root.GetProperty("quotas")[0].GetProperty("derived")[0].GetString());
        Assert.Equal(12480, root.GetProperty("raw").GetProperty("used").GetInt32());
    }

    [Fact]
    public void It_reads_back_to_the_same_document_and_the_same_figures()
    {
        var original = Full();
        var json = UsageSnapshotJson.Serialize(original, indented: true);

        var read = UsageSnapshotJson.Deserialize(json);
        Assert.Equal(json, UsageSnapshotJson.Serialize(read, indented: true));
        var viaSerializer = JsonSerializer.Deserialize<UsageSnapshot>(json)!;
        Assert.Equal(json, UsageSnapshotJson.Serialize(viaSerializer, indented: true));

        Assert.Equal("Acme", read.Provider);
        Assert.Equal(original.ObservedAt, read.ObservedAt);
        Assert.Equal(TimeSpan.FromHours(2), read.ObservedAt.Offset);
        Assert.Equal(4, read.Quotas.Count);
        Assert.Equal(DerivedFigures.Remaining, read.Quotas[0].Derived);
        Assert.Equal(487520.0m, read.CreditsRemaining);
        Assert.True(read.Quotas[1].IsUnlimited);
        Assert.Null(read.Quotas[1].Limit);
        Assert.Equal(DerivedFigures.Used, read.Quotas[2].Derived);
        Assert.Equal(QuotaScope.Other, read.Quotas[3].Scope);
        Assert.Equal(DerivedFigures.Limit, read.Quotas[3].Derived);
        Assert.Equal(142.5m, read.Breakdown[0].AverageResponseMilliseconds);
        Assert.Equal(2, read.Breakdown[0].Metrics.Count);
        Assert.Null(read.RequestCounters[1].Count);
        Assert.Equal(TimeSpan.FromSeconds(30.5), read.RateLimit!.ResetAfter);
        Assert.Equal(TimeSpan.FromMinutes(1), read.RateLimit.Window);
        Assert.Equal("public", Assert.Single(read.Attributes).Value);
        var raw = Assert.IsType<UsageSnapshot<JsonElement>>(read).Raw;
        Assert.Equal("déjà \"vu\"", raw.GetProperty("note").GetString());
    }

    [Fact]
    public void Without_raw_it_reads_back_as_a_plain_snapshot_and_writes_raw_null()
    {
        var json = UsageSnapshotJson.Serialize(Full(), includeRaw: false);
        var read = UsageSnapshotJson.Deserialize(json);

        Assert.Equal(typeof(UsageSnapshot), read.GetType());
        Assert.Null(read.RawResponse);
        Assert.Equal(json, UsageSnapshotJson.Serialize(read, includeRaw: false));
        Assert.Contains("\"raw\":null", UsageSnapshotJson.Serialize(read), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_snapshot_round_trips()
    {
        var json = JsonSerializer.Serialize(new UsageSnapshot { Provider = "Empty" });
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<UsageSnapshot>(json)));
        Assert.Contains("\"creditsUsed\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrays_round_trip()
    {
        var json = UsageSnapshotJson.Serialize(new UsageSnapshot[] { Full(), new UsageSnapshot { Provider = "B" } });
        var read = UsageSnapshotJson.DeserializeArray(json);
        Assert.Equal(json, UsageSnapshotJson.Serialize(read));
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<List<UsageSnapshot>>(json)));
    }

    [Fact]
    public void Top_level_figures_alone_become_the_main_quota()
    {
        var read = UsageSnapshotJson.Deserialize("""{"provider":"Hand","creditsUsed":5,"creditsLimit":10,"unit":"credits"}""");
        Assert.Equal(5m, read.CreditsUsed);
        Assert.Equal(10m, read.CreditsLimit);
        Assert.Equal(50m, read.PercentUsed);
        Assert.Equal("credits", read.Unit);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{\"provider\":5}")]
    [InlineData("{\"quotas\":{}}")]
    [InlineData("{\"quotas\":[1]}")]
    [InlineData("{\"creditsUsed\":\"many\"}")]
    [InlineData("{\"resetsAt\":\"soon\"}")]
    [InlineData("{\"rateLimit\":{\"limit\":1.5}}")]
    [InlineData("{\"rateLimit\":{\"resetAfterSeconds\":1e30}}")]
    [InlineData("{\"unlimited\":\"yes\"}")]
    [InlineData("{")]
    public void A_document_that_is_not_a_snapshot_is_a_JsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => UsageSnapshotJson.Deserialize(json));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<UsageSnapshot>(json));
    }

    [Fact]
    public void Reading_into_a_typed_snapshot_other_than_JsonElement_says_what_it_reads_as()
    {
        var json = UsageSnapshotJson.Serialize(Full());
        var e = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<UsageSnapshot<Body>>(json));
        Assert.Contains("UsageSnapshot<JsonElement>", e.Message, StringComparison.Ordinal);
        Assert.IsType<UsageSnapshot<JsonElement>>(JsonSerializer.Deserialize<UsageSnapshot<JsonElement>>(json));
    }
}
