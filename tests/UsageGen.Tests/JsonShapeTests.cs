using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using UsageGen.Runtime;
using Xunit;

namespace UsageGen.Tests;

/// <summary>
/// The table-driven reader and writer generated DTOs use, on hand-written types shaped as the models writer writes
/// them: one create function (JSON name, codec, required) and one write function in the same order.
/// </summary>
public class JsonShapeTests
{
    private sealed class Quota
    {
        public long Used { get; init; }
        public long? Limit { get; init; }
        public bool LimitIsUnlimited { get; init; }
        public string? Plan { get; init; }
        public IReadOnlyList<Quota>? Children { get; init; }
        public IReadOnlyDictionary<string, IReadOnlyList<long>>? ByDay { get; init; }
        public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? AdditionalProperties { get; init; }

        public static readonly JsonShape<Quota> Json = new("Quota", static (v, c) => new()
        {
            Used = v.Required("used", c.Int64),
            Limit = v.Required("limit", c.Int64OrNull),
            LimitIsUnlimited = v.WasNull("limit"),
            Plan = v.Get("plan", c.StringOrNull),
            Children = v.Get("children", c.OrNull(c.List(Json!))),
            ByDay = v.Get("by_day", c.OrNull(c.Map(c.List(c.Int64)))),
            AdditionalProperties = v.Extra(),
        }, static (w, o) =>
        {
            w.Write(o.Used);
            w.Write(o.Limit);
            w.Write(o.Plan);
            w.Write(o.Children);
            w.Write(o.ByDay);
            w.Extra(o.AdditionalProperties);
        });
    }

    private sealed class Scores
    {
        public string? Name { get; init; }
        public IReadOnlyDictionary<string, decimal?>? AdditionalProperties { get; init; }

        public static readonly JsonShape<Scores> Json = new("Scores", static (v, c) => new()
        {
            Name = v.Get("name", c.StringOrNull),
            AdditionalProperties = v.Extra(c.DecimalOrNull),
        }, static (w, o) =>
        {
            w.Write(o.Name);
            w.Extra(o.AdditionalProperties);
        });
    }

    private static Quota Parse(string json) => Quota.Json.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_in_any_order_with_numbers_as_strings_and_keeps_unknown_properties()
    {
        var q = Parse("""{"plan":"pro","x":{"y":[1]},"limit":"100","used":7}""");
        Assert.Equal(7, q.Used);
        Assert.Equal(100, q.Limit);
        Assert.False(q.LimitIsUnlimited);
        Assert.Equal("pro", q.Plan);
        Assert.Equal("""{"y":[1]}""", q.AdditionalProperties!["x"].GetRawText());
    }

    [Fact]
    public void Required_missing_and_null_where_none_is_allowed_name_the_property()
    {
        var missing = Assert.Throws<JsonReadException>(() => Parse("""{"limit":1}"""));
        Assert.Equal("required property 'used' of Quota is missing", missing.Message);
        var nullUsed = Assert.Throws<JsonReadException>(() => Parse("""{"used":null,"limit":1}"""));
        Assert.Equal("used", nullUsed.Where);
        var bad = Assert.Throws<JsonReadException>(() => Parse("""{"used":"many","limit":1}"""));
        Assert.Equal("used", bad.Where);
        Assert.Throws<JsonReadException>(() => Parse("""{"used":1}""")); // limit is required, though it may be null
    }

    [Fact]
    public void Null_sent_is_told_from_absent_and_written_back_as_sent()
    {
        var unlimited = Parse("""{"used":1,"limit":null}""");
        Assert.True(unlimited.LimitIsUnlimited);
        Assert.Null(unlimited.Limit);
        var empty = Parse("""{"used":1,"limit":""}""");
        Assert.Null(empty.Limit);
        Assert.False(empty.LimitIsUnlimited); // an empty string reads as null, but was not sent as null
        Assert.Equal("""{"used":1,"limit":null}""", Quota.Json.ToJson(unlimited)); // required: null written; optional plan: left out
    }

    [Fact]
    public void Nested_objects_of_the_same_type_lists_and_maps_round_trip()
    {
        const string json = """{"used":1,"limit":2,"children":[{"used":3,"limit":null,"children":[{"used":4,"limit":5}]}],"by_day":{"mon":[1,2]},"z":true}""";
        var q = Parse(json);
        Assert.Equal(4, q.Children![0].Children![0].Used);
        Assert.True(q.Children[0].LimitIsUnlimited);
        Assert.Equal(new long[] { 1, 2 }, q.ByDay!["mon"]);
        Assert.Equal(json, Quota.Json.ToJson(q));
        var e = Assert.Throws<JsonReadException>(() => Parse("""{"used":1,"limit":2,"by_day":{"mon":[1,null]}}"""));
        Assert.Equal("by_day{}[]", e.Where);
    }

    [Fact]
    public void Typed_additional_properties()
    {
        var s = Scores.Json.Parse(Encoding.UTF8.GetBytes("""{"a":1.5,"name":"n","b":null,"c":"2"}"""));
        Assert.Equal("n", s.Name);
        Assert.Equal(new Dictionary<string, decimal?> { ["a"] = 1.5m, ["b"] = null, ["c"] = 2m }, s.AdditionalProperties);
        Assert.Equal("""{"name":"n","a":1.5,"b":null,"c":2}""", Scores.Json.ToJson(s));
        Assert.Throws<JsonReadException>(() => Scores.Json.Parse(Encoding.UTF8.GetBytes("""{"a":{}}""")));
    }

    [Fact]
    public void A_duplicate_property_keeps_the_last_value_and_a_failed_read_leaves_no_state_behind()
    {
        Assert.Equal(9, Parse("""{"used":1,"used":9,"limit":1}""").Used);
        Assert.Throws<JsonReadException>(() => Parse("""{"used":1,"limit":1,"plan":"p","children":[{"used":"x"}]}"""));
        // The values of the failed read went back to the pool cleared: the next object sees none of them.
        var next = Parse("""{"used":2,"limit":3}""");
        Assert.Null(next.Plan);
        Assert.Null(next.Children);
        Assert.Null(next.AdditionalProperties);
    }

    [Fact]
    public void Concurrent_readers_do_not_share_values()
    {
        var results = Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var q = Parse($$"""{"used":{{i}},"limit":{{i + 1}},"children":[{"used":{{i * 2}},"limit":null}]}""");
            Assert.Equal(i, q.Used);
            Assert.Equal(i + 1, q.Limit);
            Assert.Equal(i * 2, q.Children![0].Used);
        });
        Assert.True(results.IsCompleted);
    }

    [Fact]
    public void JsonSerializer_goes_through_the_codec_via_the_converter()
    {
        var options = new System.Text.Json.JsonSerializerOptions();
        options.Converters.Add(new QuotaConverter());
        var q = System.Text.Json.JsonSerializer.Deserialize<Quota>("""{"used":1,"limit":null}""", options)!;
        Assert.True(q.LimitIsUnlimited);
        Assert.Equal("""{"used":1,"limit":null}""", System.Text.Json.JsonSerializer.Serialize(q, options));
    }

    private sealed class QuotaConverter : JsonCodecConverter<Quota>
    {
        public QuotaConverter() : base(Quota.Json)
        {
        }
    }
}
