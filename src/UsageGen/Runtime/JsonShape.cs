using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace UsageGen.Runtime;

/// <summary>
/// A generated object type's JSON reader and writer, driven by a table instead of per-property code. The generated
/// type gives two functions: <c>create</c>, an object initializer that takes each property from the values read
/// (<c>Limit = v.Get("limit", c.Int64OrNull)</c>), and <c>write</c>, which writes each property in the same order
/// (<c>w.Write(o.Limit)</c>). The table (JSON names, codecs, required, write-null) is learned by running
/// <c>create</c> once in a recording mode, so the names live in one place in the generated code. Reading is one pass
/// over the tokens into unboxed slots, then <c>create</c>; no reflection, trim- and NativeAOT-safe.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonShape<T> : JsonCodec<T> where T : class
{
    private readonly string _typeName;
    private readonly Func<JsonObjectValues, JsonCodecs, T> _create;
    private readonly Action<JsonObjectWriter, T> _write;
    private Table? _table;

    public JsonShape(string typeName, Func<JsonObjectValues, JsonCodecs, T> create, Action<JsonObjectWriter, T> write)
    {
        _typeName = typeName;
        _create = create;
        _write = write;
    }

    /// <summary>The type's properties, learned on first use (not in the constructor: a codec it names may be this type's own).</summary>
    internal Table Properties => _table ?? Interlocked.CompareExchange(ref _table, Learn(), null) ?? _table!;

    private Table Learn()
    {
        var recorder = new JsonObjectValues(_typeName);
        _create(recorder, JsonCodecs.Shared);
        return recorder.Finish<T>();
    }

    public override T Read(ref Utf8JsonReader reader, string where)
    {
        var table = Properties;
        JsonRead.ExpectStartObject(ref reader, _typeName);
        var values = JsonObjectValues.Rent(_typeName, table);
        try
        {
            var count = table.Names.Length;
            var next = 0;
            while (true)
            {
                if (!reader.Read()) throw new JsonReadException("the body ends inside " + _typeName, _typeName);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                // Properties usually come in the spec's order: try the one after the last match first.
                var index = -1;
                for (var k = 0; k < count; k++)
                {
                    var i = next + k < count ? next + k : next + k - count;
                    if (reader.ValueTextEquals(table.Utf8Names[i])) { index = i; break; }
                }
                if (index < 0)
                {
                    var name = JsonRead.PropertyName(ref reader);
                    JsonRead.NextValue(ref reader);
                    values.AddExtra(name, ref reader);
                    continue;
                }
                next = index + 1 == count ? 0 : index + 1;
                JsonRead.NextValue(ref reader);
                ref var slot = ref values.Slots[index];
                var codec = table.Codecs[index];
                slot.SentNull = reader.TokenType == JsonTokenType.Null;
                if (codec.IsNullish(ref reader))
                {
                    slot.State = JsonSlotState.Null;
                    slot.Ref = null;
                }
                else
                {
                    codec.ReadSlot(ref reader, ref slot, table.Names[index]);
                    slot.State = JsonSlotState.Value;
                }
            }
            values.Cursor = 0;
            return _create(values, JsonCodecs.Shared);
        }
        finally
        {
            JsonObjectValues.Return(values);
        }
    }

    public override void Write(Utf8JsonWriter writer, T value)
    {
        var table = Properties;
        var w = JsonObjectWriter.Rent(writer, table);
        try
        {
            writer.WriteStartObject();
            _write(w, value);
            writer.WriteEndObject();
        }
        finally
        {
            JsonObjectWriter.Return(w);
        }
    }

    public override string ToString() => _typeName;

    /// <summary>What <c>create</c> told about the type's properties, in its order.</summary>
    internal sealed class Table
    {
        public Table(string[] names, IJsonSlotCodec[] codecs, bool[] required, bool[] writeNull, IJsonSlotCodec? extra)
        {
            Names = names;
            Codecs = codecs;
            Required = required;
            WriteNull = writeNull;
            Extra = extra;
            Utf8Names = new byte[names.Length][];
            Encoded = new JsonEncodedText[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                Utf8Names[i] = Encoding.UTF8.GetBytes(names[i]);
                Encoded[i] = JsonEncodedText.Encode(names[i]);
            }
        }

        public readonly string[] Names;
        public readonly byte[][] Utf8Names;
        public readonly JsonEncodedText[] Encoded;
        public readonly IJsonSlotCodec[] Codecs;
        public readonly bool[] Required;
        public readonly bool[] WriteNull;
        /// <summary>The codec of additional property values; null: kept as <see cref="JsonElement"/>.</summary>
        public readonly IJsonSlotCodec? Extra;
    }
}

/// <summary>A codec seen without its type: what the read loop of <see cref="JsonShape{T}"/> needs.</summary>
internal interface IJsonSlotCodec
{
    bool IsNullish(ref Utf8JsonReader reader);
    void ReadSlot(ref Utf8JsonReader reader, ref JsonSlot slot, string where);
    ExtraBag NewBag();
}

/// <summary>
/// The values of one object being read, handed to the generated <c>create</c> function; in recording mode (once per
/// type) each call tells the property's JSON name, codec and whether it is required.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonObjectValues
{
    // A few per thread: an object nests others, each read while its parent's values are still in use.
    [ThreadStatic] private static JsonObjectValues?[]? t_pool;
    [ThreadStatic] private static int t_pooled;

    private readonly bool _recording;
    private string _typeName;
    private List<string>? _names;
    private List<IJsonSlotCodec>? _codecs;
    private List<bool>? _required;
    private List<bool>? _writeNull;
    private IJsonSlotCodec? _extraCodec;
    private ExtraBag? _extra;
    private Dictionary<string, JsonElement>? _extraElements;

    internal JsonSlot[] Slots = System.Array.Empty<JsonSlot>();
    internal int Cursor;
    private string[] _slotNames = System.Array.Empty<string>();
    private IJsonSlotCodec? _tableExtra;

    /// <summary>A recorder.</summary>
    internal JsonObjectValues(string typeName)
    {
        _recording = true;
        _typeName = typeName;
        _names = new List<string>();
        _codecs = new List<IJsonSlotCodec>();
        _required = new List<bool>();
        _writeNull = new List<bool>();
    }

    private JsonObjectValues()
    {
        _typeName = "";
    }

    internal static JsonObjectValues Rent<T>(string typeName, JsonShape<T>.Table table) where T : class
    {
        var pool = t_pool;
        var values = pool is not null && t_pooled > 0 ? pool[--t_pooled]! : new JsonObjectValues();
        values._typeName = typeName;
        values._slotNames = table.Names;
        values._tableExtra = table.Extra;
        if (values.Slots.Length < table.Names.Length) values.Slots = new JsonSlot[Math.Max(table.Names.Length, 8)];
        values.Cursor = 0;
        return values;
    }

    internal static void Return(JsonObjectValues values)
    {
        System.Array.Clear(values.Slots, 0, values._slotNames.Length);
        values._extra = null;
        values._extraElements = null;
        var pool = t_pool ??= new JsonObjectValues?[16];
        if (t_pooled < pool.Length) pool[t_pooled++] = values;
    }

    internal void AddExtra(string name, ref Utf8JsonReader reader)
    {
        if (_tableExtra is { } codec) (_extra ??= codec.NewBag()).Add(name, ref reader);
        else JsonRead.AddUnknown(ref _extraElements, name, ref reader);
    }

    /// <summary>An optional property: its value, or the type's default when it was not sent.</summary>
    public TValue Get<TValue>(string name, JsonCodec<TValue> codec) => Take(name, codec, required: false);

    /// <summary>A required property: its value; missing is an error, and so is null unless the codec allows it.</summary>
    public TValue Required<TValue>(string name, JsonCodec<TValue> codec) => Take(name, codec, required: true);

    private TValue Take<TValue>(string name, JsonCodec<TValue> codec, bool required)
    {
        if (_recording)
        {
            _names!.Add(name);
            _codecs!.Add(codec);
            _required!.Add(required);
            _writeNull!.Add(required);
            return default!;
        }
        ref var slot = ref Slots[Cursor++];
        switch (slot.State)
        {
            case JsonSlotState.Value:
                return codec.FromSlot(ref slot);
            case JsonSlotState.Null:
                if (!codec.AllowsNull) throw JsonRead.NullNotAllowed(name);
                return default!;
            default:
                if (required) throw JsonRead.MissingRequired(_typeName, name);
                return default!;
        }
    }

    /// <summary>
    /// Whether <paramref name="name"/> (a property already taken) was sent as JSON null: the "null means unlimited"
    /// flag. Such a property is written back as null when null.
    /// </summary>
    public bool WasNull(string name)
    {
        if (_recording)
        {
            var i = _names!.LastIndexOf(name);
            if (i >= 0) _writeNull![i] = true;
            return false;
        }
        var index = System.Array.IndexOf(_slotNames, name);
        return index >= 0 && Slots[index].SentNull;
    }

    /// <summary>The properties the spec does not declare, as sent (null when there were none).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Extra() => _recording ? null : _extraElements;

    /// <summary>The properties the spec does not declare, typed by <paramref name="codec"/> (its <c>additionalProperties</c>).</summary>
    public IReadOnlyDictionary<string, TValue>? Extra<TValue>(JsonCodec<TValue> codec)
    {
        if (_recording)
        {
            _extraCodec = codec;
            return null;
        }
        return (IReadOnlyDictionary<string, TValue>?)_extra?.Result;
    }

    internal JsonShape<T>.Table Finish<T>() where T : class =>
        new(_names!.ToArray(), _codecs!.ToArray(), _required!.ToArray(), _writeNull!.ToArray(), _extraCodec);
}

/// <summary>Writes one object's properties for the generated <c>write</c> function, in the order <c>create</c> takes them.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonObjectWriter
{
    [ThreadStatic] private static JsonObjectWriter?[]? t_pool;
    [ThreadStatic] private static int t_pooled;

    private Utf8JsonWriter _writer = null!;
    private JsonEncodedText[] _names = System.Array.Empty<JsonEncodedText>();
    private object[] _codecs = System.Array.Empty<object>();
    private bool[] _writeNull = System.Array.Empty<bool>();
    private object? _extra;
    private int _next;

    internal static JsonObjectWriter Rent<T>(Utf8JsonWriter writer, JsonShape<T>.Table table) where T : class
    {
        var pool = t_pool;
        var w = pool is not null && t_pooled > 0 ? pool[--t_pooled]! : new JsonObjectWriter();
        w._writer = writer;
        w._names = table.Encoded;
        w._codecs = table.Codecs;
        w._writeNull = table.WriteNull;
        w._extra = table.Extra;
        w._next = 0;
        return w;
    }

    internal static void Return(JsonObjectWriter w)
    {
        w._writer = null!;
        var pool = t_pool ??= new JsonObjectWriter?[16];
        if (t_pooled < pool.Length) pool[t_pooled++] = w;
    }

    /// <summary>The next property: skipped when null unless required or null-tracked, which write JSON null.</summary>
    public void Write<TValue>(TValue value)
    {
        var i = _next++;
        if (value is null)
        {
            if (_writeNull[i]) _writer.WriteNull(_names[i]);
            return;
        }
        _writer.WritePropertyName(_names[i]);
        ((JsonCodec<TValue>)_codecs[i]).Write(_writer, value);
    }

    /// <summary>The additional properties, as sent.</summary>
    public void Extra(IReadOnlyDictionary<string, JsonElement>? values)
    {
        if (values is null) return;
        foreach (var pair in values)
        {
            _writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(_writer);
        }
    }

    /// <summary>The additional properties, typed by the schema's <c>additionalProperties</c>.</summary>
    public void Extra<TValue>(IReadOnlyDictionary<string, TValue>? values)
    {
        if (values is null) return;
        var codec = (JsonCodec<TValue>)_extra!;
        foreach (var pair in values)
        {
            _writer.WritePropertyName(pair.Key);
            if (pair.Value is null) _writer.WriteNullValue();
            else codec.Write(_writer, pair.Value);
        }
    }
}
