using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using UsageGen.Cli;
using UsageGen.RealWorld.Probe;

namespace UsageGen.Benchmarks;

/// <summary>
/// Generation time on the three largest documents of the real-world corpus (tests/corpus/realworld, from the local cache;
/// none when it is absent): UsageGen cold through Roslyn's driver and without Roslyn (<c>usagegen generate</c>'s work),
/// against NSwag's <c>openapi2csclient</c> in process (the baseline). Each spec is a <c>UsageGenSpec</c> item (several of
/// the largest do not start like OpenAPI, and a plain AdditionalFiles item of that kind is skipped). Parse and generate only; nothing is compiled.
/// A document our generator cannot take (a stack overflow ends the process) has no row: see the --realworld table.
/// Run: <c>dotnet run -c Release --project tests/UsageGen.Benchmarks -- --filter '*RealWorldLargest*' --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("RealWorld")]
public class RealWorldLargestBenchmarks
{
    /// <summary>How many of the largest documents are measured.</summary>
    public const int Count = 3;

    private (string Path, string Text)[] _spec = Array.Empty<(string, string)>();
    private AdditionalText[] _texts = Array.Empty<AdditionalText>();
    private Compilation _compilation = null!;
    private AnalyzerConfigOptionsProvider _marked = null!;
    private NSwagInProcess? _nswag;

    /// <summary>The ids of the <see cref="Count"/> largest cached documents; <c>USAGEGEN_REALWORLD_SKIP</c> (comma-separated ids) leaves some out.</summary>
    public static IEnumerable<string> Largest()
    {
        var skip = (Environment.GetEnvironmentVariable("USAGEGEN_REALWORLD_SKIP") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return RealWorldCorpus.Read(BenchSpecs.RepositoryRoot)
            .Where(d => !skip.Contains(d.Id, StringComparer.OrdinalIgnoreCase) && RealWorldCorpus.Problem(d) is null)
            .OrderByDescending(d => d.Bytes)
            .Take(Count)
            .Select(d => d.Id);
    }

    [ParamsSource(nameof(Largest))]
    public string Document { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var document = RealWorldCorpus.Read(BenchSpecs.RepositoryRoot).Single(d => d.Id == Document);
        var path = RealWorldCorpus.PathOf(document);
        _spec = new[] { (path, File.ReadAllText(path)) };
        _texts = GeneratorRunner.Texts(_spec);
        _marked = RealWorldCompilation.Marked(new[] { path });
        _compilation = GeneratorRunner.Compilation("namespace Consumer { public class A { } }");
        _nswag = NSwagInProcess.Instance;
    }

    [Benchmark(Baseline = true, Description = "NSwag: openapi2csclient in process")]
    public int NSwagCodegen()
    {
        if (_nswag is null) throw new InvalidOperationException("NSwag's tool could not be loaded: " + NSwagInProcess.LoadError);
        var (path, text) = _spec[0];
        return _nswag.Generate(text, "RealWorldClient", "Bench.RealWorld", json: path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Length;
    }

    [Benchmark(Description = "UsageGen: CSharpGeneratorDriver, cold")]
    public int DriverCold() => GeneratorRunner.Summarize(GeneratorRunner.Driver(_texts, _marked).RunGenerators(_compilation)).Characters;

    [Benchmark(Description = "UsageGen: without Roslyn (usagegen generate)")]
    public int PipelineNoRoslyn() => SpecGeneration.Run(_spec).Sources.Sum(s => s.Text.Length);
}
