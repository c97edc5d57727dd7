using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Text;
using System.Text.Json;

namespace UsageGen.Runtime;

/// <summary>
/// How one C# type of generated code is read from and written to JSON: the primitives (tolerant, as
/// <see cref="JsonRead"/> reads them), lists, maps, nullable wrappers and every generated type (objects through
/// <see cref="JsonShape{T}"/>, open enums through <see cref="JsonEnumCodec{T}"/>). No reflection: generated code names the
/// codec of each property, and a codec of a list or map is built from its element's codec once and cached.
/// </summary>
/// <remarks>Only this library derives codecs (the slot members are internal).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class JsonCodec<T> : IJsonSlotCodec
{
    private JsonCodec<IReadOnlyList<T>>? _list;
    private JsonCodec<IReadOnlyDictionary<string, T>>? _map;

    internal JsonCodec()
    {
    }

    /// <summary>Reads the value at the reader's current token; where: the property, for the error message.</summary>
    public abstract T Read(ref Utf8JsonReader reader, string where);

    /// <summary>Writes <paramref name="value"/> (a null one as JSON null).</summary>
    public abstract void Write(Utf8JsonWriter writer, T value);

    /// <summary>Parses a whole UTF-8 body; throws <see cref="JsonReadException"/> when it does not match.</summary>
    public T Parse(ReadOnlySpan<byte> utf8Json) => JsonRead.Parse(utf8Json, this);

    /// <summary>The value as JSON text.</summary>
    public string ToJson(T value) => JsonCodecText.ToJson(this, value);

    /// <summary>True when the current token means "no value" for this type (null; for numbers also an empty string).</summary>
    internal virtual bool IsNullish(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null;

    /// <summary>Whether a property of this type may hold null (a nullable wrapper, or <see cref="JsonCodecs.OrNull{T}"/>).</summary>
    internal virtual bool AllowsNull => false;

    /// <summary>Reads a non-nullish value into a slot; primitives keep it unboxed.</summary>
    internal virtual void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => slot.Ref = Read(ref reader, where);

    /// <summary>The value a slot holds (<see cref="JsonSlot.State"/> is <see cref="JsonSlotState.Value"/>).</summary>
    internal virtual T FromSlot(ref JsonSlot slot) => (T)slot.Ref!;

    /// <summary>This codec's nullable wrapper, made once (a <c>JsonCodec&lt;T?&gt;</c>).</summary>
    internal object? NullableWrapper;

    internal JsonCodec<IReadOnlyList<T>> ListCodec => _list ??= new ListCodec<T>(this);

    internal JsonCodec<IReadOnlyDictionary<string, T>> MapCodec => _map ??= new MapCodec<T>(this);

    private JsonValueReader<T>? _whole;

    /// <summary>
    /// Reads a whole body's value (<c>$</c>): JSON null only where this codec allows it. Made once per codec, so the
    /// body parsers that take a <see cref="JsonValueReader{T}"/> serve codecs too.
    /// </summary>
    internal JsonValueReader<T> Whole => _whole ??= (ref Utf8JsonReader reader) =>
    {
        if (!AllowsNull && reader.TokenType == JsonTokenType.Null) throw JsonRead.NullNotAllowed("$");
        return Read(ref reader, "$");
    };

    /// <summary>A bag for the additional properties of an object whose values have this type.</summary>
    internal ExtraBag NewBag() => new ExtraBag<T>(this);

    bool IJsonSlotCodec.IsNullish(ref Utf8JsonReader reader) => IsNullish(ref reader);
    void IJsonSlotCodec.ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => ReadSlot(ref reader, ref slot, where);
    ExtraBag IJsonSlotCodec.NewBag() => NewBag();
}

/// <summary>Whether an object's property was sent, and how.</summary>
internal enum JsonSlotState : byte { Absent, Value, Null }

/// <summary>One property's value while its object is read: primitives unboxed, everything else as a reference.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct JsonSlot
{
    internal object? Ref;
    internal decimal Number;
    internal DateTimeOffset Time;
    internal long Integer;
    internal double Real;
    internal JsonSlotState State;
    /// <summary>The token was JSON null (not an empty string read as null): "null means unlimited" looks at this.</summary>
    internal bool SentNull;
}

/// <summary>
/// The codecs generated code names: <c>c.Int64OrNull</c>, <c>c.List(c.String)</c>, <c>c.OrNull(Key.__Json)</c>. One
/// shared instance (<see cref="Shared"/>), passed to every object's create function.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonCodecs
{
    public static JsonCodecs Shared { get; } = new();

    private JsonCodecs()
    {
        String = new StringCodec();
        StringOrNull = NullableRefCodec<string>.For(String);
        Int32 = new Int32Codec();
        Int32OrNull = NullableCodec<int>.For(Int32);
        Int64 = new Int64Codec();
        Int64OrNull = NullableCodec<long>.For(Int64);
        Decimal = new DecimalCodec();
        DecimalOrNull = NullableCodec<decimal>.For(Decimal);
        Double = new DoubleCodec();
        DoubleOrNull = NullableCodec<double>.For(Double);
        Boolean = new BooleanCodec();
        BooleanOrNull = NullableCodec<bool>.For(Boolean);
        DateTimeOffset = new DateTimeOffsetCodec();
        DateTimeOffsetOrNull = NullableCodec<DateTimeOffset>.For(DateTimeOffset);
#if NET6_0_OR_GREATER
        Date = new DateCodec();
        DateOrNull = NullableCodec<DateOnly>.For(Date);
#endif
        DateAsDateTimeOffset = new DateTimeOffsetCodec(dateOnly: true);
        DateAsDateTimeOffsetOrNull = NullableCodec<DateTimeOffset>.For(DateAsDateTimeOffset);
        Guid = new GuidCodec();
        GuidOrNull = NullableCodec<Guid>.For(Guid);
        Element = new ElementCodec();
        ElementOrNull = NullableCodec<JsonElement>.For(Element);
    }

    public JsonCodec<string> String { get; }
    public JsonCodec<string?> StringOrNull { get; }
    public JsonCodec<int> Int32 { get; }
    public JsonCodec<int?> Int32OrNull { get; }
    public JsonCodec<long> Int64 { get; }
    public JsonCodec<long?> Int64OrNull { get; }
    public JsonCodec<decimal> Decimal { get; }
    public JsonCodec<decimal?> DecimalOrNull { get; }
    public JsonCodec<double> Double { get; }
    public JsonCodec<double?> DoubleOrNull { get; }
    public JsonCodec<bool> Boolean { get; }
    public JsonCodec<bool?> BooleanOrNull { get; }
    public JsonCodec<DateTimeOffset> DateTimeOffset { get; }
    public JsonCodec<DateTimeOffset?> DateTimeOffsetOrNull { get; }
#if NET6_0_OR_GREATER
    public JsonCodec<DateOnly> Date { get; }
    public JsonCodec<DateOnly?> DateOrNull { get; }
#endif
    /// <summary>A date (<c>format: date</c>) where <c>System.DateOnly</c> does not exist: midnight UTC, written as <c>yyyy-MM-dd</c>.</summary>
    public JsonCodec<DateTimeOffset> DateAsDateTimeOffset { get; }
    public JsonCodec<DateTimeOffset?> DateAsDateTimeOffsetOrNull { get; }
    public JsonCodec<Guid> Guid { get; }
    public JsonCodec<Guid?> GuidOrNull { get; }
    /// <summary>Any JSON, kept as sent.</summary>
    public JsonCodec<JsonElement> Element { get; }
    public JsonCodec<JsonElement?> ElementOrNull { get; }

    /// <summary>A JSON array of <paramref name="item"/>: read as a list, typed as the read-only interface the DTO declares.</summary>
    public JsonCodec<IReadOnlyList<T>> List<T>(JsonCodec<T> item) => item.ListCodec;

    /// <summary>A JSON object of <paramref name="value"/> by name.</summary>
    public JsonCodec<IReadOnlyDictionary<string, T>> Map<T>(JsonCodec<T> value) => value.MapCodec;

    /// <summary>A reference type that may be JSON null.</summary>
    public JsonCodec<T?> OrNull<T>(JsonCodec<T> codec) where T : class => NullableRefCodec<T>.For(codec);

    /// <summary>A value type that may be JSON null.</summary>
    public JsonCodec<T?> Nullable<T>(JsonCodec<T> codec) where T : struct => NullableCodec<T>.For(codec);

    /// <summary>A generated type with its own reader and writer (a union of JSON kinds).</summary>
    public static JsonCodec<T> Custom<T>(string typeName, JsonValueReader<T> read, Action<Utf8JsonWriter, T> write) where T : class =>
        new CustomCodec<T>(typeName, read, write);
}

/// <summary>
/// The System.Text.Json converter of a generated type, over its codec: <c>JsonSerializer</c> reads and writes the type
/// with no reflection over its members. Each generated type derives a private <c>__Converter</c> that passes its own
/// codec (naming the codec field is what runs the type's static initializer; nothing is looked up at run time).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class JsonCodecConverter<T> : System.Text.Json.Serialization.JsonConverter<T>
{
    private readonly JsonCodec<T> _codec;

    protected JsonCodecConverter(JsonCodec<T> codec) => _codec = codec ?? throw new ArgumentNullException(nameof(codec));

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => _codec.Read(ref reader, typeof(T).Name);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _codec.Write(writer, value);
}

// ---- primitives ---------------------------------------------------------------------------------------------------

internal sealed class StringCodec : JsonCodec<string>
{
    public override string Read(ref Utf8JsonReader reader, string where) => JsonRead.String(ref reader, where);
    public override void Write(Utf8JsonWriter writer, string value) => writer.WriteStringValue(value);
}

/// <summary>Numbers read an empty string as null, as <see cref="JsonRead"/>'s <c>...OrNull</c> readers do.</summary>
internal abstract class NumberCodec<T> : JsonCodec<T> where T : struct
{
    internal override bool IsNullish(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ||
        (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 0 && !reader.ValueIsEscaped);
}

internal sealed class Int32Codec : NumberCodec<int>
{
    public override int Read(ref Utf8JsonReader reader, string where) => JsonRead.Int32(ref reader, where);
    public override void Write(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);
    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => slot.Integer = JsonRead.Int32(ref reader, where);
    internal override int FromSlot(ref JsonSlot slot) => (int)slot.Integer;
}

internal sealed class Int64Codec : NumberCodec<long>
{
    public override long Read(ref Utf8JsonReader reader, string where) => JsonRead.Int64(ref reader, where);
    public override void Write(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);
    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => slot.Integer = JsonRead.Int64(ref reader, where);
    internal override long FromSlot(ref JsonSlot slot) => slot.Integer;
}

internal sealed class DecimalCodec : NumberCodec<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, string where) => JsonRead.Decimal(ref reader, where);
    public override void Write(Utf8JsonWriter writer, decimal value) => writer.WriteNumberValue(value);
    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => slot.Number = JsonRead.Decimal(ref reader, where);
    internal override decimal FromSlot(ref JsonSlot slot) => slot.Number;
}

internal sealed class DoubleCodec : NumberCodec<double>
{
    public override double Read(ref Utf8JsonReader reader, string where) => JsonRead.Double(ref reader, where);
    public override void Write(Utf8JsonWriter writer, double value) => writer.WriteNumberValue(value);
    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => slot.Real = JsonRead.Double(ref reader, where);
    internal override double FromSlot(ref JsonSlot slot) => slot.Real;
}

internal sealed class BooleanCodec : JsonCodec<bool>
{
    public override bool Read(ref Utf8JsonReader reader, string where) => JsonRead.Boolean(ref reader, where);
    public override void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);
    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => slot.Integer = JsonRead.Boolean(ref reader, where) ? 1 : 0;
    internal override bool FromSlot(ref JsonSlot slot) => slot.Integer != 0;
}

internal sealed class DateTimeOffsetCodec : NumberCodec<DateTimeOffset>
{
    private readonly bool _dateOnly;

    public DateTimeOffsetCodec(bool dateOnly = false) => _dateOnly = dateOnly;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, string where) => JsonRead.DateTimeOffset(ref reader, where);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value)
    {
        if (_dateOnly) writer.WriteStringValue(value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        else writer.WriteStringValue(value);
    }

    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => slot.Time = JsonRead.DateTimeOffset(ref reader, where);
    internal override DateTimeOffset FromSlot(ref JsonSlot slot) => slot.Time;
}

#if NET6_0_OR_GREATER
internal sealed class DateCodec : NumberCodec<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, string where) => JsonRead.Date(ref reader, where);
    public override void Write(Utf8JsonWriter writer, DateOnly value) => writer.WriteStringValue(value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => slot.Integer = JsonRead.Date(ref reader, where).DayNumber;
    internal override DateOnly FromSlot(ref JsonSlot slot) => DateOnly.FromDayNumber((int)slot.Integer);
}
#endif

internal sealed class GuidCodec : JsonCodec<Guid>
{
    public override Guid Read(ref Utf8JsonReader reader, string where) => JsonRead.Guid(ref reader, where);
    public override void Write(Utf8JsonWriter writer, Guid value) => writer.WriteStringValue(value);
}

internal sealed class ElementCodec : JsonCodec<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, string where) => JsonRead.Element(ref reader, where);
    public override void Write(Utf8JsonWriter writer, JsonElement value) => value.WriteTo(writer);
}

// ---- wrappers and collections -------------------------------------------------------------------------------------

internal sealed class NullableCodec<T> : JsonCodec<T?> where T : struct
{
    private readonly JsonCodec<T> _inner;

    private NullableCodec(JsonCodec<T> inner) => _inner = inner;

    /// <summary>The wrapper of <paramref name="inner"/>, kept on it so generated code asking again allocates nothing.</summary>
    public static NullableCodec<T> For(JsonCodec<T> inner) => (NullableCodec<T>)(inner.NullableWrapper ??= new NullableCodec<T>(inner));

    internal override bool AllowsNull => true;
    internal override bool IsNullish(ref Utf8JsonReader reader) => _inner.IsNullish(ref reader);
    public override T? Read(ref Utf8JsonReader reader, string where) => _inner.IsNullish(ref reader) ? null : _inner.Read(ref reader, where);

    public override void Write(Utf8JsonWriter writer, T? value)
    {
        if (value is { } v) _inner.Write(writer, v);
        else writer.WriteNullValue();
    }

    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => _inner.ReadSlot(ref reader, ref slot, where);
    internal override T? FromSlot(ref JsonSlot slot) => _inner.FromSlot(ref slot);
}

internal sealed class NullableRefCodec<T> : JsonCodec<T?> where T : class
{
    private readonly JsonCodec<T> _inner;

    private NullableRefCodec(JsonCodec<T> inner) => _inner = inner;

    public static NullableRefCodec<T> For(JsonCodec<T> inner) => (NullableRefCodec<T>)(inner.NullableWrapper ??= new NullableRefCodec<T>(inner));

    internal override bool AllowsNull => true;
    internal override bool IsNullish(ref Utf8JsonReader reader) => _inner.IsNullish(ref reader);
    public override T? Read(ref Utf8JsonReader reader, string where) => _inner.IsNullish(ref reader) ? null : _inner.Read(ref reader, where);

    public override void Write(Utf8JsonWriter writer, T? value)
    {
        if (value is null) writer.WriteNullValue();
        else _inner.Write(writer, value);
    }

    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => _inner.ReadSlot(ref reader, ref slot, where);
    internal override T? FromSlot(ref JsonSlot slot) => _inner.FromSlot(ref slot);
}

internal sealed class ListCodec<T> : JsonCodec<IReadOnlyList<T>>
{
    private readonly JsonCodec<T> _item;

    public ListCodec(JsonCodec<T> item) => _item = item;

    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw JsonRead.Unexpected(ref reader, where, "an array");
        var list = new List<T>();
        var itemWhere = where + "[]";
        while (true)
        {
            if (!reader.Read()) throw new JsonReadException("the body ends inside an array", where);
            if (reader.TokenType == JsonTokenType.EndArray) return list;
            if (!_item.AllowsNull && reader.TokenType == JsonTokenType.Null) throw JsonRead.NullNotAllowed(itemWhere);
            list.Add(_item.Read(ref reader, itemWhere));
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value)
    {
        writer.WriteStartArray();
        for (var i = 0; i < value.Count; i++)
        {
            var item = value[i];
            if (item is null) writer.WriteNullValue();
            else _item.Write(writer, item);
        }
        writer.WriteEndArray();
    }
}

internal sealed class MapCodec<T> : JsonCodec<IReadOnlyDictionary<string, T>>
{
    private readonly JsonCodec<T> _value;

    public MapCodec(JsonCodec<T> value) => _value = value;

    public override IReadOnlyDictionary<string, T> Read(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw JsonRead.Unexpected(ref reader, where, "an object");
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        var valueWhere = where + "{}";
        while (true)
        {
            if (!reader.Read()) throw new JsonReadException("the body ends inside an object", where);
            if (reader.TokenType == JsonTokenType.EndObject) return map;
            var key = reader.GetString() ?? "";
            JsonRead.NextValue(ref reader);
            if (!_value.AllowsNull && reader.TokenType == JsonTokenType.Null) throw JsonRead.NullNotAllowed(valueWhere);
            map[key] = _value.Read(ref reader, valueWhere);
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> value)
    {
        writer.WriteStartObject();
        foreach (var pair in value)
        {
            writer.WritePropertyName(pair.Key);
            if (pair.Value is null) writer.WriteNullValue();
            else _value.Write(writer, pair.Value);
        }
        writer.WriteEndObject();
    }
}

internal sealed class CustomCodec<T> : JsonCodec<T> where T : class
{
    private readonly string _typeName;
    private readonly JsonValueReader<T> _read;
    private readonly Action<Utf8JsonWriter, T> _write;

    public CustomCodec(string typeName, JsonValueReader<T> read, Action<Utf8JsonWriter, T> write)
    {
        _typeName = typeName;
        _read = read;
        _write = write;
    }

    public override T Read(ref Utf8JsonReader reader, string where) => _read(ref reader);
    public override void Write(Utf8JsonWriter writer, T value) => _write(writer, value);
    public override string ToString() => _typeName;
}

/// <summary>
/// The codec of a generated open enum (a struct over its string): read as a string, kept unboxed in a slot, made into
/// the enum by the generated constructor.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonEnumCodec<T> : JsonCodec<T> where T : struct, IJsonWritable
{
    private readonly string _typeName;
    private readonly Func<string, T> _create;

    public JsonEnumCodec(string typeName, Func<string, T> create)
    {
        _typeName = typeName;
        _create = create;
    }

    public override T Read(ref Utf8JsonReader reader, string where) => _create(JsonRead.String(ref reader, where));
    public override void Write(Utf8JsonWriter writer, T value) => value.Write(writer);
    internal override void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where) => slot.Ref = JsonRead.String(ref reader, where);
    internal override T FromSlot(ref JsonSlot slot) => _create((string)slot.Ref!);
    public override string ToString() => _typeName;
}

/// <summary>The additional properties of one object being read, typed by their codec.</summary>
internal abstract class ExtraBag
{
    public abstract void Add(string name, ref Utf8JsonReader reader);
    public abstract object Result { get; }
}

internal sealed class ExtraBag<T> : ExtraBag
{
    private readonly JsonCodec<T> _codec;
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

    public ExtraBag(JsonCodec<T> codec) => _codec = codec;

    public override void Add(string name, ref Utf8JsonReader reader)
    {
        if (!_codec.AllowsNull && reader.TokenType == JsonTokenType.Null) throw JsonRead.NullNotAllowed(name);
        _values[name] = _codec.Read(ref reader, name);
    }

    public override object Result => _values;
}

/// <summary>A value of a generated type as JSON text, and the reverse.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonCodecText
{
    public static string ToJson<T>(JsonCodec<T> codec, T value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) codec.Write(writer, value);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
