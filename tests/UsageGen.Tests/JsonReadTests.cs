using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using UsageGen.Runtime;
using Xunit;

namespace UsageGen.Tests;

public class JsonReadTests
{
    private static T Read<T>(string json, JsonValueReader<T> read) => JsonRead.Parse(Encoding.UTF8.GetBytes(json), read);

    private static long Int64(string json) => Read(json, (ref Utf8JsonReader r) => JsonRead.Int64(ref r, "n"));
    private static decimal Decimal(string json) => Read(json, (ref Utf8JsonReader r) => JsonRead.Decimal(ref r, "n"));
    private static double Double(string json) => Read(json, (ref Utf8JsonReader r) => JsonRead.Double(ref r, "n"));
    private static DateTimeOffset Date(string json) => Read(json, (ref Utf8JsonReader r) => JsonRead.DateTimeOffset(ref r, "at"));

    private static readonly DateTimeOffset April1 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    // ---- numbers -----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("12", 12)]
    [InlineData("\"12\"", 12)]
    [InlineData("\" 12 \"", 12)]
    [InlineData("1.0", 1)]
    [InlineData("\"1.0\"", 1)]
    [InlineData("1e3", 1000)]
    [InlineData("-7", -7)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("\"-9223372036854775808\"", long.MinValue)]
    public void Int64_accepts_numbers_and_numeric_strings(string json, long expected)
    {
        Assert.Equal(expected, Int64(json));
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("\"9223372036854775808\"")]
    [InlineData("-9223372036854775809")]
    [InlineData("99999999999999999999999999999999")]
    [InlineData("\"99999999999999999999999999999999\"")]
    [InlineData("1e300")]
    [InlineData("\"1e300\"")]
    [InlineData("1.5")]
    [InlineData("\"1.5\"")]
    [InlineData("\"twelve\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Int64_rejects_what_is_not_a_64_bit_integer_with_JsonReadException(string json)
    {
        var e = Assert.Throws<JsonReadException>(() => Int64(json));
        Assert.Equal("n", e.Where);
    }

    [Fact]
    public void Int64OrNull_takes_null_and_empty_string_as_null()
    {
        Assert.Null(Read("null", (ref Utf8JsonReader r) => JsonRead.Int64OrNull(ref r, "n")));
        Assert.Null(Read("\"\"", (ref Utf8JsonReader r) => JsonRead.Int64OrNull(ref r, "n")));
        Assert.Equal(5L, Read("\"5\"", (ref Utf8JsonReader r) => JsonRead.Int64OrNull(ref r, "n")));
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("\"-2147483649\"")]
    public void Int32_overflow_is_a_JsonReadException(string json)
    {
        Assert.Throws<JsonReadException>(() => Read(json, (ref Utf8JsonReader r) => JsonRead.Int32(ref r, "n")));
    }

    [Theory]
    [InlineData("12.5", "12.5")]
    [InlineData("\"12.5\"", "12.5")]
    [InlineData("\"1e3\"", "1000")]
    [InlineData("-0.000001", "-0.000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("\"79228162514264337593543950335\"", "79228162514264337593543950335")]
    public void Decimal_accepts_numbers_and_numeric_strings(string json, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), Decimal(json));
    }

    [Fact]
    public void Decimal_keeps_the_max_value_exactly()
    {
        Assert.Equal(decimal.MaxValue, Decimal("79228162514264337593543950335"));
    }

    [Fact]
    public void Decimal_keeps_one_tenth_plus_two_tenths_exact()
    {
        var values = JsonCodecs.Shared.List(JsonCodecs.Shared.Decimal).Parse(Encoding.UTF8.GetBytes("[0.1, \"0.2\"]"));
        Assert.Equal(0.3m, values[0] + values[1]);
        Assert.Equal("0.3", (values[0] + values[1]).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("79228162514264337593543950336")]
    [InlineData("\"79228162514264337593543950336\"")]
    [InlineData("1e300")]
    [InlineData("\"abc\"")]
    [InlineData("\"1,5\"")]
    [InlineData("false")]
    public void Decimal_rejects_garbage_with_JsonReadException(string json)
    {
        Assert.Throws<JsonReadException>(() => Decimal(json));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("\"1.5\"", 1.5)]
    [InlineData("\"-2e-3\"", -0.002)]
    [InlineData("3", 3.0)]
    public void Double_accepts_numbers_and_numeric_strings(string json, double expected)
    {
        Assert.Equal(expected, Double(json));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("\"1e400\"")]
    [InlineData("\"NaN?\"")]
    [InlineData("\"x\"")]
    public void Double_rejects_garbage_and_infinity_with_JsonReadException(string json)
    {
        Assert.Throws<JsonReadException>(() => Double(json));
    }

    [Fact]
    public void Number_reading_does_not_depend_on_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");
            Assert.Equal(1.5m, Decimal("\"1.5\""));
            Assert.Equal(1.5, Double("\"1.5\""));
            Assert.Throws<JsonReadException>(() => Decimal("\"1,5\""));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    // ---- strings and booleans ----------------------------------------------------------------------------------

    [Fact]
    public void String_accepts_scalars_and_rejects_null()
    {
        Assert.Equal("a\"b", Read("\"a\\\"b\"", (ref Utf8JsonReader r) => JsonRead.String(ref r, "s")));
        Assert.Equal("12.50", Read("12.50", (ref Utf8JsonReader r) => JsonRead.String(ref r, "s")));
        Assert.Equal("true", Read("true", (ref Utf8JsonReader r) => JsonRead.String(ref r, "s")));
        Assert.Throws<JsonReadException>(() => Read("null", (ref Utf8JsonReader r) => JsonRead.String(ref r, "s")));
        Assert.Null(Read("null", (ref Utf8JsonReader r) => JsonRead.StringOrNull(ref r, "s")));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("1", true)]
    [InlineData("\"0\"", false)]
    [InlineData("false", false)]
    public void Boolean_accepts_common_shapes(string json, bool expected)
    {
        Assert.Equal(expected, Read(json, (ref Utf8JsonReader r) => JsonRead.Boolean(ref r, "b")));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("\"yes\"")]
    [InlineData("null")]
    public void Boolean_rejects_garbage(string json)
    {
        Assert.Throws<JsonReadException>(() => Read(json, (ref Utf8JsonReader r) => JsonRead.Boolean(ref r, "b")));
    }

    // ---- dates -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("\"2026-04-01T00:00:00Z\"")]
    [InlineData("\"2026-04-01T02:00:00+02:00\"")]
    [InlineData("\"2026-03-31T19:00:00-05:00\"")]
    [InlineData("\"2026-04-01T00:00:00\"")]
    [InlineData("\"2026-04-01 00:00:00\"")]
    [InlineData("\"2026-04-01T00:00Z\"")]
    [InlineData("\"2026-04-01\"")]
    [InlineData("\"Wed, 01 Apr 2026 00:00:00 GMT\"")]
    [InlineData("1775001600")]
    [InlineData("\"1775001600\"")]
    [InlineData("1775001600000")]
    [InlineData("\"1775001600000\"")]
    [InlineData("1775001600.0")]
    public void Dates_in_every_supported_shape_give_the_same_instant_in_utc(string json)
    {
        var value = Date(json);
        Assert.Equal(April1, value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Fact]
    public void Date_keeps_microseconds()
    {
        var value = Date("\"2026-04-01T00:00:00.123456Z\"");
        Assert.Equal(April1.AddTicks(1_234_560), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Fact]
    public void Date_with_offset_is_the_same_instant_converted_to_utc()
    {
        var value = Date("\"2026-04-01T02:00:00+02:00\"");
        Assert.Equal(April1.UtcDateTime, value.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(0, value.Hour);
    }

    [Fact]
    public void Date_without_offset_is_utc_not_local()
    {
        var value = Date("\"2026-04-01T12:30:00\"");
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 12, 30, 0, TimeSpan.Zero), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Fact]
    public void Epoch_seconds_fraction_is_kept_as_milliseconds()
    {
        Assert.Equal(April1.AddMilliseconds(500), Date("1775001600.5"));
    }

    [Theory]
    [InlineData("\"not a date\"")]
    [InlineData("\"2026-13-45\"")]
    [InlineData("\"2026-04-01T25:00:00Z\"")]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"12345\"")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("null")]
    [InlineData("1e20")]
    [InlineData("-1e20")]
    [InlineData("99999999999999999")]
    [InlineData("\"999999999999999\"")]
    [InlineData("\"0001-01-01T00:00:00+01:00\"")]
    [InlineData("\"9999-12-31T23:59:59-01:00\"")]
    [InlineData("\"2026-04-01T00:00:00+25:00\"")]
    [InlineData("\"-99999999999\"")]
    public void Garbage_dates_give_JsonReadException(string json)
    {
        var e = Assert.Throws<JsonReadException>(() => Date(json));
        Assert.Equal("at", e.Where);
    }

    [Theory]
    [InlineData("-99999999999")]
    [InlineData("-62135596801")]
    public void Negative_epoch_outside_the_calendar_gives_JsonReadException(string json)
    {
        Assert.Throws<JsonReadException>(() => Date(json));
    }

    [Fact]
    public void DateTimeOffsetOrNull_takes_null_and_empty_string_as_null()
    {
        Assert.Null(Read("null", (ref Utf8JsonReader r) => JsonRead.DateTimeOffsetOrNull(ref r, "at")));
        Assert.Null(Read("\"\"", (ref Utf8JsonReader r) => JsonRead.DateTimeOffsetOrNull(ref r, "at")));
    }

    [Theory]
    [InlineData("Wed, 01 Apr 2026 00:00:00 GMT")]
    [InlineData("2026-04-01T00:00:00Z")]
    [InlineData("1775001600")]
    public void TryParseDateTime_reads_header_shapes(string text)
    {
        Assert.True(JsonRead.TryParseDateTime(text, out var value));
        Assert.Equal(April1, value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    public void TryParseDateTime_rejects_garbage(string? text)
    {
        Assert.False(JsonRead.TryParseDateTime(text, out _));
    }

#if NET6_0_OR_GREATER
    [Theory]
    [InlineData("\"2026-04-01\"")]
    [InlineData("\"2026-04-01T23:00:00Z\"")]
    [InlineData("1775001600")]
    public void Date_only(string json)
    {
        Assert.Equal(new DateOnly(2026, 4, 1), Read(json, (ref Utf8JsonReader r) => JsonRead.Date(ref r, "d")));
    }
#endif

    // ---- Parse -------------------------------------------------------------------------------------------------

    [Fact]
    public void Parse_reads_a_whole_body_and_skips_a_byte_order_mark_and_comments()
    {
        var body = new List<byte> { 0xEF, 0xBB, 0xBF };
        body.AddRange(Encoding.UTF8.GetBytes("/* usage */ 42 // done\n"));
        Assert.Equal(42L, JsonRead.Parse(body.ToArray(), (ref Utf8JsonReader r) => JsonRead.Int64(ref r, "n")));
    }

    [Theory]
    [InlineData("1 2")]
    [InlineData("{} {}")]
    [InlineData("\"a\" x")]
    [InlineData("[1] ]")]
    public void Parse_rejects_trailing_content_with_JsonReadException(string json)
    {
        var e = Assert.Throws<JsonReadException>(() => Read(json, (ref Utf8JsonReader r) => JsonRead.Element(ref r, "$")));
        Assert.Equal("$", e.Where);
    }

    [Fact]
    public void Parse_rejects_trailing_content()
    {
        // Whatever the exception type (see the skipped test above), trailing content must never be accepted.
        Assert.ThrowsAny<Exception>(() => Read("1 2", (ref Utf8JsonReader r) => JsonRead.Int64(ref r, "n")));
        Assert.ThrowsAny<Exception>(() => Read("{} {}", (ref Utf8JsonReader r) => JsonRead.Element(ref r, "$")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    [InlineData("/* only a comment */")]
    public void Parse_rejects_an_empty_body_with_JsonReadException(string json)
    {
        var e = Assert.Throws<JsonReadException>(() => Read(json, (ref Utf8JsonReader r) => JsonRead.Element(ref r, "$")));
        Assert.Equal("$", e.Where);
    }

    [Theory]
    [InlineData("{\"used\":1,")]
    [InlineData("{\"used\":1 \"x\":2}")]
    [InlineData("{\"used\":")]
    public void Parse_rejects_truncated_or_broken_json_with_JsonReadException(string json)
    {
        Assert.Throws<JsonReadException>(() => Read(json, ReadKnown));
    }

    [Fact]
    public void Parse_rejects_an_empty_body()
    {
        Assert.ThrowsAny<Exception>(() => Read("", (ref Utf8JsonReader r) => JsonRead.Element(ref r, "$")));
        Assert.ThrowsAny<Exception>(() => JsonRead.Parse(ReadOnlySpan<byte>.Empty, (ref Utf8JsonReader r) => JsonRead.Element(ref r, "$")));
    }

    // ---- Element, Map, Array -----------------------------------------------------------------------------------

    private sealed class Known
    {
        public long Used;
        public Dictionary<string, JsonElement>? Unknown;
    }

    private static Known ReadKnown(ref Utf8JsonReader reader)
    {
        JsonRead.ExpectStartObject(ref reader, "$");
        var k = new Known();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = JsonRead.PropertyName(ref reader);
            JsonRead.NextValue(ref reader);
            if (name == "used") k.Used = JsonRead.Int64(ref reader, name);
            else JsonRead.AddUnknown(ref k.Unknown, name, ref reader);
        }
        return k;
    }

    [Fact]
    public void Unknown_properties_are_kept_whole_and_detached()
    {
        var k = Read("{\"plan\":\"pro\",\"used\":\"7\",\"nested\":{\"a\":[1,{\"b\":null}],\"c\":1.50},\"last\":[true]}", ReadKnown);
        Assert.Equal(7, k.Used);
        Assert.NotNull(k.Unknown);
        Assert.Equal(new[] { "plan", "nested", "last" }, k.Unknown!.Keys);
        Assert.Equal("pro", k.Unknown["plan"].GetString());
        Assert.Equal("{\"a\":[1,{\"b\":null}],\"c\":1.50}", k.Unknown["nested"].GetRawText());
        Assert.Equal(JsonValueKind.Null, k.Unknown["nested"].GetProperty("a")[1].GetProperty("b").ValueKind);
        Assert.True(k.Unknown["last"][0].GetBoolean());
    }

    [Fact]
    public void Element_keeps_any_value_and_outlives_the_parse()
    {
        var e = Read("{\"x\":[1,\"two\",{\"three\":3}]}", (ref Utf8JsonReader r) => JsonRead.Element(ref r, "$"));
        Assert.Equal(JsonValueKind.Object, e.ValueKind);
        Assert.Equal(3, e.GetProperty("x")[2].GetProperty("three").GetInt32());
        Assert.Equal("two", e.GetProperty("x")[1].GetString());
    }

    private static JsonCodecs C => JsonCodecs.Shared;

    private static T Parse<T>(string json, JsonCodec<T> codec) => codec.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Map_reads_every_entry_in_order()
    {
        var map = Parse("{\"search\":1,\"extract\":\"2\",\"crawl\":3.0}", C.Map(C.Int64));
        Assert.Equal(new[] { "search", "extract", "crawl" }, map.Keys);
        Assert.Equal(1, map["search"]);
        Assert.Equal(2, map["extract"]);
        Assert.Equal(3, map["crawl"]);
    }

    [Fact]
    public void Map_of_arrays()
    {
        var map = Parse("{\"a\":[\"x\",1],\"b\":[]}", C.Map(C.List(C.String)));
        Assert.Equal(new[] { "x", "1" }, map["a"]);
        Assert.Empty(map["b"]);
    }

    [Fact]
    public void Array_reads_items_and_empty_arrays()
    {
        Assert.Equal(new[] { 1L, 2L, 3L }, Parse("[1,\"2\",3.0]", C.List(C.Int64)));
        Assert.Empty(Parse("[]", C.List(C.Int64)));
    }

    [Fact]
    public void Array_and_Map_reject_the_wrong_shape_and_bad_items()
    {
        Assert.Throws<JsonReadException>(() => Parse("{}", C.List(C.Int64)));
        Assert.Throws<JsonReadException>(() => Parse("[]", C.Map(C.Int64)));
        var e = Assert.Throws<JsonReadException>(() => Parse("[1,\"x\"]", C.List(C.Int64)));
        Assert.Equal("$[]", e.Where);
        var n = Assert.Throws<JsonReadException>(() => Parse("{\"a\":null}", C.Map(C.Int64)));
        Assert.Equal("${}", n.Where);
    }

    [Fact]
    public void Unexpected_names_what_was_found()
    {
        var e = Assert.Throws<JsonReadException>(() => Read("[1]", (ref Utf8JsonReader r) => { JsonRead.ExpectStartObject(ref r, "$.data"); return 0; }));
        Assert.Equal("$.data", e.Where);
        Assert.Contains("an array", e.Message);
    }

    [Fact]
    public void MissingRequired_names_type_and_property()
    {
        var e = JsonRead.MissingRequired("KeyInfo", "credits");
        Assert.Equal("credits", e.Where);
        Assert.Contains("KeyInfo", e.Message);
    }
}
