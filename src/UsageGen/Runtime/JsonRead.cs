using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace UsageGen.Runtime;

/// <summary>Reads one JSON value at the reader's current token.</summary>
public delegate T JsonValueReader<T>(ref Utf8JsonReader reader);

/// <summary>
/// Tolerant readers over <see cref="Utf8JsonReader"/> for generated code: numbers may come as strings, dates with
/// or without fraction or offset, as dates alone or as Unix epochs. Every failure is a <see cref="JsonReadException"/>
/// that names the property, which the generated client turns into <see cref="UsageGenMalformedResponseException"/>.
/// No reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonRead
{
    /// <summary>Reader options used for every body: comments skipped, depth bounded.</summary>
    public static JsonReaderOptions Options => new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 128 };

    /// <summary>Parses a whole body with <paramref name="read"/>, rejecting trailing content.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8, JsonValueReader<T> read)
    {
        // A UTF-8 byte order mark is legal in HTTP bodies but not for Utf8JsonReader.
        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF) utf8 = utf8.Slice(3);
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, new JsonReaderState(Options));
        try
        {
            if (!reader.Read()) throw new JsonReadException("the body is empty", "$");
            var value = read(ref reader);
            if (reader.Read()) throw new JsonReadException($"unexpected {reader.TokenType} after the end of the value", "$");
            return value;
        }
        catch (JsonException e)
        {
            // Utf8JsonReader throws (rather than returning false) on an empty body, trailing content and broken JSON.
            var what = reader.TokenType == JsonTokenType.None ? "the body is empty or not JSON" : "invalid JSON";
            throw new JsonReadException(what + ": " + e.Message, "$");
        }
    }

    /// <summary>Parses a whole body with <paramref name="codec"/>, rejecting trailing content.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8, JsonCodec<T> codec) => Parse(utf8, codec.Whole);

    public static JsonReadException Unexpected(ref Utf8JsonReader reader, string where, string expected)
    {
        var got = reader.TokenType switch
        {
            JsonTokenType.String => "string \"" + Shorten(SafeString(ref reader)) + "\"",
            JsonTokenType.Number => "number " + Shorten(RawText(ref reader)),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => "null",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            _ => reader.TokenType.ToString(),
        };
        return new JsonReadException($"expected {expected}, got {got}", where);
    }

    public static JsonReadException MissingRequired(string typeName, string property) =>
        new($"required property '{property}' of {typeName} is missing", property);

    public static JsonReadException NullNotAllowed(string where) =>
        new("null where the spec allows no null", where);

    public static void ExpectStartObject(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, where, "an object");
    }

    /// <summary>Moves from a property name to its value.</summary>
    public static void NextValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonReadException("the body ends inside an object", "$");
    }

    public static string PropertyName(ref Utf8JsonReader reader) => reader.GetString() ?? "";

    // ---- strings ---------------------------------------------------------------------------------------------

    public static string String(ref Utf8JsonReader reader, string where)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString()!;
            case JsonTokenType.Number:
                return RawText(ref reader);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                throw NullNotAllowed(where);
            default:
                throw Unexpected(ref reader, where, "a string");
        }
    }

    public static string? StringOrNull(ref Utf8JsonReader reader, string where) =>
        reader.TokenType == JsonTokenType.Null ? null : String(ref reader, where);

    // ---- integers ----------------------------------------------------------------------------------------------

    public static long Int64(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var l)) return l;
            // 1.0, 1e3: integral values written as decimals are accepted.
            if (reader.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue) return (long)d;
            throw new JsonReadException($"number {Shorten(RawText(ref reader))} does not fit a 64-bit integer", where);
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString()!.Trim();
            if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
            if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue) return (long)d;
            throw new JsonReadException($"string \"{Shorten(s)}\" is not a 64-bit integer", where);
        }
        if (reader.TokenType == JsonTokenType.Null) throw NullNotAllowed(where);
        throw Unexpected(ref reader, where, "an integer");
    }

    public static long? Int64OrNull(ref Utf8JsonReader reader, string where) =>
        IsNullish(ref reader) ? null : Int64(ref reader, where);

    public static int Int32(ref Utf8JsonReader reader, string where)
    {
        var l = Int64(ref reader, where);
        if (l < int.MinValue || l > int.MaxValue) throw new JsonReadException($"number {l} does not fit a 32-bit integer", where);
        return (int)l;
    }

    public static int? Int32OrNull(ref Utf8JsonReader reader, string where) =>
        IsNullish(ref reader) ? null : Int32(ref reader, where);

    // ---- decimals ----------------------------------------------------------------------------------------------

    public static decimal Decimal(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetDecimal(out var d)) return d;
            throw new JsonReadException($"number {Shorten(RawText(ref reader))} is outside the decimal range", where);
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString()!.Trim();
            if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            throw new JsonReadException($"string \"{Shorten(s)}\" is not a number", where);
        }
        if (reader.TokenType == JsonTokenType.Null) throw NullNotAllowed(where);
        throw Unexpected(ref reader, where, "a number");
    }

    public static decimal? DecimalOrNull(ref Utf8JsonReader reader, string where) =>
        IsNullish(ref reader) ? null : Decimal(ref reader, where);

    public static double Double(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetDouble(out var d) && !double.IsNaN(d) && !double.IsInfinity(d)) return d;
            throw new JsonReadException("number is outside the double range", where);
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString()!.Trim();
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d) && !double.IsInfinity(d)) return d;
            throw new JsonReadException($"string \"{Shorten(s)}\" is not a number", where);
        }
        if (reader.TokenType == JsonTokenType.Null) throw NullNotAllowed(where);
        throw Unexpected(ref reader, where, "a number");
    }

    public static double? DoubleOrNull(ref Utf8JsonReader reader, string where) =>
        IsNullish(ref reader) ? null : Double(ref reader, where);

    // ---- booleans ----------------------------------------------------------------------------------------------

    public static bool Boolean(ref Utf8JsonReader reader, string where)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.String:
                var s = reader.GetString()!.Trim();
                if (string.Equals(s, "true", StringComparison.OrdinalIgnoreCase) || s == "1") return true;
                if (string.Equals(s, "false", StringComparison.OrdinalIgnoreCase) || s == "0") return false;
                throw new JsonReadException($"string \"{Shorten(s)}\" is not a boolean", where);
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var n) && (n == 0 || n == 1)) return n == 1;
                throw Unexpected(ref reader, where, "a boolean");
            case JsonTokenType.Null: throw NullNotAllowed(where);
            default: throw Unexpected(ref reader, where, "a boolean");
        }
    }

    public static bool? BooleanOrNull(ref Utf8JsonReader reader, string where) =>
        reader.TokenType == JsonTokenType.Null ? null : Boolean(ref reader, where);

    // ---- dates -------------------------------------------------------------------------------------------------

    /// <summary>
    /// ISO 8601 with or without fraction and offset (no offset means UTC), a date alone (midnight UTC), or a Unix
    /// epoch in seconds or milliseconds, as a number or a numeric string.
    /// </summary>
    public static DateTimeOffset DateTimeOffset(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var epoch) && TryFromEpoch(epoch, out var fromEpoch)) return fromEpoch;
            if (reader.TryGetDouble(out var fractional) && fractional >= 0 && fractional < 1e11)
                return System.DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(fractional * 1000));
            throw new JsonReadException("number is not a Unix time", where);
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString()!;
            if (TryParseDateTime(s, out var value)) return value;
            throw new JsonReadException($"string \"{Shorten(s)}\" is not a date-time", where);
        }
        if (reader.TokenType == JsonTokenType.Null) throw NullNotAllowed(where);
        throw Unexpected(ref reader, where, "a date-time");
    }

    public static DateTimeOffset? DateTimeOffsetOrNull(ref Utf8JsonReader reader, string where) =>
        IsNullish(ref reader) ? null : DateTimeOffset(ref reader, where);

    private static readonly string[] DateTimeFormats =
    {
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "yyyyMMdd'T'HHmmssK",
    };

    /// <summary>Parses the date-time shapes providers send; a value without offset is taken as UTC.</summary>
    public static bool TryParseDateTime(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null) return false;
        var s = text.Trim();
        if (s.Length == 0) return false;
        if (s.Length <= 14 && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch) && s.Length >= 9)
            return TryFromEpoch(epoch, out value);
        if (System.DateTimeOffset.TryParseExact(s, DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
            return true;
        // RFC 1123 and other common shapes, last.
        return System.DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool TryFromEpoch(long epoch, out DateTimeOffset value)
    {
        value = default;
        // Seconds until year 5138, milliseconds beyond: the two do not overlap for real dates.
        if (epoch >= 0 && epoch < 100_000_000_000L) { value = System.DateTimeOffset.FromUnixTimeSeconds(epoch); return true; }
        if (epoch >= 0 && epoch < 253_402_300_800_000L) { value = System.DateTimeOffset.FromUnixTimeMilliseconds(epoch); return true; }
        return false;
    }

#if NET6_0_OR_GREATER
    public static DateOnly Date(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString()!.Trim();
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            if (TryParseDateTime(s, out var dt)) return DateOnly.FromDateTime(dt.UtcDateTime);
            throw new JsonReadException($"string \"{Shorten(s)}\" is not a date", where);
        }
        if (reader.TokenType == JsonTokenType.Number) return DateOnly.FromDateTime(DateTimeOffset(ref reader, where).UtcDateTime);
        if (reader.TokenType == JsonTokenType.Null) throw NullNotAllowed(where);
        throw Unexpected(ref reader, where, "a date");
    }

    public static DateOnly? DateOrNull(ref Utf8JsonReader reader, string where) =>
        IsNullish(ref reader) ? null : Date(ref reader, where);
#endif

    public static Guid Guid(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType == JsonTokenType.String && System.Guid.TryParse(reader.GetString(), out var g)) return g;
        if (reader.TokenType == JsonTokenType.Null) throw NullNotAllowed(where);
        throw Unexpected(ref reader, where, "a UUID");
    }

    public static Guid? GuidOrNull(ref Utf8JsonReader reader, string where) =>
        reader.TokenType == JsonTokenType.Null ? null : Guid(ref reader, where);

    // ---- raw JSON, arrays, maps --------------------------------------------------------------------------------

    /// <summary>Any JSON value, kept as a detached <see cref="JsonElement"/>.</summary>
    public static JsonElement Element(ref Utf8JsonReader reader, string where)
    {
        try
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new JsonReadException("invalid JSON: " + e.Message, where);
        }
    }

    /// <summary>Keeps a property the spec does not declare, so nothing the provider sends is lost.</summary>
    public static void AddUnknown(ref Dictionary<string, JsonElement>? bag, string name, ref Utf8JsonReader reader)
    {
        bag ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        bag[name] = Element(ref reader, name);
    }

    private static bool IsNullish(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ||
        (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 0 && !reader.ValueIsEscaped);

    private static string RawText(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray());

    private static string SafeString(ref Utf8JsonReader reader)
    {
        try { return reader.GetString() ?? ""; }
        catch (InvalidOperationException) { return "?"; }
    }

    internal static string Shorten(string s) => s.Length <= 40 ? s : s.Substring(0, 40) + "...";
}

/// <summary>A body did not match its schema; turned into <see cref="UsageGenMalformedResponseException"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonReadException : Exception
{
    public JsonReadException(string message, string where) : base(message) => Where = where;

    /// <summary>The property (or <c>$</c>) where reading failed.</summary>
    public string Where { get; }
}
