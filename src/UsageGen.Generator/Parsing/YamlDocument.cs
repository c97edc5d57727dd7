using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using UsageGen.Generator.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace UsageGen.Generator.Parsing;

/// <summary>
/// Reads a spec's YAML (or JSON, which is YAML) once with YamlDotNet, keeping where each node is, and writes it out
/// as JSON for NSwag. Any later finding names a line and column by JSON pointer: the pointer is looked up in the tree.
/// </summary>
internal sealed class YamlDocument
{
    // Positions are not indexed up front: a lookup walks the YAML tree by pointer (diagnostics are few, the nodes many).
    private readonly List<KeyValuePair<string, string>> _refs = new();
    // The path of the node being written: a mapping key (escaped lazily) or a sequence index per level.
    private readonly List<PathSegment> _path = new();
    private readonly string _text;
    private readonly int[] _lineStarts;

    private YamlDocument(string text)
    {
        _text = text;
        _lineStarts = LineStarts(text);
    }

    public YamlNode? Root { get; private set; }
    public string Json { get; private set; } = "";

    /// <summary>Every <c>$ref</c> value with the pointer of the object holding it.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> References => _refs;

    /// <summary>Parses <paramref name="text"/>; on a syntax error returns null and the error's position.</summary>
    public static YamlDocument? TryParse(string text, out string? error, out SpecPosition errorPosition)
    {
        error = null;
        errorPosition = SpecPosition.FileStart;
        var doc = new YamlDocument(text);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                error = "the file holds no document";
                return null;
            }
            doc.Root = stream.Documents[0].RootNode;
            var sb = new StringBuilder(text.Length + text.Length / 4);
            using (var writer = new JsonTextWriter(new StringWriter(sb, CultureInfo.InvariantCulture)))
            {
                writer.Formatting = Formatting.None;
                doc.Write(writer, doc.Root, 0);
            }
            doc.Json = sb.ToString();
            return doc;
        }
        catch (YamlException e)
        {
            error = Clean(e.Message);
            errorPosition = doc.Position(e.Start, e.End);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidDataException or FormatException or OverflowException)
        {
            // YamlDotNet throws these (not YamlException) for some malformed input: find where by scanning events.
            error = "malformed YAML near here (" + e.Message + ")";
            errorPosition = doc.LastGoodPosition();
            return null;
        }
    }

    private SpecPosition LastGoodPosition()
    {
        var parser = new Parser(new StringReader(_text));
        var last = SpecPosition.FileStart;
        try
        {
            while (parser.MoveNext())
                if (parser.Current is { } ev) last = Position(ev.End, ev.End);
        }
        catch (Exception)
        {
            // The failure point is what we were looking for.
        }
        return last;
    }

    private const int MaxDepth = 256;

    private void Write(JsonTextWriter writer, YamlNode node, int depth)
    {
        if (depth > MaxDepth) throw new YamlException(node.Start, node.End, "the document nests deeper than " + MaxDepth + " levels (a recursive alias?)");
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                var children = map.Children;
                // Duplicate keys: checked as each key is written, so the first error in document order is the one reported.
                var small = children.Count <= SmallMapping ? SmallKeys(depth) : null;
                var set = small is null ? KeySet(depth) : null;
                var index = 0;
                foreach (var pair in children)
                {
                    var key = KeyOf(pair.Key);
                    if (small is not null)
                    {
                        for (var j = 0; j < index; j++)
                            if (string.Equals(small[j], key, StringComparison.Ordinal))
                                throw new YamlException(pair.Key.Start, pair.Key.End, $"duplicate key '{key}'");
                        small[index++] = key;
                    }
                    else if (!set!.Add(key))
                    {
                        throw new YamlException(pair.Key.Start, pair.Key.End, $"duplicate key '{key}'");
                    }
                    if (key == "$ref" && pair.Value is YamlScalarNode r && r.Value is not null) _refs.Add(new(CurrentPointer(), r.Value));
                    writer.WritePropertyName(key);
                    _path.Add(new PathSegment(key, -1));
                    Write(writer, pair.Value, depth + 1);
                    _path.RemoveAt(_path.Count - 1);
                }
                if (small is not null) Array.Clear(small, 0, index);
                else set!.Clear();
                writer.WriteEndObject();
                break;
            case YamlSequenceNode seq:
                writer.WriteStartArray();
                var i = 0;
                foreach (var item in seq.Children)
                {
                    _path.Add(new PathSegment(null, i++));
                    Write(writer, item, depth + 1);
                    _path.RemoveAt(_path.Count - 1);
                }
                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                writer.WriteNull();
                break;
        }
    }

    private static string KeyOf(YamlNode key) => key is YamlScalarNode k ? k.Value ?? "" : "?";

    private const int SmallMapping = 8;

    /// <summary>Scratch key arrays per depth for small mappings (compared pairwise), reused across mappings.</summary>
    private string?[] SmallKeys(int depth)
    {
        while (_smallKeys.Count <= depth) _smallKeys.Add(null);
        return _smallKeys[depth] ??= new string?[SmallMapping];
    }

    /// <summary>Scratch key sets per depth for larger mappings, reused across mappings.</summary>
    private HashSet<string> KeySet(int depth)
    {
        while (_keySets.Count <= depth) _keySets.Add(null);
        return _keySets[depth] ??= new HashSet<string>(StringComparer.Ordinal);
    }

    private readonly List<string?[]?> _smallKeys = new();
    private readonly List<HashSet<string>?> _keySets = new();

    private string CurrentPointer()
    {
        if (_path.Count == 0) return "";
        var sb = new StringBuilder();
        foreach (var segment in _path)
        {
            sb.Append('/');
            if (segment.Key is { } key) sb.Append(Escape(key));
            else sb.Append(segment.Index.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private readonly struct PathSegment
    {
        public PathSegment(string? key, int index)
        {
            Key = key;
            Index = index;
        }

        public string? Key { get; }
        public int Index { get; }
    }

    private static void WriteScalar(JsonTextWriter writer, YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            writer.WriteValue(value);
            return;
        }
        // YAML 1.2 core schema for plain scalars.
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                writer.WriteNull();
                return;
            case "true" or "True" or "TRUE":
                writer.WriteValue(true);
                return;
            case "false" or "False" or "FALSE":
                writer.WriteValue(false);
                return;
        }
        if (LooksNumeric(value))
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) { writer.WriteValue(l); return; }
            if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) { writer.WriteRawValue(d.ToString(CultureInfo.InvariantCulture)); return; }
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && !double.IsInfinity(f)) { writer.WriteValue(f); return; }
        }
        writer.WriteValue(value);
    }

    private static bool LooksNumeric(string v)
    {
        if (v.Length == 0 || v.Length > 64) return false;
        var i = v[0] is '-' or '+' ? 1 : 0;
        if (i >= v.Length || !char.IsDigit(v[i])) return false;
        // Leading zeros ("007") and version-like strings ("1.0.0") stay strings.
        if (v[i] == '0' && i + 1 < v.Length && char.IsDigit(v[i + 1])) return false;
        var dots = 0;
        for (var j = i; j < v.Length; j++)
        {
            var c = v[j];
            if (c == '.') { if (++dots > 1) return false; }
            else if (!(char.IsDigit(c) || c is 'e' or 'E' or '+' or '-')) return false;
        }
        return true;
    }

    /// <summary>The position of the value at <paramref name="pointer"/>, or of its nearest existing ancestor.</summary>
    public SpecPosition ValueAt(string pointer)
    {
        if (Root is null) return SpecPosition.FileStart;
        Find(pointer, out var node, out _, out _);
        return Position(node.Start, node.End);
    }

    /// <summary>The position of the key naming <paramref name="pointer"/>, else its value's.</summary>
    public SpecPosition KeyAt(string pointer)
    {
        if (Root is null) return SpecPosition.FileStart;
        return Find(pointer, out var node, out var key, out _) && key is not null ? Position(key.Start, key.End) : Position(node.Start, node.End);
    }

    public bool Has(string pointer) => Root is not null && Find(pointer, out _, out _, out _);

    /// <summary>
    /// Walks <paramref name="pointer"/> (segments as <see cref="Escape"/> spells them) from the root. Returns whether
    /// all of it exists; <paramref name="node"/> is the deepest node reached, <paramref name="key"/> the mapping key
    /// naming it (null for the root and sequence items).
    /// </summary>
    private bool Find(string pointer, out YamlNode node, out YamlNode? key, out int depth)
    {
        node = Root!;
        key = null;
        depth = 0;
        if (pointer.Length == 0) return true;
        if (pointer[0] != '/') return false;
        var start = 1;
        while (true)
        {
            if (depth >= MaxDepth) return false;
            var slash = pointer.IndexOf('/', start);
            var end = slash < 0 ? pointer.Length : slash;
            YamlNode? next = null;
            YamlNode? nextKey = null;
            switch (node)
            {
                case YamlMappingNode map when map.Children.Count > IndexedMapping:
                    if (Index(map).TryGetValue(pointer.Substring(start, end - start), out var found))
                    {
                        next = found.Value;
                        nextKey = found.Key;
                    }
                    break;
                case YamlMappingNode map:
                    foreach (var pair in map.Children)
                    {
                        if (SegmentEquals(pointer, start, end - start, KeyOf(pair.Key)))
                        {
                            next = pair.Value;
                            nextKey = pair.Key;
                            break;
                        }
                    }
                    break;
                case YamlSequenceNode seq when TryIndex(pointer, start, end - start, out var index) && index < seq.Children.Count:
                    next = seq.Children[index];
                    break;
            }
            if (next is null) return false;
            node = next;
            key = nextKey;
            depth++;
            if (slash < 0) return true;
            start = slash + 1;
        }
    }

    private const int IndexedMapping = 16;
    private Dictionary<YamlMappingNode, Dictionary<string, KeyValuePair<YamlNode, YamlNode>>>? _indexes;

    /// <summary>Large mappings (paths, schemas) get an index by escaped key on their first lookup.</summary>
    private Dictionary<string, KeyValuePair<YamlNode, YamlNode>> Index(YamlMappingNode map)
    {
        _indexes ??= new Dictionary<YamlMappingNode, Dictionary<string, KeyValuePair<YamlNode, YamlNode>>>(ReferenceEqualityComparer.Instance);
        if (_indexes.TryGetValue(map, out var index)) return index;
        index = new Dictionary<string, KeyValuePair<YamlNode, YamlNode>>(map.Children.Count, StringComparer.Ordinal);
        foreach (var pair in map.Children)
        {
            var key = Escape(KeyOf(pair.Key));
            if (!index.ContainsKey(key)) index.Add(key, pair);
        }
        _indexes.Add(map, index);
        return index;
    }

    private sealed class ReferenceEqualityComparer : IEqualityComparer<YamlMappingNode>
    {
        public static readonly ReferenceEqualityComparer Instance = new();
        public bool Equals(YamlMappingNode? x, YamlMappingNode? y) => ReferenceEquals(x, y);
        public int GetHashCode(YamlMappingNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }

    /// <summary>Whether <c>pointer[start..start+length]</c> equals <c>Escape(key)</c>, without building it.</summary>
    private static bool SegmentEquals(string pointer, int start, int length, string key)
    {
        var p = start;
        var end = start + length;
        foreach (var c in key)
        {
            if (c == '~' || c == '/')
            {
                if (p + 2 > end || pointer[p] != '~' || pointer[p + 1] != (c == '~' ? '0' : '1')) return false;
                p += 2;
            }
            else
            {
                if (p >= end || pointer[p] != c) return false;
                p++;
            }
        }
        return p == end;
    }

    /// <summary>A sequence index as the writer spells it: digits, no leading zero.</summary>
    private static bool TryIndex(string pointer, int start, int length, out int index)
    {
        index = 0;
        if (length == 0 || length > 9) return false;
        if (length > 1 && pointer[start] == '0') return false;
        for (var i = start; i < start + length; i++)
        {
            var c = pointer[i];
            if (c < '0' || c > '9') return false;
            index = index * 10 + (c - '0');
        }
        return true;
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    public SpecPosition Position(Mark start, Mark end)
    {
        var s = Clamp((int)start.Index);
        var e = Math.Max(s, Clamp((int)end.Index));
        var (sl, sc) = LineColumn(s);
        var (el, ec) = LineColumn(e);
        return new SpecPosition(s, e - s, sl, sc, el, ec);
    }

    private int Clamp(int index) => index < 0 ? 0 : index > _text.Length ? _text.Length : index;

    private (int Line, int Column) LineColumn(int index)
    {
        var lo = 0;
        var hi = _lineStarts.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_lineStarts[mid] <= index) lo = mid; else hi = mid - 1;
        }
        return (lo, index - _lineStarts[lo]);
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') starts.Add(i + 1);
            else if (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')) starts.Add(i + 1);
        }
        return starts.ToArray();
    }

    /// <summary>Positions for a document that could not be parsed: line and column of an offset.</summary>
    public static SpecPosition PositionIn(string text, int line, int column)
    {
        var doc = new YamlDocument(text);
        var l = Math.Max(0, Math.Min(line, doc._lineStarts.Length - 1));
        var start = Math.Min(text.Length, doc._lineStarts[l] + Math.Max(0, column));
        var (sl, sc) = doc.LineColumn(start);
        return new SpecPosition(start, 0, sl, sc, sl, sc);
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the diagnostic's location says that already.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(i + 3) : message;
    }
}
