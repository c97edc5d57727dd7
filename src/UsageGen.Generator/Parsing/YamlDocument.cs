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
/// as JSON for NSwag. Positions are indexed by JSON pointer so that any later finding can name a line and column.
/// </summary>
internal sealed class YamlDocument
{
    private readonly Dictionary<string, SpecPosition> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpecPosition> _keys = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _refs = new();
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
                doc.Write(writer, doc.Root, "", 0);
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

    private void Write(JsonTextWriter writer, YamlNode node, string pointer, int depth)
    {
        if (depth > MaxDepth) throw new YamlException(node.Start, node.End, "the document nests deeper than " + MaxDepth + " levels (a recursive alias?)");
        _values[pointer] = Position(node.Start, node.End);
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var pair in map.Children)
                {
                    var key = pair.Key is YamlScalarNode k ? k.Value ?? "" : "?";
                    if (!seen.Add(key))
                        throw new YamlException(pair.Key.Start, pair.Key.End, $"duplicate key '{key}'");
                    var child = pointer + "/" + Escape(key);
                    _keys[child] = Position(pair.Key.Start, pair.Key.End);
                    if (key == "$ref" && pair.Value is YamlScalarNode r && r.Value is not null) _refs.Add(new(pointer, r.Value));
                    writer.WritePropertyName(key);
                    Write(writer, pair.Value, child, depth + 1);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode seq:
                writer.WriteStartArray();
                var i = 0;
                foreach (var item in seq.Children) Write(writer, item, pointer + "/" + (i++).ToString(CultureInfo.InvariantCulture), depth + 1);
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
        var p = pointer;
        while (true)
        {
            if (_values.TryGetValue(p, out var pos)) return pos;
            if (p.Length == 0) return SpecPosition.FileStart;
            var slash = p.LastIndexOf('/');
            p = slash <= 0 ? "" : p.Substring(0, slash);
        }
    }

    /// <summary>The position of the key naming <paramref name="pointer"/>, else its value's.</summary>
    public SpecPosition KeyAt(string pointer) => _keys.TryGetValue(pointer, out var pos) ? pos : ValueAt(pointer);

    public bool Has(string pointer) => _values.ContainsKey(pointer);

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
