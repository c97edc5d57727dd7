using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Seeded fuzzing of the generator over mutated launch specs: whatever the spec, the generator never throws (no
/// CS8785/CS8784), and either what it emits compiles or it reported an error-severity UG diagnostic for the spec.
/// Every case is reproducible from its number: <c>FuzzCase.Create(BaseSeed + i)</c>.
/// </summary>
public sealed class FuzzTests
{
    /// <summary>The first case's seed; case <c>i</c> uses <c>BaseSeed + i</c>.</summary>
    public const int BaseSeed = 20_260_401;

    /// <summary>How many cases the main test runs, unless it reaches <see cref="TimeBudget"/> first.</summary>
    public const int CaseCount = 3000;

    /// <summary>The fuzz loop stops here even when cases are left (the whole test stays well under 90 s on 2 cores).</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mutated_launch_specs_never_crash_the_generator_and_either_compile_or_report_a_UG_error()
    {
        var stats = FuzzRunner.Run(BaseSeed, CaseCount, TimeBudget, parallelism: Math.Max(1, Environment.ProcessorCount));
        _output.WriteLine(stats.Summary());
        foreach (var line in stats.Notes.Take(20)) _output.WriteLine("  note: " + line);

        Assert.True(stats.Cases >= 500, $"only {stats.Cases} cases ran within the time budget; the fuzz test covers too little. {stats.Summary()}");
        Assert.True(stats.Failures.IsEmpty, "generator fuzz failures (reproduce with FuzzCase.Create(seed)):\n" +
            string.Join("\n\n", stats.Failures.Take(10).Select(f => f.ToString())));
    }

    [Fact]
    public void Each_mutation_class_is_exercised_and_cases_are_reproducible()
    {
        var a = FuzzCase.Create(BaseSeed + 17);
        var b = FuzzCase.Create(BaseSeed + 17);
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(a.Description, b.Description);

        var seen = Enumerable.Range(0, 400).SelectMany(i => FuzzCase.Create(BaseSeed + i).Mutations).Distinct().ToHashSet();
        foreach (var m in Enum.GetValues<Mutation>()) Assert.Contains(m, seen);
    }
}

/// <summary>The kinds of damage done to a spec.</summary>
public enum Mutation
{
    Truncate,
    DeleteLines,
    DuplicateLines,
    /// <summary>Swaps <c>type:</c> values of schemas outside <c>parameters:</c>.</summary>
    SwapType,
    /// <summary>Swaps the <c>type:</c> of a parameter's schema (Tavily's X-Project-ID is the launch specs' only parameter).</summary>
    SwapParameterType,
    /// <summary>Swaps the <c>type:</c> of a field an <c>x-usagegen</c> override names (Sharpe's quota.limit, rate_limit.requests_per_minute).</summary>
    SwapOverriddenFieldType,
    ReplaceChars,
    RandomRef,
    ShiftIndent,
}

/// <summary>One mutated spec, fully determined by its seed.</summary>
public sealed class FuzzCase
{
    private static readonly string[] Types = { "string", "integer", "number", "object", "array", "boolean" };
    private static readonly Regex TypeValue = new(@"(?<=\btype:\s*)(string|integer|number|object|array|boolean)\b", RegexOptions.Compiled);
    private static readonly Regex RefValue = new(@"(?<=\$ref:\s*)('[^'\n]*'|""[^""\n]*""|[^\s,}\n]+)", RegexOptions.Compiled);
    private static readonly Regex SchemaName = new(@"^    ([A-Za-z0-9_]+):\s*$", RegexOptions.Compiled | RegexOptions.Multiline);
    private static readonly char[] Noise =
    {
        ':', '-', '{', '}', '[', ']', '\'', '"', '#', '&', '*', '!', '|', '>', '%', '@', '`', ',', '?', ' ', '\t', '\n', '\r',
        '\\', '$', '/', '0', '9', 'a', 'Z', '_', '.', 'é', '€', '\u00A0', '\u200B', '\uFEFF', '\u0000', '\u0007', '\uD800', '\uDE00',
    };

    private static readonly Lazy<IReadOnlyList<(string Path, string Text)>> Specs = new(() =>
        GeneratorHarness.LaunchSpecs().Select(s => ("/specs/" + System.IO.Path.GetFileName(s.Path), s.Text)).ToList());

    private FuzzCase(int seed, string path, string text, IReadOnlyList<Mutation> mutations, string description)
    {
        Seed = seed;
        Path = path;
        Text = text;
        Mutations = mutations;
        Description = description;
    }

    public int Seed { get; }
    public string Path { get; }
    public string Text { get; }
    public IReadOnlyList<Mutation> Mutations { get; }
    public string Description { get; }

    public static FuzzCase Create(int seed)
    {
        var rnd = new Random(seed);
        var (path, original) = Specs.Value[rnd.Next(Specs.Value.Count)];
        var text = original;
        var count = rnd.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        var mutations = new List<Mutation>();
        var what = new List<string>();
        var all = Enum.GetValues<Mutation>();
        for (var i = 0; i < count; i++)
        {
            var m = all[rnd.Next(all.Length)];
            text = Apply(ref m, text, rnd, out var detail);
            mutations.Add(m);
            what.Add(m + "(" + detail + ")");
        }
        return new FuzzCase(seed, path, text, mutations, System.IO.Path.GetFileName(path) + ": " + string.Join(", ", what));
    }

    /// <summary>Applies <paramref name="m"/>; a targeted type swap with no target in this spec becomes a plain <see cref="Mutation.SwapType"/>.</summary>
    private static string Apply(ref Mutation m, string text, Random rnd, out string detail)
    {
        var lines = text.Split('\n').ToList();
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
                return string.Join("\n", lines);
            }
            case Mutation.DuplicateLines:
            {
                if (lines.Count == 0) { detail = "nothing"; return text; }
                var at = rnd.Next(lines.Count);
                var span = 1 + rnd.Next(Math.Min(4, lines.Count - at));
                var block = lines.GetRange(at, span);
                lines.InsertRange(at + span, block);
                detail = $"lines {at + 1}..{at + span}";
                return string.Join("\n", lines);
            }
            case Mutation.SwapType:
            case Mutation.SwapParameterType:
            case Mutation.SwapOverriddenFieldType:
            {
                var overridden = OverriddenFields(lines);
                var kind = m;
                var matches = TypeValue.Matches(text).Where(x => TypeClass(lines, LineOf(text, x.Index), overridden) == kind).ToList();
                if (matches.Count == 0 && m != Mutation.SwapType)
                {
                    m = Mutation.SwapType;
                    matches = TypeValue.Matches(text).Where(x => TypeClass(lines, LineOf(text, x.Index), overridden) == Mutation.SwapType).ToList();
                }
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
                var matches = RefValue.Matches(text);
                var names = SchemaName.Matches(text).Select(x => x.Groups[1].Value).ToList();
                var targets = new List<string>
                {
                    "'#/components/schemas/Missing'", "'#/'", "'#'", "'#/components/schemas'", "'#/components'", "'#/paths'",
                    "'https://example.invalid/schema.json'", "'other.yaml#/components/schemas/X'", "'#/components/schemas/'",
                    "'#/info'", "'#/servers/0'", "'#/components/securitySchemes/apiKeyAuth'", "''", "'#/components/schemas/~1x'",
                    "'#/paths/~1usage/get/responses/200'", "42", "[]", "{}", "null",
                };
                foreach (var name in names)
                {
                    targets.Add($"'#/components/schemas/{name}'");
                    targets.Add($"'#/components/schemas/{name}/properties'");
                    targets.Add($"'#/components/schemas/{name}/properties/data'");
                }
                var target = targets[rnd.Next(targets.Count)];
                if (matches.Count == 0 || rnd.Next(4) == 0)
                {
                    // Put a $ref where there was none: in place of a random 'type:' line (same indentation).
                    var typeLines = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("type:", StringComparison.Ordinal)).ToList();
                    if (typeLines.Count == 0) { detail = "no place"; return text; }
                    var (line, index) = typeLines[rnd.Next(typeLines.Count)];
                    var indent = line.Length - line.TrimStart().Length;
                    lines[index] = new string(' ', indent) + "$ref: " + target;
                    detail = $"line {index + 1} -> {target}";
                    return string.Join("\n", lines);
                }
                var match = matches[rnd.Next(matches.Count)];
                detail = $"{match.Value} -> {target}";
                return text.Substring(0, match.Index) + target + text.Substring(match.Index + match.Length);
            }
            case Mutation.ShiftIndent:
            {
                if (lines.Count == 0) { detail = "nothing"; return text; }
                var at = rnd.Next(lines.Count);
                var span = 1 + rnd.Next(Math.Min(6, lines.Count - at));
                var shift = rnd.Next(2) == 0 ? -(1 + rnd.Next(4)) : 1 + rnd.Next(4);
                for (var i = at; i < at + span; i++)
                {
                    var l = lines[i];
                    if (shift > 0) lines[i] = new string(' ', shift) + l;
                    else
                    {
                        var lead = l.Length - l.TrimStart(' ').Length;
                        lines[i] = l.Substring(Math.Min(lead, -shift));
                    }
                }
                detail = $"lines {at + 1}..{at + span} by {shift}";
                return string.Join("\n", lines);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(m));
        }
    }

    private static int LineOf(string text, int index)
    {
        var line = 0;
        for (var i = 0; i < index; i++) if (text[i] == '\n') line++;
        return line;
    }

    /// <summary>True when a line sits under a <c>parameters:</c> key (by YAML block indentation).</summary>
    private static bool InParameters(IReadOnlyList<string> lines, int line)
    {
        var indent = Indent(lines[line]);
        for (var i = line - 1; i >= 0 && indent > 0; i--)
        {
            if (lines[i].Trim().Length == 0 || lines[i].TrimStart().StartsWith('#')) continue;
            var ind = Indent(lines[i]);
            if (ind >= indent) continue;
            indent = ind;
            if (lines[i].TrimStart().StartsWith("parameters:", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static Mutation TypeClass(IReadOnlyList<string> lines, int line, ISet<string> overridden)
    {
        if (InParameters(lines, line)) return Mutation.SwapParameterType;
        var key = ParentKey(lines, line);
        return key is not null && overridden.Contains(key) ? Mutation.SwapOverriddenFieldType : Mutation.SwapType;
    }

    /// <summary>The key of the mapping a line belongs to: <c>limit</c> for the <c>type:</c> line under <c>limit:</c>.</summary>
    private static string? ParentKey(IReadOnlyList<string> lines, int line)
    {
        var indent = Indent(lines[line]);
        for (var i = line - 1; i >= 0; i--)
        {
            if (lines[i].Trim().Length == 0 || Indent(lines[i]) >= indent) continue;
            var t = lines[i].Trim().TrimStart('-', ' ');
            var colon = t.IndexOf(':');
            return colon > 0 ? t.Substring(0, colon).Trim('\'', '"') : null;
        }
        return null;
    }

    private static readonly string[] OverrideKeys = { "plan", "used", "limit", "remaining", "resetsAt", "requestsPerMinute" };

    /// <summary>The last segment of every body path an <c>x-usagegen</c> block names (<c>data.quota.limit</c> gives <c>limit</c>).</summary>
    private static ISet<string> OverriddenFields(IReadOnlyList<string> lines)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].TrimStart().StartsWith("x-usagegen:", StringComparison.Ordinal)) continue;
            var indent = Indent(lines[i]);
            for (var j = i + 1; j < lines.Count && (lines[j].Trim().Length == 0 || Indent(lines[j]) > indent); j++)
            {
                var t = lines[j].Trim();
                var colon = t.IndexOf(':');
                if (colon <= 0 || !OverrideKeys.Contains(t.Substring(0, colon))) continue;
                var value = t.Substring(colon + 1).Trim().Trim('\'', '"');
                if (value.Length == 0 || value.StartsWith("header:", StringComparison.Ordinal)) continue;
                result.Add(value.Substring(value.LastIndexOf('.') + 1));
            }
        }
        return result;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    public override string ToString() => $"seed {Seed}: {Description}";
}

/// <summary>What one case did.</summary>
public sealed record FuzzOutcome(FuzzCase Case, bool UgError, bool Compiled, bool Internal, string? Failure, IReadOnlyList<string>? UgIds = null)
{
    /// <summary>The reported bug this failure is, by its signature, or null for a new failure.</summary>
    public KnownBug? KnownBug => Failure is null || UgError ? null : KnownBugs.All.FirstOrDefault(b => b.Matches(Failure));

    public override string ToString() => $"{Case}\n{Failure}";
}

/// <summary>A generator bug the fuzzer found and that is reported, recognised by its compile error.</summary>
public sealed record KnownBug(string Name, string Description, Func<string, bool> Matches);

/// <summary>
/// Reported bugs (see <see cref="FuzzKnownBugTests"/>). They are recognised by the error and the generated line, not
/// left out by mutation class: the second is reachable from SwapType, SwapOverriddenFieldType and ReplaceChars alike.
/// A case that fails in any other way fails the main test.
/// </summary>
public static class KnownBugs
{
    public static readonly KnownBug OptionalParameter = new("optional-parameter", FuzzKnownBugTests.OptionalParameterBug,
        e => (e.Contains("error CS0173", StringComparison.Ordinal) || e.Contains("error CS8716", StringComparison.Ordinal))
             && e.Contains(".Usage.g.cs", StringComparison.Ordinal) && e.Contains("| var arg", StringComparison.Ordinal));

    public static readonly KnownBug NonNullableFigure = new("figure-tostring", FuzzKnownBugTests.NonNullableFigureBug,
        e => e.Contains("error CS0023", StringComparison.Ordinal) && e.Contains(".Usage.g.cs", StringComparison.Ordinal)
             && e.Contains("?.ToString()", StringComparison.Ordinal));

    // Both are fixed: any such failure is a regression now, not a known case.
    public static readonly IReadOnlyList<KnownBug> All = Array.Empty<KnownBug>();
}

/// <summary>Counts over a fuzz run.</summary>
public sealed class FuzzStats
{
    public int Cases;
    public int WithUgErrors;
    public int CompiledClean;
    public int CompiledDistinct;
    public int UgErrorButUncompilable;
    public int InternalErrors;
    public TimeSpan Elapsed;
    public readonly Dictionary<Mutation, int> ByMutation = new();
    public readonly SortedDictionary<string, int> UgIds = new(StringComparer.Ordinal);
    public ConcurrentBag<FuzzOutcome> Failures { get; } = new();
    public readonly SortedDictionary<string, int> KnownBugCases = new(StringComparer.Ordinal);
    public readonly SortedDictionary<string, int> FirstKnownBugSeed = new(StringComparer.Ordinal);
    public ConcurrentQueue<string> Notes { get; } = new();

    public string Summary() =>
        $"generator fuzz: {Cases} cases (specs mutated), {WithUgErrors} with UG errors, {CompiledClean} compiled clean " +
        $"({CompiledDistinct} distinct outputs compiled), {UgErrorButUncompilable} with UG errors whose partial output did not compile, " +
        $"{InternalErrors} UG0011 internal errors, known-bug cases: [{string.Join(", ", KnownBugCases.Select(p => p.Key + "=" + p.Value + " (first seed " + FirstKnownBugSeed[p.Key] + ")"))}], " +
        $"{Failures.Count} new failures, {Elapsed.TotalSeconds:0.0} s. " +
        $"By mutation: {string.Join(", ", ByMutation.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))}. " +
        $"UG errors: {string.Join(", ", UgIds.Select(p => p.Key + "=" + p.Value))}";
}

/// <summary>Runs cases; compiles each distinct generated output once (cached by hash).</summary>
public static class FuzzRunner
{
    private static readonly CSharpCompilationOptions CompileOptions = new(OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });

    private static readonly CSharpParseOptions NoNullableAnalysis = GeneratorHarness.ParseOptions()
        .WithFeatures(new[] { new KeyValuePair<string, string>("run-nullable-analysis", "never") });

    private static readonly Lazy<CSharpCompilation> BaseCompilation = new(() =>
    {
        var c = CSharpCompilation.Create("Fuzz", Array.Empty<SyntaxTree>(), GeneratorHarness.References(TargetFramework.Net100), CompileOptions);
        _ = c.GetDiagnostics(); // binds the references once
        return c;
    });

    public static FuzzStats Run(int baseSeed, int count, TimeSpan budget, int parallelism)
    {
        var stats = new FuzzStats();
        var compiled = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal); // output hash -> first compile error or null
        var watch = Stopwatch.StartNew();
        var next = -1;
        var outcomes = new ConcurrentBag<FuzzOutcome>();
        var hung = 0;

        void Worker()
        {
            while (watch.Elapsed < budget && Volatile.Read(ref hung) == 0)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                var fuzz = FuzzCase.Create(baseSeed + i);
                var task = Task.Run(() => RunOne(fuzz, compiled));
                if (!task.Wait(CaseLimitFor()))
                {
                    Interlocked.Exchange(ref hung, 1);
                    outcomes.Add(new FuzzOutcome(fuzz, false, false, false, $"the generator did not finish within {CaseLimitFor().TotalSeconds} s (hang)"));
                    return;
                }
                outcomes.Add(task.Result);
            }
        }

        var threads = Enumerable.Range(0, parallelism).Select(_ => new Thread(Worker) { IsBackground = true }).ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        stats.Elapsed = watch.Elapsed;

        foreach (var o in outcomes)
        {
            stats.Cases++;
            foreach (var m in o.Case.Mutations.Distinct()) stats.ByMutation[m] = stats.ByMutation.GetValueOrDefault(m) + 1;
            if (o.UgError) stats.WithUgErrors++;
            if (o.Compiled) stats.CompiledClean++;
            if (o.Internal) stats.InternalErrors++;
            if (o.KnownBug is { } bug)
            {
                stats.KnownBugCases[bug.Name] = stats.KnownBugCases.GetValueOrDefault(bug.Name) + 1;
                stats.FirstKnownBugSeed[bug.Name] = Math.Min(stats.FirstKnownBugSeed.GetValueOrDefault(bug.Name, int.MaxValue), o.Case.Seed);
            }
            else if (o.Failure is not null && !o.UgError) stats.Failures.Add(o);
            else if (o.Failure is not null) { stats.UgErrorButUncompilable++; stats.Notes.Enqueue(o.ToString()); }
            if (o.Internal) stats.Notes.Enqueue("UG0011 " + o.Case);
            foreach (var id in o.UgIds ?? Array.Empty<string>()) stats.UgIds[id] = stats.UgIds.GetValueOrDefault(id) + 1;
        }
        stats.CompiledDistinct = compiled.Count;
        return stats;
    }

    /// <summary>One case that takes longer than this is reported as a hang.</summary>
    private static TimeSpan CaseLimitFor() => TimeSpan.FromSeconds(20);

    /// <summary>Runs the generator over one case and judges it.</summary>
    public static FuzzOutcome RunOne(FuzzCase fuzz, ConcurrentDictionary<string, string?>? cache = null)
    {
        GeneratorHarness.Result result;
        try
        {
            result = GeneratorHarness.Run(new[] { (fuzz.Path, fuzz.Text) });
        }
        catch (Exception e)
        {
            return new FuzzOutcome(fuzz, false, false, false, "the generator run threw " + e);
        }

        var crash = result.GeneratorDiagnostics.FirstOrDefault(d => d.Id is "CS8785" or "CS8784");
        if (crash is not null) return new FuzzOutcome(fuzz, false, false, false, "generator crash: " + crash);

        var ugErrors = result.GeneratorDiagnostics.Where(d => d.Id.StartsWith("UG", StringComparison.Ordinal) && d.DefaultSeverity == DiagnosticSeverity.Error).ToList();
        var ids = ugErrors.Select(d => d.Id).Distinct().ToList();
        var isInternal = ugErrors.Any(d => d.Id == "UG0011");

        // Compile what was generated (and only that): the same output is compiled once.
        var generated = result.Run.Results.SelectMany(r => r.GeneratedSources).OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();
        string? error;
        var key = Hash(generated.Select(s => s.HintName + "\n" + s.SourceText));
        if (cache is null || !cache.TryGetValue(key, out error))
        {
            error = FirstCompileError(generated.Select(s => s.SyntaxTree));
            cache?.TryAdd(key, error);
        }
        var compiled = error is null;
        if (compiled) return new FuzzOutcome(fuzz, ugErrors.Count > 0, true, isInternal, null, ids);
        return new FuzzOutcome(fuzz, ugErrors.Count > 0, false, isInternal,
            "the generated code does not compile" + (ugErrors.Count > 0 ? " (a UG error was reported: " + ugErrors[0] + ")" : " and no UG error was reported") + ": " + error, ids);
    }

    /// <summary>The first compile error (warnings ignored) and, after " | ", the generated line it is on; or null.</summary>
    public static string? FirstCompileError(IEnumerable<SyntaxTree> trees)
    {
        // Derived from one base compilation, so the bound reference set (170 assemblies) is reused, not rebuilt; and
        // without the nullable walker, which reports warnings only (ignored here) and is most of the compile time.
        var compilation = BaseCompilation.Value.AddSyntaxTrees(trees.Select(t => t.WithRootAndOptions(t.GetRoot(), NoNullableAnalysis)));
        var error = compilation.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError);
        if (error is null) return null;
        var line = error.Location.SourceTree is { } tree
            ? tree.GetText().Lines[error.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()
            : "";
        return error + " | " + line;
    }

    private static string Hash(IEnumerable<string> parts)
    {
        using var sha = SHA256.Create();
        var bytes = Encoding.UTF8.GetBytes(string.Join("\u0001", parts));
        return Convert.ToHexString(sha.ComputeHash(bytes));
    }
}

/// <summary>
/// Bugs the fuzzer found, minimized, with the seeds that first hit them. Skipped until the generator is fixed; each
/// names the fix. When one is fixed, drop its Skip and its entry in <see cref="KnownBugs.All"/>.
/// </summary>
public sealed class FuzzKnownBugTests
{
    public const string OptionalParameterBug =
        "bug: an optional non-string parameter of the usage operation makes the adapter uncompilable (CS0173 '<null>' and 'long'; " +
        "CS8716 'default' with no target type) with no UG error. Fix ProviderEmitter.ConvertParameter: a typed null/default. " +
        "The main fuzz test counts these cases as known (signature: CS0173/CS8716 on a 'var argN' line of *.Usage.g.cs) instead of failing.";

    public const string NullSchemeBug =
        "bug: an empty securitySchemes entry ('X-API-KEY:' with no value) is UG0011 (NullReferenceException in ModelBuilder.BuildSecurity) " +
        "instead of a diagnostic at the entry. Fix: skip null schemes with UG0001. (UG0011 is an error, so the main fuzz test passes it.)";

    public const string NonNullableFigureBug =
        "bug: a usage figure (here an x-usagegen override) naming a non-numeric, non-nullable field (a required boolean, or an unknown type " +
        "kept as JsonElement) emits '(body.X)?.ToString()': CS0023 with no UG error. Fix ProviderEmitter.Number/Instant: format with " +
        "Figures.Text((object?)(x)), or report UG0010 for an override naming a non-numeric field. The main fuzz test counts these cases " +
        "as known (signature: CS0023 on a '?.ToString()' line of *.Usage.g.cs) instead of failing.";

    /// <summary>Minimized from seed 20260438 (sharpe.yaml, quota.limit integer -> boolean).</summary>
    [Theory]
    [InlineData("boolean")]
    [InlineData("integr")] // an unknown type is kept as a (non-nullable) JsonElement
    public void An_override_naming_a_non_numeric_field_compiles_or_is_UG0010(string type)
    {
        var spec = "openapi: 3.0.0\ninfo: { title: O, version: '1' }\npaths:\n  /usage:\n    get:\n      x-usagegen: { used: used, limit: limit }\n" +
            "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n" +
            "              schema: { type: object, required: [used, limit], properties: { used: { type: " + type + " }, limit: { type: integer } } }\n";
        var r = GeneratorHarness.Run(new[] { ("/specs/o.yaml", spec) });
        var error = FuzzRunner.FirstCompileError(r.Run.Results.SelectMany(x => x.GeneratedSources).Select(s => s.SyntaxTree));
        Assert.True(error is null || r.GeneratorDiagnostics.Any(d => d.Id == "UG0010"), error);
    }

    [Theory]
    [InlineData(20260438)] // sharpe.yaml: quota.limit integer -> boolean
    [InlineData(20260578)] // sharpe.yaml: rate_limit.requests_per_minute integer -> boolean
    [InlineData(20260840)]
    public void Fuzz_seeds_with_a_swapped_overridden_field_type_compile(int seed)
    {
        var outcome = FuzzRunner.RunOne(FuzzCase.Create(seed));
        Assert.True(outcome.Failure is null, outcome.ToString());
    }

    /// <summary>Minimized from seed 20260485 (tavily.yaml, X-Project-ID's schema type string -> boolean).</summary>
    private static string SpecWithOptionalParameter(string type) =>
        "openapi: 3.0.0\ninfo: { title: P, version: '1' }\npaths:\n  /usage:\n    get:\n      parameters:\n" +
        "        - { name: n, in: query, required: false, schema: { type: " + type + " } }\n" +
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n" +
        "              schema: { type: object, properties: { used: { type: integer }, limit: { type: integer } } }\n";

    [Theory]
    [InlineData("integer")]
    [InlineData("number")]
    [InlineData("boolean")]
    [InlineData("object")]
    [InlineData("array")]
    public void An_optional_non_string_parameter_of_the_usage_operation_compiles(string type)
    {
        var r = GeneratorHarness.Run(new[] { ("/specs/p.yaml", SpecWithOptionalParameter(type)) });
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Null(FuzzRunner.FirstCompileError(r.Run.Results.SelectMany(x => x.GeneratedSources).Select(s => s.SyntaxTree)));
    }

    [Theory]
    [InlineData(20260435)] // tavily.yaml: X-Project-ID string -> integer -> boolean
    [InlineData(20260485)] // tavily.yaml: X-Project-ID string -> boolean
    [InlineData(20260701)] // tavily.yaml: X-Project-ID string -> array (CS8716)
    public void Fuzz_seeds_with_a_swapped_parameter_type_compile(int seed)
    {
        var outcome = FuzzRunner.RunOne(FuzzCase.Create(seed));
        Assert.True(outcome.Failure is null, outcome.ToString());
    }

    [Theory]
    [InlineData(20260968)] // coinstats.yaml truncated after "X-API-KEY:"
    [InlineData(20261699)] // coingecko.yaml truncated after "apiKeyQueryParam:"
    public void A_truncated_security_scheme_is_not_an_internal_error(int seed)
    {
        var fuzz = FuzzCase.Create(seed);
        var r = GeneratorHarness.Run(new[] { (fuzz.Path, fuzz.Text) });
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
