using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using UsageGen.Generator.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
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

    /// <summary>The pointers of objects whose <c>$ref</c> is not a string (null, a number, a mapping).</summary>
    public IReadOnlyList<string> NonStringReferences => _nonStringRefs;

    /// <summary>Discriminator mapping entries (their pointers) whose local target does not exist: left out of the JSON, reported as UG0004.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MissingMappings => _missingMappings;

    private readonly List<KeyValuePair<string, string>> _missingMappings = new();

    private readonly List<string> _nonStringRefs = new();

    /// <summary>Parses <paramref name="text"/>; on a syntax error returns null and the error's position.</summary>
    public static YamlDocument? TryParse(string text, out string? error, out SpecPosition errorPosition) =>
        TryParse(text, out error, out errorPosition, out _);

    /// <summary>
    /// Parses <paramref name="text"/>; on failure returns null, the error, its position and whether it is a reading
    /// limit (<see cref="MaxDepth"/>, alias expansion) rather than a syntax error.
    /// </summary>
    public static YamlDocument? TryParse(string text, out string? error, out SpecPosition errorPosition, out bool limitExceeded)
    {
        var doc = new YamlDocument(text);
        if (doc.TryLoad(text, out error, out errorPosition, out limitExceeded)) return doc;
        // YamlDotNet rejects a block scalar whose only lines are blank and indented deeper than its parent (libyaml
        // reads it as blank lines): read it again with those lines emptied, positions mapped back to the original.
        if (!limitExceeded && error is not null &&
            (error.IndexOf("extra spaces in first line", StringComparison.Ordinal) >= 0 || error.IndexOf("more spaces in lines above first content line", StringComparison.Ordinal) >= 0) &&
            EmptyBlankBlockScalars(text, doc._edits) is { } edited)
        {
            var retry = new YamlDocument(text);
            retry._edits.AddRange(doc._edits);
            if (retry.TryLoad(edited, out var error2, out var at2, out limitExceeded)) return retry;
            error = error2;
            errorPosition = at2;
        }
        return null;
    }

    private bool TryLoad(string source, out string? error, out SpecPosition errorPosition, out bool limitExceeded)
    {
        error = null;
        errorPosition = SpecPosition.FileStart;
        limitExceeded = false;
        try
        {
            var stream = new YamlStream();
            var parser = new LimitedParser(new Parser(new StringReader(source)));
            stream.Load(parser);
            if (stream.Documents.Count == 0)
            {
                error = "the file holds no document";
                return false;
            }
            Root = stream.Documents[0].RootNode;
            // Aliases are written out in full: they may add as many nodes as the document holds, and 100,000 more.
            _budget = 2L * parser.Nodes + AliasAllowance;
            var sb = new StringBuilder(source.Length + source.Length / 4);
            using (var writer = new JsonTextWriter(new StringWriter(sb, CultureInfo.InvariantCulture)))
            {
                writer.Formatting = Formatting.None;
                Write(writer, Root, 0);
            }
            Json = sb.ToString();
            return true;
        }
        catch (LimitException e)
        {
            error = e.Message;
            errorPosition = Position(e.Start, e.End);
            limitExceeded = true;
            return false;
        }
        catch (YamlException e)
        {
            error = Clean(e.Message);
            if (e.Start.Index <= 0 && e.End.Index <= 0) errorPosition = UnplacedError(source, e.Message);
            // A tab "that violates indentation" is where the scan stopped, not where the scalar before it began.
            else if (e.Message.IndexOf("tab character", StringComparison.Ordinal) >= 0) errorPosition = Position(e.End, e.End);
            else errorPosition = Position(e.Start, e.End);
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidDataException or FormatException or OverflowException)
        {
            // YamlDotNet throws these (not YamlException) for some malformed input: find where by scanning events.
            error = "malformed YAML near here (" + e.Message + ")";
            errorPosition = LastGoodPosition(source);
            return false;
        }
    }

    /// <summary>
    /// Where an error YamlDotNet raised without a position is: for a tab in indentation, the first tab in the leading
    /// whitespace of a line from the last event read on; otherwise the end of that last event.
    /// </summary>
    private SpecPosition UnplacedError(string source, string message)
    {
        var last = LastGoodPosition(source);
        if (message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) < 0) return last;
        for (var line = last.StartLine; line < _lineStarts.Length; line++)
        {
            for (var i = _lineStarts[line]; i < _text.Length && _text[i] is ' ' or '\t'; i++)
            {
                if (_text[i] != '\t') continue;
                var (l, c) = LineColumn(i);
                return new SpecPosition(i, 1, l, c, l, c + 1);
            }
        }
        return last;
    }

    private SpecPosition LastGoodPosition(string source)
    {
        var parser = new Parser(new StringReader(source));
        var last = SpecPosition.FileStart;
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is { } ev) last = Position(ev.End, ev.End);
                if (parser.Current is MappingStart or SequenceStart && ++depth > MaxDepth) break;
                if (parser.Current is MappingEnd or SequenceEnd) depth--;
            }
        }
        catch (Exception)
        {
            // The failure point is what we were looking for.
        }
        return last;
    }

    /// <summary>
    /// The text with the leading whitespace-only lines of every block scalar emptied (recorded in
    /// <paramref name="edits"/>), or null when there is none: YamlDotNet rejects such lines when they are indented
    /// deeper than the parent and no content follows, or as deep as the content (libyaml reads both).
    /// </summary>
    private static string? EmptyBlankBlockScalars(string text, List<Edit> edits)
    {
        var sb = new StringBuilder(text.Length);
        var removed = 0;
        var changed = false;
        var lines = SplitLines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            var (start, length) = lines[i];
            sb.Append(text, start, length);
            if (!BlockScalarHeader.IsMatch(text.Substring(start, length).TrimEnd('\r', '\n'))) continue;
            var parent = Indentation(text, start);
            var j = i + 1;
            while (j < lines.Count && IsBlank(text, lines[j])) j++;
            if (j == i + 1) continue;
            // With a content line, leading blank lines up to its indentation are only line breaks (YAML 8.1.1.1);
            // one deeper than it is an error (YAML test W9L4), left to YamlDotNet to report.
            if (j < lines.Count && Indentation(text, lines[j].Start) is var content && content > parent)
            {
                var deeper = false;
                for (var k = i + 1; k < j && !deeper; k++) deeper = Indentation(text, lines[k].Start) > content;
                if (deeper) continue;
            }
            for (var k = i + 1; k < j; k++)
            {
                var (ks, kl) = lines[k];
                var spaces = Indentation(text, ks);
                if (spaces > 0)
                {
                    edits.Add(new Edit(ks - removed, spaces));
                    removed += spaces;
                    changed = true;
                }
                sb.Append(text, ks + spaces, kl - spaces);
            }
            i = j - 1;
        }
        return changed ? sb.ToString() : null;
    }

    // A block scalar header at the end of a line, without an explicit indentation indicator: "key: |+", "- >".
    private static readonly System.Text.RegularExpressions.Regex BlockScalarHeader =
        new(@"(?:^|[\s:?-])[|>][+-]?[ \t]*(?:#.*)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static int Indentation(string text, int start)
    {
        var i = start;
        while (i < text.Length && text[i] == ' ') i++;
        return i - start;
    }

    private static bool IsBlank(string text, (int Start, int Length) line)
    {
        for (var i = line.Start; i < line.Start + line.Length; i++)
            if (text[i] is not (' ' or '\r' or '\n')) return false;
        return true;
    }

    /// <summary>Lines as (start, length) including their line break.</summary>
    private static List<(int Start, int Length)> SplitLines(string text)
    {
        var result = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                result.Add((start, i + 1 - start));
                start = i + 1;
            }
        }
        if (start < text.Length) result.Add((start, text.Length - start));
        return result;
    }

    /// <summary>Characters removed from the text YamlDotNet read: <see cref="Removed"/> at <see cref="At"/> (an index in that text).</summary>
    private readonly record struct Edit(int At, int Removed);

    private readonly List<Edit> _edits = new();

    /// <summary>An index in the text YamlDotNet read, as an index in the spec.</summary>
    private int Original(long index)
    {
        var i = (int)Math.Min(index, int.MaxValue);
        var shift = 0;
        foreach (var edit in _edits)
            if (edit.At <= i) shift += edit.Removed;
        return i + shift;
    }

    /// <summary>
    /// Counts nodes and nesting as YamlDotNet parses, and stops at <see cref="MaxDepth"/> before YamlDotNet's
    /// representation model (which recurses once per level) can run out of stack.
    /// </summary>
    private sealed class LimitedParser : IParser
    {
        private readonly IParser _inner;
        private int _depth;

        public LimitedParser(IParser inner) => _inner = inner;

        public long Nodes { get; private set; }

        public ParsingEvent? Current => _inner.Current;

        public bool MoveNext()
        {
            if (!_inner.MoveNext()) return false;
            switch (_inner.Current)
            {
                case MappingStart or SequenceStart:
                    Nodes++;
                    if (++_depth > MaxDepth)
                        throw new LimitException(_inner.Current.Start, _inner.Current.End, "the document nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
                    break;
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
                case Scalar or AnchorAlias:
                    Nodes++;
                    break;
            }
            return true;
        }
    }

    /// <summary>A reading limit was reached (nesting, alias expansion): the document may be valid, it is not read.</summary>
    private sealed class LimitException : YamlException
    {
        public LimitException(Mark start, Mark end, string message) : base(start, end, message)
        {
        }

        public override string Message => base.Message.Substring(base.Message.IndexOf("): ", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : 0);
    }

    /// <summary>Nodes that writing the JSON may still produce (aliases are expanded); below zero the read stops.</summary>
    private long _budget;

    private const long AliasAllowance = 100_000;

    /// <summary>
    /// How deep collections may nest: below the 128 levels NSwag's JSON reader allows, and deep enough for any real
    /// spec (a schema nested inline 40 objects deep is 90 levels).
    /// </summary>
    internal const int MaxDepth = 100;

    private void Write(JsonTextWriter writer, YamlNode node, int depth)
    {
        if (depth > MaxDepth) throw new LimitException(node.Start, node.End, "the document nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels (through an alias)");
        if (--_budget < 0)
            throw new LimitException(node.Start, node.End, "aliases expand the document beyond " + (AliasAllowance / 1000).ToString(CultureInfo.InvariantCulture) + ",000 nodes more than it holds (an alias bomb?)");
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                var children = HasMergeKey(map) ? Merged(map, depth) : (IEnumerable<KeyValuePair<YamlNode, YamlNode>>)map.Children;
                var count = children is ICollection<KeyValuePair<YamlNode, YamlNode>> c ? c.Count : map.Children.Count;
                // Duplicate keys: checked as each key is written, so the first error in document order is the one reported.
                var small = count <= SmallMapping ? SmallKeys(depth) : null;
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
                    if (key == "$ref")
                    {
                        var holder = CurrentPointer();
                        if (_dropped is not null && _dropped.Contains(holder)) continue;
                        if (pair.Value is YamlScalarNode { Value: not null } r && !IsNull(r)) _refs.Add(new(holder, r.Value));
                        else _nonStringRefs.Add(holder);
                    }
                    _path.Add(new PathSegment(key, -1));
                    if (LeftOut(pair.Value) || (ForeignExtension(key, pair.Value) && InSchemaLike()) || MissingMappingTarget(pair.Value))
                    {
                        _path.RemoveAt(_path.Count - 1);
                        continue;
                    }
                    writer.WritePropertyName(key);
                    if (pair.Value is YamlScalarNode value && NumericKeyword(key) is var limit and not NumericLimit.None) WriteNumericKeyword(writer, value, limit);
                    else if (pair.Value is YamlScalarNode mapped && InDiscriminatorMapping()) WriteMappingValue(writer, mapped);
                    else Write(writer, pair.Value, depth + 1);
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
                    if (!LeftOut(item)) Write(writer, item, depth + 1);
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

    // ---- merge keys (<<: *base) --------------------------------------------------------------------------------

    private static bool IsMergeKey(YamlNode key) =>
        key is YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain or ScalarStyle.Any } k && k.Tag.IsEmpty;

    private static bool HasMergeKey(YamlMappingNode map)
    {
        foreach (var pair in map.Children)
            if (IsMergeKey(pair.Key)) return true;
        return false;
    }

    /// <summary>
    /// A mapping's pairs with its merge keys applied (YAML's merge key type): its own keys first, then each merged
    /// mapping's keys not already present, earlier mappings winning over later ones.
    /// </summary>
    private List<KeyValuePair<YamlNode, YamlNode>> Merged(YamlMappingNode map, int depth)
    {
        if (depth > MaxDepth) throw new LimitException(map.Start, map.End, "merge keys nest deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
        var result = new List<KeyValuePair<YamlNode, YamlNode>>(map.Children.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var sources = new List<YamlMappingNode>();
        foreach (var pair in map.Children)
        {
            if (!IsMergeKey(pair.Key))
            {
                result.Add(pair);
                keys.Add(KeyOf(pair.Key));
                continue;
            }
            switch (pair.Value)
            {
                case YamlMappingNode one:
                    sources.Add(one);
                    break;
                case YamlSequenceNode list when list.Children.All(n => n is YamlMappingNode):
                    foreach (var item in list.Children) sources.Add((YamlMappingNode)item);
                    break;
                default:
                    throw new YamlException(pair.Value.Start, pair.Value.End, "a merge key ('<<') takes a mapping or a list of mappings, e.g. '<<: *base'");
            }
        }
        foreach (var source in sources)
        {
            foreach (var pair in HasMergeKey(source) ? Merged(source, depth + 1) : (IEnumerable<KeyValuePair<YamlNode, YamlNode>>)source.Children)
                if (keys.Add(KeyOf(pair.Key))) result.Add(pair);
        }
        return result;
    }

    // ---- discriminator mappings ----------------------------------------------------------------------------------

    /// <summary>Whether the value being written is a <c>discriminator</c>'s <c>mapping</c> entry.</summary>
    private bool InDiscriminatorMapping() =>
        _path.Count >= 3 && _path[_path.Count - 2].Key == "mapping" && _path[_path.Count - 3].Key == "discriminator";

    /// <summary>
    /// A discriminator mapping value may be a bare schema name (OpenAPI 3.0.3, 4.8.25.1), which NJsonSchema cannot
    /// resolve: written as the reference it names when that component exists.
    /// </summary>
    private void WriteMappingValue(JsonTextWriter writer, YamlScalarNode value)
    {
        var name = value.Value;
        if (name is { Length: > 0 } && name.IndexOf('#') < 0 && name.IndexOf('/') < 0 && Has("/components/schemas/" + Escape(name)))
        {
            writer.WriteValue("#/components/schemas/" + Escape(name));
            return;
        }
        WriteScalar(writer, value);
    }

    /// <summary>Holders whose <c>$ref</c> is left out of the JSON (see <see cref="Rewrite"/>).</summary>
    private HashSet<string>? _dropped;

    /// <summary>Values left out of the JSON because NSwag could not read them (see <see cref="Rewrite"/>).</summary>
    private HashSet<string>? _omitted;

    /// <summary>
    /// Whether the value at the current path stays out of the JSON: a value NSwag could not read, or a null where
    /// OpenAPI puts an object (an operation, a response, a schema written as 'get:' with nothing after it), which
    /// describes nothing and which NSwag would dereference.
    /// </summary>
    private bool LeftOut(YamlNode value)
    {
        if (_omitted is not null && _omitted.Contains(CurrentPointer())) return true;
        // (A null security scheme stays: the model says it is empty, at its line.)
        return value is YamlScalarNode scalar && IsNull(scalar) &&
            OpenApiGrammar.KindAt(CurrentPointer()) is not (OpenApiKind.Other or OpenApiKind.Document or OpenApiKind.SecurityScheme);
    }

    /// <summary>
    /// An extension NJsonSchema reads as its own typed property (<c>x-enumNames</c> as a list of names,
    /// <c>x-nullable</c> as a boolean) written by the spec in another shape: extensions are free-form in OpenAPI, so
    /// the spec is not wrong (Okta's <c>x-enumDescriptions</c> is a map from value to text); the value only describes,
    /// and is left out of what NSwag reads instead of stopping the parse.
    /// </summary>
    private static bool ForeignExtension(string key, YamlNode value) => key switch
    {
        "x-enumNames" or "x-enum-names" or "x-enum-varnames" or "x-enumDescriptions" or "x-enum-descriptions" =>
            value is not YamlSequenceNode seq || seq.Children.Any(c => c is not YamlScalarNode),
        "x-enumFlags" or "x-abstract" or "x-nullable" or "x-readOnly" or "x-writeOnly" or "x-deprecated" =>
            value is not YamlScalarNode { Value: "true" or "false" or "True" or "False" },
        "x-deprecatedMessage" => value is not YamlScalarNode,
        _ => false,
    };

    /// <summary>
    /// A discriminator mapping value that points into this document at nothing (PagerDuty's points through a
    /// <c>$ref</c>, which a JSON pointer cannot cross): recorded and left out, as a bad <c>$ref</c> is.
    /// </summary>
    private bool MissingMappingTarget(YamlNode value)
    {
        if (value is not YamlScalarNode { Value: { } target } || !target.StartsWith("#/", StringComparison.Ordinal) || !InDiscriminatorMapping()) return false;
        if (Has(target.Substring(1))) return false;
        _missingMappings.Add(new KeyValuePair<string, string>(CurrentPointer(), target));
        return true;
    }

    /// <summary>Whether the object holding the current key is one NJsonSchema reads as a schema (a schema, parameter or header).</summary>
    private bool InSchemaLike()
    {
        var pointer = CurrentPointer();
        return OpenApiGrammar.KindAt(pointer.Substring(0, pointer.LastIndexOf('/'))) is OpenApiKind.Schema or OpenApiKind.Parameter or OpenApiKind.Header;
    }

    private enum NumericLimit { None, Decimal, Int32 }

    /// <summary>Schema keywords NJsonSchema reads as decimal or int.</summary>
    private static NumericLimit NumericKeyword(string key) => key switch
    {
        "maximum" or "minimum" or "multipleOf" or "exclusiveMaximum" or "exclusiveMinimum" => NumericLimit.Decimal,
        "maxLength" or "minLength" or "maxItems" or "minItems" or "maxProperties" or "minProperties" => NumericLimit.Int32,
        _ => NumericLimit.None,
    };

    /// <summary>
    /// A bound beyond what NJsonSchema holds (<c>maximum: 1e400</c>, <c>maxLength: 1e12</c>) is valid JSON Schema and
    /// means "no bound" in practice: written as the largest value the keyword's type holds.
    /// </summary>
    private static void WriteNumericKeyword(JsonTextWriter writer, YamlScalarNode value, NumericLimit limit)
    {
        var text = value.Value ?? "";
        if (value.Style is ScalarStyle.Plain or ScalarStyle.Any && LooksNumeric(text) &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            var (min, max) = limit == NumericLimit.Int32 ? ((double)int.MinValue, (double)int.MaxValue) : (-1e28, 1e28);
            // 1e28, not decimal.MaxValue: NJsonSchema re-reads some schemas through a double, and decimal.MaxValue as a
            // double rounds up past what a decimal holds.
            if (number >= max || double.IsPositiveInfinity(number))
            {
                if (limit == NumericLimit.Int32) writer.WriteValue(int.MaxValue); else writer.WriteRawValue("1e28");
                return;
            }
            if (number <= min || double.IsNegativeInfinity(number))
            {
                if (limit == NumericLimit.Int32) writer.WriteValue(int.MinValue); else writer.WriteRawValue("-1e28");
                return;
            }
        }
        WriteScalar(writer, value);
    }

    /// <summary>
    /// Writes the JSON again without the <c>$ref</c> of the objects at <paramref name="holders"/> and without the
    /// values at <paramref name="omitted"/>, so one bad reference or value (reported already) leaves an empty object
    /// or a missing key behind and the rest of the spec still generates.
    /// </summary>
    public void Rewrite(IEnumerable<string> holders, IEnumerable<string>? omitted = null)
    {
        _dropped = new HashSet<string>(holders, StringComparer.Ordinal);
        _omitted = omitted is null ? null : new HashSet<string>(omitted, StringComparer.Ordinal);
        _refs.Clear();
        _nonStringRefs.Clear();
        _missingMappings.Clear();
        _path.Clear();
        _budget = long.MaxValue;
        var sb = new StringBuilder(Json.Length);
        using (var writer = new JsonTextWriter(new StringWriter(sb, CultureInfo.InvariantCulture)))
        {
            writer.Formatting = Formatting.None;
            Write(writer, Root!, 0);
        }
        Json = sb.ToString();
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

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Tag.IsEmpty && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

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

    /// <summary>
    /// The first place in the document (in writing order, each node once) where <paramref name="relative"/> (a pointer
    /// relative to some value) exists, as a pointer from the root; null when it exists nowhere. NJsonSchema re-reads
    /// some values (a schema's <c>items</c>) with a reader of their own, whose paths start at that value.
    /// </summary>
    public string? Anchor(string relative)
    {
        if (Root is null || relative.Length == 0 || relative[0] != '/') return null;
        var seen = new HashSet<YamlNode>();
        var stack = new Stack<(YamlNode Node, string Pointer)>();
        stack.Push((Root, ""));
        while (stack.Count > 0)
        {
            var (node, pointer) = stack.Pop();
            if (!seen.Add(node)) continue;
            if (pointer.Length > 0 && Has(pointer + relative)) return pointer + relative;
            var children = new List<(YamlNode, string)>();
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var pair in HasMergeKey(map) ? Merged(map, 0) : (IEnumerable<KeyValuePair<YamlNode, YamlNode>>)map.Children)
                        children.Add((pair.Value, pointer + "/" + Escape(KeyOf(pair.Key))));
                    break;
                case YamlSequenceNode seq:
                    for (var i = 0; i < seq.Children.Count; i++) children.Add((seq.Children[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture)));
                    break;
            }
            for (var i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
        return null;
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
                case YamlMappingNode map when map.Children.Count > IndexedMapping || HasMergeKey(map):
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
        foreach (var pair in HasMergeKey(map) ? Merged(map, 0) : (IEnumerable<KeyValuePair<YamlNode, YamlNode>>)map.Children)
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
        var s = Clamp(Original(start.Index));
        var e = Math.Max(s, Clamp(Original(end.Index)));
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
