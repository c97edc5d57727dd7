using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace UsageGen.Benchmarks;

/// <summary>
/// Re-runs after an edit, from a driver that already generated the five specs (the IDE's and the compiler server's
/// situation), next to the cold run: no change; an unrelated C# edit (a new syntax tree); one spec edited (Tavily's
/// summary). The ratio column is against the cold run.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Incremental")]
public class IncrementalBenchmarks
{
    private AdditionalText[] _texts = Array.Empty<AdditionalText>();
    private Compilation _compilation = null!;
    private Compilation _edited = null!;
    private GeneratorDriver _warm = null!;
    private AdditionalText _tavily = null!;
    private AdditionalText _tavilyEdited = null!;

    [GlobalSetup]
    public void Setup()
    {
        _texts = GeneratorRunner.Texts(BenchSpecs.Launch());
        _compilation = GeneratorRunner.Compilation("namespace Consumer { public class A { } }");
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer { public class B { public int X => 1; } }", GeneratorRunner.ParseOptions));
        _warm = GeneratorRunner.Driver(_texts).RunGenerators(_compilation);
        _tavily = _texts.Single(t => t.Path.EndsWith("tavily.yaml", StringComparison.Ordinal));
        var text = _tavily.GetText()!.ToString();
        const string summary = "Get API key and account usage details";
        if (!text.Contains(summary, StringComparison.Ordinal)) throw new InvalidOperationException("tavily.yaml changed: update the edit");
        _tavilyEdited = new InMemoryText(_tavily.Path, text.Replace(summary, "Get the usage of the API key and the account"));
    }

    [Benchmark(Baseline = true, Description = "Cold: new driver, 5 specs")]
    public int Cold() => GeneratorRunner.Summarize(GeneratorRunner.Driver(_texts).RunGenerators(_compilation)).Files;

    [Benchmark(Description = "Warm: nothing changed")]
    public int NoChange() => GeneratorRunner.Summarize(_warm.RunGenerators(_compilation)).Files;

    [Benchmark(Description = "Warm: unrelated C# edit")]
    public int UnrelatedCSharpEdit() => GeneratorRunner.Summarize(_warm.RunGenerators(_edited)).Files;

    [Benchmark(Description = "Warm: one spec edited (tavily.yaml)")]
    public int OneSpecEdited() => GeneratorRunner.Summarize(_warm.ReplaceAdditionalText(_tavily, _tavilyEdited).RunGenerators(_compilation)).Files;
}
