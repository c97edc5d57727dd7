using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Seeded mutation fuzzing of the generator over the launch specs and specs it was not written for (our own small
/// shapes, the usage corpus, the real-world repros): whatever the spec, the generator never crashes, never reports an
/// internal failure (UG0011), says every error at a line (not (1,1) unless the fault is there), and whatever it
/// generates compiles with Nullable and warnings as errors. A fixed number of cases, each from its own seed:
/// <c>FuzzCase.Create(FuzzTests.BaseSeed + i)</c> reproduces case <c>i</c>; no time budget.
/// </summary>
public sealed class FuzzTests
{
    /// <summary>The first case's seed; case <c>i</c> uses <c>BaseSeed + i</c>.</summary>
    public const int BaseSeed = 20_261_201;

    /// <summary>How many cases CI runs; set <c>USAGEGEN_FUZZ_CASES</c> for more (e.g. 3000).</summary>
    public const int DefaultCases = 300;

    public static int CaseCount =>
        int.TryParse(Environment.GetEnvironmentVariable("USAGEGEN_FUZZ_CASES"), out var n) && n > 0 ? n : DefaultCases;

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mutated_specs_never_crash_and_every_error_is_placed_and_every_output_compiles()
    {
        var count = CaseCount;
        var stats = FuzzRunner.Run(BaseSeed, count, parallelism: Math.Max(1, Environment.ProcessorCount));
        _output.WriteLine(stats.Headline());
        _output.WriteLine(stats.Summary());
        // Also on the test run's console, where CI's log keeps it.
        Console.WriteLine(stats.Headline() + " (" + stats.Summary() + ")");

        Assert.Equal(count, stats.Cases);
        Assert.True(stats.Failures.IsEmpty, stats.Headline() + "; reproduce with FuzzRunner.RunOne(FuzzCase.Create(seed)):\n" +
            string.Join("\n\n", stats.Failures.OrderBy(f => f.Case.Seed).Take(10).Select(f => f.ToString())));
    }

    [Fact]
    public void Every_operator_and_every_kind_of_spec_is_exercised_and_cases_are_reproducible()
    {
        var a = FuzzCase.Create(BaseSeed + 17);
        var b = FuzzCase.Create(BaseSeed + 17);
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(a.Description, b.Description);

        var cases = Enumerable.Range(0, DefaultCases).Select(i => FuzzCase.Create(BaseSeed + i)).ToList();
        var seen = cases.SelectMany(c => c.Mutations).ToHashSet();
        foreach (var m in Enum.GetValues<Mutation>()) Assert.Contains(m, seen);
        var origins = cases.Select(c => c.Spec.Origin).ToHashSet();
        Assert.Contains(SpecOrigin.Launch, origins);
        Assert.Contains(SpecOrigin.Own, origins);
        if (FuzzPool.All.Any(s => s.Origin == SpecOrigin.UsageCorpus)) Assert.Contains(SpecOrigin.UsageCorpus, origins);
    }

    [Fact]
    public void The_pool_holds_the_launch_specs_and_specs_the_generator_was_not_written_for()
    {
        Assert.Equal(5, FuzzPool.All.Count(s => s.Origin == SpecOrigin.Launch));
        Assert.True(FuzzPool.All.Count(s => s.Origin == SpecOrigin.Own) >= 4);
        Assert.Contains(FuzzPool.All, s => s.Path.EndsWith(".json", StringComparison.Ordinal));
        Assert.Contains(FuzzPool.All, s => s.Text.StartsWith("swagger:", StringComparison.Ordinal));
        // Unmutated, every spec in the pool generates code that compiles (a failure here is not the fuzzer's).
        foreach (var spec in FuzzPool.All)
        {
            var outcome = FuzzRunner.RunOne(FuzzCase.Unmutated(spec));
            Assert.True(outcome.Failure is null, outcome.ToString());
        }
    }
}

/// <summary>The kinds of damage done to a spec.</summary>
public enum Mutation
{
    Truncate,
    DeleteLines,
    DuplicateLines,
    /// <summary>Swaps <c>type:</c> values of schemas.</summary>
    SwapType,
    ReplaceChars,
    /// <summary>A <c>$ref</c> to a dangling, external or odd place, in place of a <c>$ref</c> or a <c>type:</c>.</summary>
    RandomRef,
    ShiftIndent,
    /// <summary>An anchor on one mapping and aliases of it elsewhere.</summary>
    AnchorAlias,
    /// <summary>A merge key (<c>&lt;&lt;: *base</c>) into a schema.</summary>
    MergeKey,
    /// <summary>A tab in a line's indentation.</summary>
    Tabs,
    /// <summary>CRLF line ends.</summary>
    Crlf,
    /// <summary>A byte order mark.</summary>
    Bom,
    /// <summary>A key written twice in one mapping.</summary>
    DuplicateKey,
    /// <summary>A property, parameter, header, schema or operationId named after a C# keyword or one of our members.</summary>
    KeywordName,
    /// <summary>A <c>$ref</c> to a non-schema: a server, an example, a request body, the document, info.</summary>
    RefToNonSchema,
    /// <summary>A schema referring to itself through items, additionalProperties, oneOf, anyOf or allOf.</summary>
    RefThroughKind,
    /// <summary>A 3.1-style <c>type</c> array.</summary>
    TypeArray,
    /// <summary><c>nullable: true</c> beside a <c>$ref</c>.</summary>
    NullableRef,
    /// <summary>Numbers beyond decimal and int: bounds, examples, enums.</summary>
    HugeNumber,
    /// <summary>Integer and number formats NJsonSchema does not know.</summary>
    OddFormat,
    /// <summary>Servers with variables, user info, relative or broken URLs.</summary>
    OddServer,
    /// <summary>The whole spec rewritten as JSON (indented, so lines still mean something).</summary>
    ToJson,
    /// <summary>A value set to null (<c>get:</c> with nothing after it).</summary>
    NullValue,
}

public enum SpecOrigin { Launch, Own, UsageCorpus, RealWorldRepro }

public sealed record PoolSpec(string Name, string Path, string Text, SpecOrigin Origin);

/// <summary>The specs mutations start from.</summary>
public static class FuzzPool
{
    private static readonly Lazy<IReadOnlyList<PoolSpec>> Specs = new(Load);

    public static IReadOnlyList<PoolSpec> All => Specs.Value;

    private static IReadOnlyList<PoolSpec> Load()
    {
        var root = GeneratorHarness.RepositoryRoot;
        var list = new List<PoolSpec>();
        foreach (var (path, text) in GeneratorHarness.LaunchSpecs())
            list.Add(new PoolSpec(System.IO.Path.GetFileName(path), "/specs/" + System.IO.Path.GetFileName(path), text, SpecOrigin.Launch));
        void AddFolder(string folder, SpecOrigin origin, SearchOption search)
        {
            if (!Directory.Exists(folder)) return;
            foreach (var file in Directory.GetFiles(folder, "*.*", search)
                         .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                         .OrderBy(f => f, StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                // Only specs (the corpus folders also hold bodies and expectations as JSON).
                if (!UsageGen.Generator.UsageGenGenerator.LooksLikeOpenApi(text)) continue;
                var name = System.IO.Path.GetFileName(file);
                list.Add(new PoolSpec(name, "/specs/" + name, text, origin));
            }
        }
        AddFolder(System.IO.Path.Combine(root, "tests", "UsageGen.Generator.Tests", "FuzzSpecs"), SpecOrigin.Own, SearchOption.TopDirectoryOnly);
        AddFolder(System.IO.Path.Combine(root, "tests", "corpus", "usage", "train"), SpecOrigin.UsageCorpus, SearchOption.AllDirectories);
        AddFolder(System.IO.Path.Combine(root, "tests", "corpus", "realworld", "repros"), SpecOrigin.RealWorldRepro, SearchOption.TopDirectoryOnly);
        return list;
    }
}

/// <summary>One mutated spec, fully determined by its seed.</summary>
public sealed class FuzzCase
{
    private static readonly string[] Types = { "string", "integer", "number", "object", "array", "boolean" };
    private static readonly Regex TypeValue = new(@"(?<=\btype:\s*)(string|integer|number|object|array|boolean)\b", RegexOptions.Compiled);
    private static readonly Regex RefValue = new(@"(?<=\$ref:\s*)('[^'\n]*'|""[^""\n]*""|[^\s,}\n]+)", RegexOptions.Compiled);
    private static readonly Regex SchemaName = new(@"^    ([A-Za-z0-9_.-]+):\s*$", RegexOptions.Compiled | RegexOptions.Multiline);
    private static readonly Regex KeyLine = new(@"^(\s*)([A-Za-z_][A-Za-z0-9_-]*):(\s.*|)$", RegexOptions.Compiled);
    private static readonly Regex NameValue = new(@"(?<=\b(name|operationId):\s*)([A-Za-z_][A-Za-z0-9_-]*)", RegexOptions.Compiled);
    private static readonly char[] Noise =
    {
        ':', '-', '{', '}', '[', ']', '\'', '"', '#', '&', '*', '!', '|', '>', '%', '@', '`', ',', '?', ' ', '\t', '\n', '\r',
        '\\', '$', '/', '0', '9', 'a', 'Z', '_', '.', 'é', '€', '\u00A0', '\u200B', '\uFEFF', '\u0000', '\u0007', '\uD800', '\uDE00',
        '\u2028', '\u2029', '\u0085',
    };

    /// <summary>C# keywords, names the generated code itself uses, and the members of our base types.</summary>
    internal static readonly string[] Hostile =
    {
        "class", "await", "event", "namespace", "object", "string", "operator", "base", "this", "default", "var", "async", "value",
        "query", "status", "uri", "item", "error", "body", "request", "result", "context", "response", "content", "writer", "reader",
        "cancellationToken", "auth", "client", "http", "Type", "Read", "Write", "Equals", "ToString", "GetHashCode", "GetType",
        "Body", "StatusCode", "Headers", "GetHeader", "ReceivedAt", "RateLimit", "Value", "IsKnown", "Known", "AdditionalProperties",
        "to_json", "parse", "limit_is_unlimited", "equals", "get_hash_code", "to_string", "WithResponse", "Async", "_", "__", "1st",
    };

    private static readonly string[] NonSchemaTargets =
    {
        "'#/servers/0'", "'#/info'", "'#'", "'#/'", "'#/components/examples/X'", "'#/components/requestBodies/B'",
        "'#/components/responses/R'", "'#/components/parameters/P'", "'#/components/securitySchemes/S'", "'#/paths'",
        "'#/components/headers/H'", "'#/components/links/L'",
    };

    private FuzzCase(int seed, PoolSpec spec, string path, string text, IReadOnlyList<Mutation> mutations, string description, bool firstLineChanged)
    {
        Seed = seed;
        Spec = spec;
        Path = path;
        Text = text;
        Mutations = mutations;
        Description = description;
        FirstLineChanged = firstLineChanged;
    }

    public int Seed { get; }
    public PoolSpec Spec { get; }
    public string Path { get; }
    public string Text { get; }
    public IReadOnlyList<Mutation> Mutations { get; }
    public string Description { get; }

    /// <summary>Whether a mutation changed the first line's content (so an error at (1,1) may be right).</summary>
    public bool FirstLineChanged { get; }

    public static FuzzCase Unmutated(PoolSpec spec) => new(0, spec, spec.Path, spec.Text, Array.Empty<Mutation>(), spec.Name + ": unmutated", false);

    public static FuzzCase Create(int seed)
    {
        var rnd = new Random(seed);
        var pool = FuzzPool.All;
        // Half the cases start from a launch spec, half from one the generator was not written for.
        var launch = pool.Where(s => s.Origin == SpecOrigin.Launch).ToList();
        var unseen = pool.Where(s => s.Origin != SpecOrigin.Launch).ToList();
        var from = unseen.Count == 0 || rnd.Next(2) == 0 ? launch : unseen;
        var spec = from[rnd.Next(from.Count)];
        var text = spec.Text;
        var path = spec.Path;
        var count = rnd.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        var mutations = new List<Mutation>();
        var what = new List<string>();
        var all = Enum.GetValues<Mutation>();
        var firstLineChanged = false;
        for (var i = 0; i < count; i++)
        {
            var m = all[rnd.Next(all.Length)];
            var before = text;
            text = Apply(m, text, rnd, out var detail);
            if (m == Mutation.ToJson && text != before) path = System.IO.Path.ChangeExtension(path, ".json");
            else if (m is not (Mutation.Crlf or Mutation.Bom) && FirstLine(before) != FirstLine(text)) firstLineChanged = true;
            mutations.Add(m);
            what.Add(m + "(" + detail + ")");
        }
        return new FuzzCase(seed, spec, path, text, mutations, spec.Name + ": " + string.Join(", ", what), firstLineChanged);
    }

    private static string FirstLine(string text)
    {
        var t = text.TrimStart('\uFEFF');
        var end = t.IndexOfAny(new[] { '\n', '\r' });
        return end < 0 ? t : t.Substring(0, end);
    }

    private static string Apply(Mutation m, string text, Random rnd, out string detail)
    {
        var lines = text.Split('\n').ToList();
        string Join() => string.Join("\n", lines);
        switch (m)
        {
            case Mutation.Truncate:
            {
                var at = rnd.Next(text.Length + 1);
                detail = "at " + at;
                return text.Substring(0, at);
            }
            case Mutation.DeleteLines:
            {
                if (lines.Count == 0) { detail = "nothing"; return text; }
                var n = 1 + rnd.Next(3);
                var removed = new List<int>();
                for (var i = 0; i < n && lines.Count > 0; i++)
                {
                    var at = rnd.Next(lines.Count);
                    removed.Add(at + 1);
                    lines.RemoveAt(at);
                }
                detail = "lines " + string.Join("/", removed);
                return Join();
            }
            case Mutation.DuplicateLines:
            {
                var at = rnd.Next(lines.Count);
                var span = 1 + rnd.Next(Math.Min(4, lines.Count - at));
                lines.InsertRange(at + span, lines.GetRange(at, span));
                detail = $"lines {at + 1}..{at + span}";
                return Join();
            }
            case Mutation.SwapType:
            {
                var matches = TypeValue.Matches(text).ToList();
                if (matches.Count == 0) { detail = "no type"; return text; }
                var sb = new StringBuilder(text);
                var n = 1 + rnd.Next(Math.Min(3, matches.Count));
                var picked = Enumerable.Range(0, n).Select(_ => matches[rnd.Next(matches.Count)]).Distinct().OrderByDescending(x => x.Index).ToList();
                var parts = new List<string>();
                foreach (var match in picked)
                {
                    var to = Types[rnd.Next(Types.Length)];
                    sb.Remove(match.Index, match.Length).Insert(match.Index, to);
                    parts.Add($"{match.Value}->{to}@{match.Index}");
                }
                detail = string.Join(" ", parts);
                return sb.ToString();
            }
            case Mutation.ReplaceChars:
            {
                if (text.Length == 0) { detail = "empty"; return text; }
                var chars = text.ToCharArray();
                var n = 1 + rnd.Next(5);
                var parts = new List<string>();
                for (var i = 0; i < n; i++)
                {
                    var at = rnd.Next(chars.Length);
                    var c = rnd.Next(4) == 0 ? (char)rnd.Next(0, 0x3000) : Noise[rnd.Next(Noise.Length)];
                    parts.Add($"{at}:U+{(int)c:X4}");
                    chars[at] = c;
                }
                detail = string.Join(" ", parts);
                return new string(chars);
            }
            case Mutation.RandomRef:
            {
                var names = SchemaName.Matches(text).Select(x => x.Groups[1].Value).ToList();
                var targets = new List<string>
                {
                    "'#/components/schemas/Missing'", "'#/components/schemas'", "'#/components'", "'https://example.invalid/schema.json'",
                    "'other.yaml#/components/schemas/X'", "'#/components/schemas/'", "''", "'#/components/schemas/~1x'", "'#%zz'",
                    "'#/paths/~1usage/get/responses/200'", "42", "[]", "{}", "null", "'#/definitions/Missing'",
                };
                foreach (var name in names)
                {
                    targets.Add($"'#/components/schemas/{name}'");
                    targets.Add($"'#/components/schemas/{name}/properties'");
                    targets.Add($"'#/components/schemas/{name}/properties/data'");
                }
                return PutRef(text, lines, rnd, targets[rnd.Next(targets.Count)], out detail);
            }
            case Mutation.RefToNonSchema:
                return PutRef(text, lines, rnd, NonSchemaTargets[rnd.Next(NonSchemaTargets.Length)], out detail);
            case Mutation.ShiftIndent:
            {
                var at = rnd.Next(lines.Count);
                var span = 1 + rnd.Next(Math.Min(6, lines.Count - at));
                var shift = rnd.Next(2) == 0 ? -(1 + rnd.Next(4)) : 1 + rnd.Next(4);
                for (var i = at; i < at + span; i++)
                {
                    var l = lines[i];
                    if (shift > 0) lines[i] = new string(' ', shift) + l;
                    else lines[i] = l.Substring(Math.Min(l.Length - l.TrimStart(' ').Length, -shift));
                }
                detail = $"lines {at + 1}..{at + span} by {shift}";
                return Join();
            }
            case Mutation.AnchorAlias:
            {
                // An anchor on a mapping value ('key:' ending a line), an alias of it in place of another such value.
                var keys = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimEnd().EndsWith(":", StringComparison.Ordinal) && !x.l.TrimStart().StartsWith("-", StringComparison.Ordinal) && !x.l.TrimStart().StartsWith("#", StringComparison.Ordinal)).ToList();
                if (keys.Count < 2) { detail = "no place"; return text; }
                var (anchorLine, a) = keys[rnd.Next(keys.Count)];
                var (_, b) = keys[rnd.Next(keys.Count)];
                lines[a] = anchorLine.TrimEnd() + " &fz";
                if (b != a)
                {
                    lines[b] = lines[b].TrimEnd() + " *fz";
                    // The alias replaces the value: drop the lines indented under it.
                    var indent = Indent(lines[b]);
                    var end = b + 1;
                    while (end < lines.Count && (lines[end].Trim().Length == 0 || Indent(lines[end]) > indent)) end++;
                    if (!(a > b && a < end)) lines.RemoveRange(b + 1, end - b - 1);
                    else lines[b] = lines[b].Substring(0, lines[b].Length - 4);
                }
                detail = $"anchor line {a + 1}, alias line {b + 1}";
                return Join();
            }
            case Mutation.MergeKey:
            {
                // A schema merged into another: '<<: *fz' among the properties of a mapping, the anchor on a schema.
                var schemas = SchemaName.Matches(text).ToList();
                if (schemas.Count == 0) { detail = "no schema"; return text; }
                var source = schemas[rnd.Next(schemas.Count)];
                var target = schemas[rnd.Next(schemas.Count)];
                var sourceLine = LineOf(text, source.Index);
                var targetLine = LineOf(text, target.Index);
                lines[sourceLine] = lines[sourceLine].TrimEnd() + " &fzbase";
                var value = rnd.Next(3) == 0 ? "[ *fzbase ]" : rnd.Next(4) == 0 ? "5" : "*fzbase";
                lines.Insert(targetLine + 1, "      <<: " + value);
                detail = $"{target.Groups[1].Value} <<: {source.Groups[1].Value} ({value})";
                return Join();
            }
            case Mutation.Tabs:
            {
                var indented = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("  ", StringComparison.Ordinal)).ToList();
                if (indented.Count == 0) { detail = "no indentation"; return text; }
                var (line, at) = indented[rnd.Next(indented.Count)];
                lines[at] = rnd.Next(2) == 0 ? "\t" + line.Substring(2) : line.Substring(0, Indent(line) - 2) + "\t" + line.TrimStart(' ');
                detail = "line " + (at + 1);
                return Join();
            }
            case Mutation.Crlf:
                detail = "all lines";
                return text.Replace("\r\n", "\n").Replace("\n", "\r\n");
            case Mutation.Bom:
                detail = "prefix";
                return "\uFEFF" + text.TrimStart('\uFEFF');
            case Mutation.DuplicateKey:
            {
                var keys = lines.Select((l, i) => (l, i)).Where(x => KeyLine.IsMatch(x.l) && x.l.TrimEnd().EndsWith(":", StringComparison.Ordinal) == false).ToList();
                if (keys.Count == 0) { detail = "no key"; return text; }
                var (line, at) = keys[rnd.Next(keys.Count)];
                var where = at + 1;
                while (where < lines.Count && Indent(lines[where]) > Indent(line)) where++;
                lines.Insert(where, line);
                detail = "line " + (at + 1) + " again at " + (where + 1);
                return Join();
            }
            case Mutation.KeywordName:
            {
                var name = Hostile[rnd.Next(Hostile.Length)];
                var choice = rnd.Next(3);
                if (choice == 0)
                {
                    // A property or schema key.
                    var keys = lines.Select((l, i) => (l, i)).Where(x => KeyLine.Match(x.l) is { Success: true } k && Indent(x.l) >= 4 && !IsKeyword(k.Groups[2].Value)).ToList();
                    if (keys.Count > 0)
                    {
                        var (line, at) = keys[rnd.Next(keys.Count)];
                        var k = KeyLine.Match(line);
                        lines[at] = k.Groups[1].Value + name + ":" + k.Groups[3].Value;
                        detail = $"key {k.Groups[2].Value} -> {name} at line {at + 1}";
                        return Join();
                    }
                }
                var values = NameValue.Matches(text).ToList();
                if (values.Count == 0) { detail = "no name"; return text; }
                var v = values[rnd.Next(values.Count)];
                detail = $"{v.Groups[1].Value} {v.Value} -> {name}";
                return text.Substring(0, v.Index) + name + text.Substring(v.Index + v.Length);
            }
            case Mutation.RefThroughKind:
            {
                var schemas = SchemaName.Matches(text).ToList();
                if (schemas.Count == 0) { detail = "no schema"; return text; }
                var s = schemas[rnd.Next(schemas.Count)];
                var name = s.Groups[1].Value;
                var target = schemas[rnd.Next(schemas.Count)].Groups[1].Value;
                var r = "{ $ref: '#/components/schemas/" + target + "' }";
                var shape = rnd.Next(6) switch
                {
                    0 => "type: array\n      items: " + r,
                    1 => "type: object\n      additionalProperties: " + r,
                    2 => "oneOf: [ " + r + ", { type: string } ]",
                    3 => "anyOf: [ " + r + ", { type: integer } ]",
                    4 => "allOf: [ " + r + " ]",
                    _ => "type: object\n      properties:\n        next: " + r,
                };
                // The schema's body becomes the shape.
                var at = LineOf(text, s.Index);
                var end = at + 1;
                while (end < lines.Count && (lines[end].Trim().Length == 0 || Indent(lines[end]) > 4)) end++;
                lines.RemoveRange(at + 1, end - at - 1);
                lines.Insert(at + 1, "      " + shape);
                detail = $"{name} -> {shape.Replace("\n", " ")}";
                return Join();
            }
            case Mutation.TypeArray:
            {
                var matches = TypeValue.Matches(text).ToList();
                if (matches.Count == 0) { detail = "no type"; return text; }
                var match = matches[rnd.Next(matches.Count)];
                var to = rnd.Next(3) switch { 0 => $"[{match.Value}, 'null']", 1 => $"[{match.Value}, {Types[rnd.Next(Types.Length)]}]", _ => "[]" };
                detail = $"{match.Value} -> {to}";
                return text.Substring(0, match.Index) + to + text.Substring(match.Index + match.Length);
            }
            case Mutation.NullableRef:
            {
                var matches = RefValue.Matches(text).ToList();
                var inline = matches.Where(x => text.LastIndexOf('{', x.Index) > text.LastIndexOf('\n', x.Index)).ToList();
                if (inline.Count == 0)
                {
                    var blocks = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("$ref:", StringComparison.Ordinal)).ToList();
                    if (blocks.Count == 0) { detail = "no ref"; return text; }
                    var (line, at) = blocks[rnd.Next(blocks.Count)];
                    lines.Insert(at + 1, new string(' ', Indent(line)) + "nullable: true");
                    detail = "line " + (at + 1);
                    return Join();
                }
                var m2 = inline[rnd.Next(inline.Count)];
                detail = "at " + m2.Index;
                return text.Substring(0, m2.Index + m2.Length) + ", nullable: true" + text.Substring(m2.Index + m2.Length);
            }
            case Mutation.HugeNumber:
            {
                var matches = TypeValue.Matches(text).Where(x => x.Value is "integer" or "number" or "string").ToList();
                if (matches.Count == 0) { detail = "no number"; return text; }
                var match = matches[rnd.Next(matches.Count)];
                var extra = rnd.Next(6) switch
                {
                    0 => ", maximum: 1e400, minimum: -1e400",
                    1 => ", example: 123456789012345678901234567890",
                    2 => ", maxLength: 99999999999999",
                    3 => ", enum: [ 1e999, -0.0000000000000000000000000000000001 ]",
                    4 => ", multipleOf: 1e-400",
                    _ => ", default: 18446744073709551616",
                };
                var inFlow = text.LastIndexOf('{', match.Index) > text.LastIndexOf('\n', match.Index);
                if (!inFlow)
                {
                    var at = LineOf(text, match.Index);
                    lines.Insert(at + 1, new string(' ', Indent(lines[at])) + extra.Substring(2));
                    detail = "line " + (at + 1) + extra;
                    return Join();
                }
                detail = "at " + match.Index + extra;
                return text.Substring(0, match.Index + match.Length) + extra + text.Substring(match.Index + match.Length);
            }
            case Mutation.OddFormat:
            {
                var matches = Regex.Matches(text, @"(?<=\bformat:\s*)[A-Za-z0-9-]+").ToList();
                var format = new[] { "int8", "uint64", "int128", "decimal", "int", "long", "float64", "double-int", "", "date-time-ish", "uuid", "byte" }[rnd.Next(12)];
                if (matches.Count > 0 && rnd.Next(2) == 0)
                {
                    var match = matches[rnd.Next(matches.Count)];
                    detail = $"{match.Value} -> '{format}'";
                    return text.Substring(0, match.Index) + "'" + format + "'" + text.Substring(match.Index + match.Length);
                }
                var types = TypeValue.Matches(text).Where(x => x.Value is "integer" or "number").ToList();
                if (types.Count == 0) { detail = "no number"; return text; }
                var t = types[rnd.Next(types.Count)];
                var at = LineOf(text, t.Index);
                var flow = text.LastIndexOf('{', t.Index) > text.LastIndexOf('\n', t.Index);
                if (flow) { detail = "at " + t.Index + " " + format; return text.Substring(0, t.Index + t.Length) + ", format: '" + format + "'" + text.Substring(t.Index + t.Length); }
                lines.Insert(at + 1, new string(' ', Indent(lines[at])) + "format: '" + format + "'");
                detail = "line " + (at + 1) + " " + format;
                return Join();
            }
            case Mutation.OddServer:
            {
                var url = new[]
                {
                    "https://user:hunter2@api.example.test/v1", "https://{region}.example.test/{version}", "/relative/base", "not a url",
                    "https://api.example.test:99999", "http://[::1]:8080/", "https://example.test/{missing}", "",
                }[rnd.Next(8)];
                var variables = url.Contains('{') && rnd.Next(2) == 0 ? ", variables: { region: { default: eu, enum: [eu, us] }, version: { default: v1 } }" : "";
                var server = "servers: [ { url: '" + url + "'" + variables + " } ]";
                var at = lines.FindIndex(l => l.StartsWith("servers:", StringComparison.Ordinal));
                if (at >= 0)
                {
                    var end = at + 1;
                    while (end < lines.Count && (lines[end].StartsWith(" ", StringComparison.Ordinal) || lines[end].StartsWith("-", StringComparison.Ordinal))) end++;
                    lines.RemoveRange(at, end - at);
                    lines.Insert(at, server);
                }
                else
                {
                    var paths = lines.FindIndex(l => l.StartsWith("paths:", StringComparison.Ordinal));
                    if (paths < 0 || text.TrimStart().StartsWith("{", StringComparison.Ordinal)) { detail = "no place"; return text; }
                    lines.Insert(paths, server);
                }
                detail = url + variables;
                return Join();
            }
            case Mutation.ToJson:
            {
                var doc = UsageGen.Generator.Parsing.YamlDocument.TryParse(text, out _, out _);
                if (doc is null) { detail = "not YAML"; return text; }
                detail = "indented JSON";
                return Newtonsoft.Json.Linq.JToken.Parse(doc.Json).ToString(Newtonsoft.Json.Formatting.Indented);
            }
            case Mutation.NullValue:
            {
                var keys = lines.Select((l, i) => (l, i)).Where(x => KeyLine.IsMatch(x.l) && Indent(x.l) >= 2).ToList();
                if (keys.Count == 0) { detail = "no key"; return text; }
                var (line, at) = keys[rnd.Next(keys.Count)];
                var k = KeyLine.Match(line);
                var end = at + 1;
                while (end < lines.Count && (lines[end].Trim().Length == 0 || Indent(lines[end]) > Indent(line))) end++;
                lines.RemoveRange(at + 1, end - at - 1);
                lines[at] = k.Groups[1].Value + k.Groups[2].Value + ":" + (rnd.Next(2) == 0 ? "" : " null");
                detail = $"{k.Groups[2].Value} at line {at + 1}";
                return Join();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(m));
        }
    }

    private static bool IsKeyword(string key) => key is "type" or "properties" or "items" or "$ref" or "schema" or "content" or "responses" or "paths" or "components" or "schemas";

    /// <summary>Puts <c>$ref: target</c> in place of an existing <c>$ref</c> value, or of a <c>type:</c> line.</summary>
    private static string PutRef(string text, List<string> lines, Random rnd, string target, out string detail)
    {
        var matches = RefValue.Matches(text);
        if (matches.Count == 0 || rnd.Next(4) == 0)
        {
            var typeLines = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("type:", StringComparison.Ordinal)).ToList();
            if (typeLines.Count == 0) { detail = "no place"; return text; }
            var (line, index) = typeLines[rnd.Next(typeLines.Count)];
            lines[index] = new string(' ', Indent(line)) + "$ref: " + target;
            detail = $"line {index + 1} -> {target}";
            return string.Join("\n", lines);
        }
        var match = matches[rnd.Next(matches.Count)];
        detail = $"{match.Value} -> {target}";
        return text.Substring(0, match.Index) + target + text.Substring(match.Index + match.Length);
    }

    private static int LineOf(string text, int index)
    {
        var line = 0;
        for (var i = 0; i < index; i++) if (text[i] == '\n') line++;
        return line;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    public override string ToString() => $"seed {Seed}: {Description}";
}

/// <summary>What one case did: the UG ids reported, and what went wrong (null when nothing did).</summary>
public sealed record FuzzOutcome(FuzzCase Case, IReadOnlyList<string> UgIds, bool Generated, bool Compiled, string? Failure)
{
    public override string ToString() => $"{Case}\n{Failure}";
}

/// <summary>Counts over a fuzz run.</summary>
public sealed class FuzzStats
{
    public int Cases;
    public int Generated;
    public int WithUgErrors;
    public int CompiledClean;
    public int CompiledDistinct;
    public readonly Dictionary<Mutation, int> ByMutation = new();
    public readonly Dictionary<SpecOrigin, int> ByOrigin = new();
    public readonly SortedDictionary<string, int> UgIds = new(StringComparer.Ordinal);
    public ConcurrentBag<FuzzOutcome> Failures { get; } = new();

    public string Headline() => $"mutated specs: {Cases} tried, {Failures.Count} failures";

    public string Summary() =>
        $"{Generated} generated code, {CompiledClean} compiled clean ({CompiledDistinct} distinct outputs compiled), {WithUgErrors} with UG errors; " +
        $"By spec: {string.Join(", ", ByOrigin.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))}. " +
        $"By mutation: {string.Join(", ", ByMutation.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))}. " +
        $"UG errors: {string.Join(", ", UgIds.Select(p => p.Key + "=" + p.Value))}";
}

/// <summary>Runs cases and judges each; compiles each distinct generated output once (cached by hash).</summary>
public static class FuzzRunner
{
    private static readonly CSharpCompilationOptions CompileOptions = new(OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        generalDiagnosticOption: ReportDiagnostic.Error,
        specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });

    private static readonly Lazy<CSharpCompilation> BaseCompilation = new(() =>
    {
        var c = CSharpCompilation.Create("Fuzz", Array.Empty<SyntaxTree>(), GeneratorHarness.References(TargetFramework.Net100), CompileOptions);
        _ = c.GetDiagnostics(); // binds the references once
        return c;
    });

    private static readonly ConcurrentDictionary<string, string?> Compiled = new(StringComparer.Ordinal);

    public static FuzzStats Run(int baseSeed, int count, int parallelism)
    {
        var stats = new FuzzStats();
        var next = -1;
        var outcomes = new ConcurrentBag<FuzzOutcome>();

        void Worker()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                var fuzz = FuzzCase.Create(baseSeed + i);
                outcomes.Add(RunOne(fuzz));
            }
        }

        var threads = Enumerable.Range(0, parallelism).Select(_ => new Thread(Worker, 16 * 1024 * 1024) { IsBackground = true }).ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();

        foreach (var o in outcomes)
        {
            stats.Cases++;
            foreach (var m in o.Case.Mutations.Distinct()) stats.ByMutation[m] = stats.ByMutation.GetValueOrDefault(m) + 1;
            stats.ByOrigin[o.Case.Spec.Origin] = stats.ByOrigin.GetValueOrDefault(o.Case.Spec.Origin) + 1;
            if (o.Generated) stats.Generated++;
            if (o.Compiled && o.Generated) stats.CompiledClean++;
            if (o.UgIds.Count > 0) stats.WithUgErrors++;
            foreach (var id in o.UgIds) stats.UgIds[id] = stats.UgIds.GetValueOrDefault(id) + 1;
            if (o.Failure is not null) stats.Failures.Add(o);
        }
        stats.CompiledDistinct = Compiled.Count;
        return stats;
    }

    /// <summary>Runs the generator over one case and judges it.</summary>
    public static FuzzOutcome RunOne(FuzzCase fuzz)
    {
        GeneratorHarness.Result result;
        try
        {
            result = GeneratorHarness.Run(new[] { (fuzz.Path, fuzz.Text) });
        }
        catch (Exception e)
        {
            return new FuzzOutcome(fuzz, Array.Empty<string>(), false, false, "the generator run threw " + e);
        }

        var diagnostics = result.GeneratorDiagnostics;
        var errors = diagnostics.Where(d => d.Id.StartsWith("UG", StringComparison.Ordinal) && d.DefaultSeverity == DiagnosticSeverity.Error).ToList();
        var ids = errors.Select(d => d.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        var generated = result.Run.Results.SelectMany(r => r.GeneratedSources).Where(s => s.HintName != "UsageCatalog.g.cs").ToList();

        var crash = diagnostics.FirstOrDefault(d => d.Id is "CS8785" or "CS8784" || (!d.Id.StartsWith("UG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error));
        if (crash is not null) return new FuzzOutcome(fuzz, ids, generated.Count > 0, false, "generator crash: " + crash);
        if (errors.FirstOrDefault(d => d.Id == "UG0011") is { } internalError) return new FuzzOutcome(fuzz, ids, generated.Count > 0, false, "internal failure: " + internalError);
        if (errors.FirstOrDefault(d => Unplaced(d, fuzz)) is { } unplaced) return new FuzzOutcome(fuzz, ids, generated.Count > 0, false, "error at (1,1) with the fault elsewhere: " + unplaced);

        // Every output compiles, whether or not the spec also had errors (what was generated is what the user builds).
        var all = result.Run.Results.SelectMany(r => r.GeneratedSources).OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();
        var key = Hash(all.Select(s => s.HintName + "\n" + s.SourceText));
        var error = Compiled.GetOrAdd(key, _ => FirstCompileProblem(all.Select(s => s.SyntaxTree)));
        if (error is null) return new FuzzOutcome(fuzz, ids, generated.Count > 0, true, null);
        var failure = "the generated code does not compile (" + (errors.Count > 0 ? "UG errors: " + string.Join(", ", ids) : "no UG error") + "): " + error;
        return new FuzzOutcome(fuzz, ids, generated.Count > 0, false, failure);
    }

    /// <summary>
    /// An error at (1,1) whose fault is not there: only a spec that is empty, or whose top level is not an OpenAPI
    /// document, or whose first line a mutation changed, is rightly reported at the start of the file.
    /// </summary>
    private static bool Unplaced(Diagnostic d, FuzzCase fuzz)
    {
        var span = d.Location.GetLineSpan();
        if (span.StartLinePosition != default) return false;
        if (d.Id == "UG0013" || fuzz.FirstLineChanged) return false;
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        if (d.Id == "UG0002" && (message.Contains("top level is not a mapping") || message.Contains("no 'openapi'"))) return false;
        return true;
    }

    /// <summary>The first compile error or warning (warnings are errors for the consumer) and the generated line it is on; or null.</summary>
    public static string? FirstCompileProblem(IEnumerable<SyntaxTree> trees)
    {
        var compilation = BaseCompilation.Value.AddSyntaxTrees(trees);
        var problem = compilation.GetDiagnostics().FirstOrDefault(d => d.Severity >= DiagnosticSeverity.Warning);
        if (problem is null) return null;
        var line = problem.Location.SourceTree is { } tree
            ? tree.GetText().Lines[problem.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()
            : "";
        return problem + " | " + line;
    }

    private static string Hash(IEnumerable<string> parts)
    {
        using var sha = SHA256.Create();
        return Convert.ToHexString(sha.ComputeHash(Encoding.UTF8.GetBytes(string.Join("\u0001", parts))));
    }
}

/// <summary>
/// Bugs an earlier fuzzer found, minimized, kept as regression tests (each was once a crash or uncompilable output).
/// </summary>
public sealed class FuzzRegressionTests
{
    /// <summary>Minimized from sharpe.yaml with quota.limit integer -> boolean.</summary>
    [Theory]
    [InlineData("boolean")]
    [InlineData("integr")] // an unknown type is kept as a (non-nullable) JsonElement
    public void An_override_naming_a_non_numeric_field_compiles_or_is_UG0010(string type)
    {
        var spec = "openapi: 3.0.0\ninfo: { title: O, version: '1' }\npaths:\n  /usage:\n    get:\n      x-usagegen: { used: used, limit: limit }\n" +
            "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n" +
            "              schema: { type: object, required: [used, limit], properties: { used: { type: " + type + " }, limit: { type: integer } } }\n";
        var r = GeneratorHarness.Run(new[] { ("/specs/o.yaml", spec) });
        var error = FuzzRunner.FirstCompileProblem(r.Run.Results.SelectMany(x => x.GeneratedSources).Select(s => s.SyntaxTree));
        Assert.True(error is null || r.GeneratorDiagnostics.Any(d => d.Id == "UG0010"), error);
    }

    /// <summary>A launch spec with one edit: an overridden figure's or a parameter's type swapped.</summary>
    [Theory]
    [InlineData("sharpe", "limit:\n", "integer", "boolean")]
    [InlineData("sharpe", "requests_per_minute:\n", "integer", "boolean")]
    [InlineData("tavily", "X-Project-ID", "string", "boolean")]
    [InlineData("tavily", "X-Project-ID", "string", "integer")]
    [InlineData("tavily", "X-Project-ID", "string", "array")]
    public void A_launch_spec_with_a_swapped_type_compiles(string provider, string after, string from, string to)
    {
        var (path, text) = GeneratorHarness.LaunchSpecs().First(s => s.Path.EndsWith(provider + ".yaml", StringComparison.Ordinal));
        var at = text.IndexOf(after, StringComparison.Ordinal);
        Assert.True(at >= 0);
        var type = text.IndexOf("type: " + from, at, StringComparison.Ordinal);
        Assert.True(type >= 0);
        var mutated = text.Substring(0, type) + "type: " + to + text.Substring(type + 6 + from.Length);
        var outcome = FuzzRunner.RunOne(FuzzCase.Unmutated(new PoolSpec(provider, "/specs/" + System.IO.Path.GetFileName(path), mutated, SpecOrigin.Launch)));
        Assert.True(outcome.Failure is null, outcome.ToString());
    }

    /// <summary>Minimized from tavily.yaml, X-Project-ID's schema type string -> boolean.</summary>
    [Theory]
    [InlineData("integer")]
    [InlineData("number")]
    [InlineData("boolean")]
    [InlineData("object")]
    [InlineData("array")]
    public void An_optional_non_string_parameter_of_the_usage_operation_compiles(string type)
    {
        var spec = "openapi: 3.0.0\ninfo: { title: P, version: '1' }\npaths:\n  /usage:\n    get:\n      parameters:\n" +
            "        - { name: n, in: query, required: false, schema: { type: " + type + " } }\n" +
            "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n" +
            "              schema: { type: object, properties: { used: { type: integer }, limit: { type: integer } } }\n";
        var r = GeneratorHarness.Run(new[] { ("/specs/p.yaml", spec) });
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Null(FuzzRunner.FirstCompileProblem(r.Run.Results.SelectMany(x => x.GeneratedSources).Select(s => s.SyntaxTree)));
    }

    /// <summary>coinstats.yaml truncated after "X-API-KEY:", coingecko.yaml after "apiKeyQueryParam:".</summary>
    [Theory]
    [InlineData("coinstats", "X-API-KEY:")]
    [InlineData("coingecko", "apiKeyQueryParam:")]
    public void A_truncated_security_scheme_is_not_an_internal_error(string provider, string end)
    {
        var (path, text) = GeneratorHarness.LaunchSpecs().First(s => s.Path.EndsWith(provider + ".yaml", StringComparison.Ordinal));
        var at = text.LastIndexOf(end, StringComparison.Ordinal);
        Assert.True(at >= 0);
        var r = GeneratorHarness.Run(new[] { (path, text.Substring(0, at + end.Length)) });
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Id == "UG0011");
    }

    [Fact]
    public void An_empty_security_scheme_is_a_diagnostic_at_the_entry_not_UG0011()
    {
        var spec = "openapi: 3.0.0\ninfo: { title: S, version: '1' }\npaths: {}\ncomponents:\n  securitySchemes:\n    X-API-KEY:\n";
        var r = GeneratorHarness.Run(new[] { ("/specs/s.yaml", spec) });
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Id == "UG0011");
        var d = Assert.Single(r.GeneratorDiagnostics, x => x.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Equal(6, d.Location.GetLineSpan().StartLinePosition.Line + 1);
    }
}
