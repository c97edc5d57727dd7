using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using UsageGen.Generator.Tests;
using UsageGen.TestSupport;

namespace UsageGen.RealWorld.Probe;

/// <summary>One compiler diagnostic as reported: id, where, what, and the text of the line it points at.</summary>
public sealed record DiagnosticSample(string Id, string Severity, string File, int Line, int Column, string Message, string? SourceLine);

/// <summary>
/// What one spec did in a real compilation (UG diagnostics: errors and warnings, after the build's filtering). <see cref="Generated"/>: the generator added the provider's files and reported no
/// UG error (after the build's own filtering: suppressed ids gone, warnings raised to errors). <see cref="CompiledClean"/>:
/// generated and no CS diagnostic at all (every warning is an error in this build).
/// </summary>
public sealed record ProbeResult(
    string Spec,
    bool Generated,
    bool CompiledClean,
    int ProviderFiles,
    long GeneratedBytes,
    IReadOnlyDictionary<string, int> UgDiagnostics,
    IReadOnlyDictionary<string, int> CsDiagnostics,
    IReadOnlyList<DiagnosticSample> Samples,
    string? GeneratorException,
    double GenerateMilliseconds,
    double CompileMilliseconds);

/// <summary>
/// The compilation of the real-world runs, written once for the probe, the tests and the benchmarks' NSwag comparison: a
/// fresh net8.0 class library (C# 12, the net8.0 reference pack and UsageGen's net8.0 runtime library), Nullable on,
/// every warning an error, and the warnings that only describe the spec (no usage operation, ambiguous figure, schema
/// shape not mapped, odd security scheme, 3.1 read as 3.0) switched off as a user of such a spec would.
/// </summary>
public static class RealWorldCompilation
{
    /// <summary>The spec-describing warnings issue 11 switches off in the consumer project.</summary>
    public static readonly string[] SwitchedOff = { "UG0006", "UG0007", "UG0008", "UG0015", "UG0017" };

    /// <summary>The catalog file every run adds (UsageGen.Generator's CatalogEmitter.HintName); the rest are the provider's.</summary>
    public const string CatalogHintName = "UsageGen.Catalog.g.cs";

    /// <summary>How many diagnostics of one id keep their text in <see cref="ProbeResult.Samples"/>.</summary>
    private const int SamplesPerId = 3;

    /// <summary>The consumer compilation, with <paramref name="sources"/> (e.g. another generator's output) in it.</summary>
    public static CSharpCompilation Create(params (string Path, string Text)[] sources)
    {
        var compilation = ConsumerCompilation.Create(TargetFramework.Net80);
        var options = compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItems(SwitchedOff.Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Suppress))));
        var parse = ConsumerCompilation.ParseOptions(TargetFramework.Net80);
        return compilation.WithOptions(options)
            .AddSyntaxTrees(sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, path: s.Path, encoding: Encoding.UTF8)));
    }

    /// <summary>The options of a <c>&lt;UsageGenSpec Include="..." /&gt;</c> item (the README's way): the file is a spec, wherever its "openapi" key is.</summary>
    public static TestOptionsProvider Marked(IEnumerable<string> specPaths) =>
        new(perFile: specPaths.ToDictionary(p => p, _ => new Dictionary<string, string> { ["build_metadata.AdditionalFiles.UsageGenSpec"] = "true" }));

    /// <summary>
    /// Runs UsageGen's generator on one spec as a build would, then compiles what it added. The spec is a
    /// <c>UsageGenSpec</c> item, or with <paramref name="plainAdditionalFile"/> a plain <c>AdditionalFiles</c> item.
    /// </summary>
    public static ProbeResult Run(string specPath, string? writeSourcesTo = null, bool plainAdditionalFile = false)
    {
        var text = File.ReadAllText(specPath);
        var watch = Stopwatch.StartNew();
        var options = plainAdditionalFile ? new TestOptionsProvider() : Marked(new[] { specPath });
        var driver = GeneratorHarness.Driver(new[] { (specPath, text) }, options, TargetFramework.Net80);
        driver = driver.RunGeneratorsAndUpdateCompilation(Create(), out var output, out var generatorDiagnostics);
        var generateMs = watch.Elapsed.TotalMilliseconds;
        var run = driver.GetRunResult();
        var sources = run.Results.SelectMany(r => r.GeneratedSources).ToList();
        var providerFiles = sources.Where(s => s.HintName != CatalogHintName).ToList();
        if (writeSourcesTo is not null)
        {
            Directory.CreateDirectory(writeSourcesTo);
            foreach (var s in sources) File.WriteAllText(Path.Combine(writeSourcesTo, s.HintName), s.SourceText.ToString());
        }

        watch.Restart();
        var compileDiagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        var compileMs = watch.Elapsed.TotalMilliseconds;

        // UG errors and warnings as the build reports them (UG0009/UG0016 infos are left out: they break nothing).
        var ug = generatorDiagnostics.Where(d => d.Id.StartsWith("UG", StringComparison.Ordinal) && d.Severity >= DiagnosticSeverity.Warning).ToList();
        // CS8784/CS8785 (the generator failed to initialize or threw) come with the generator's diagnostics.
        var cs = generatorDiagnostics.Where(d => !d.Id.StartsWith("UG", StringComparison.Ordinal)).Concat(compileDiagnostics).ToList();
        var generated = providerFiles.Count > 0 && !ug.Any(d => d.Severity == DiagnosticSeverity.Error) && run.Results.All(r => r.Exception is null);
        return new ProbeResult(
            specPath,
            generated,
            generated && cs.Count == 0,
            providerFiles.Count,
            providerFiles.Sum(s => (long)Encoding.UTF8.GetByteCount(s.SourceText.ToString())),
            Count(ug),
            Count(cs),
            Samples(ug.Concat(cs)),
            run.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null)?.ToString(),
            generateMs,
            compileMs);
    }

    /// <summary>Compiles another generator's C# (NSwag's client) in the same consumer compilation: its CS diagnostics.</summary>
    public static IReadOnlyList<Diagnostic> CompileOther(string path, string source) =>
        Create((path, source)).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public static IReadOnlyDictionary<string, int> Count(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public static IReadOnlyList<DiagnosticSample> Samples(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Take(SamplesPerId))
            .Select(Sample)
            .ToList();

    private static DiagnosticSample Sample(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        string? line = null;
        if (d.Location.IsInSource && d.Location.SourceTree is { } tree)
            line = tree.GetText().Lines[span.StartLinePosition.Line].ToString().Trim();
        return new DiagnosticSample(d.Id, d.Severity.ToString(), Path.GetFileName(span.Path ?? ""), span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), line);
    }
}
