using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using NSwag;
using UsageGen.Cli;

namespace UsageGen.Benchmarks;

/// <summary>
/// Cold generation of 1, 10 and 100 specs (the five renamed and repeated, each its own provider), through the driver
/// and without Roslyn, beside NSwag's YAML parse of the same specs. Time per spec is in the ratio report.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Scale")]
public class ScaleBenchmarks
{
    [Params(1, 10, 100)]
    public int Specs { get; set; }

    private IReadOnlyList<(string Path, string Text)> _specs = Array.Empty<(string, string)>();
    private AdditionalText[] _texts = Array.Empty<AdditionalText>();
    private Compilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        _specs = BenchSpecs.Scaled(Specs);
        _texts = GeneratorRunner.Texts(_specs);
        _compilation = GeneratorRunner.Compilation("namespace Consumer { public class A { } }");
    }

    [Benchmark(Baseline = true, Description = "Cold: CSharpGeneratorDriver")]
    public int DriverCold()
    {
        var (files, _, errors) = GeneratorRunner.Summarize(GeneratorRunner.Driver(_texts).RunGenerators(_compilation));
        if (errors > 0) throw new InvalidOperationException($"{errors} error diagnostics");
        return files;
    }

    [Benchmark(Description = "Cold: without Roslyn (usagegen generate)")]
    public int PipelineNoRoslyn() => SpecGeneration.Run(_specs).Sources.Count;

    [Benchmark(Description = "Floor: NSwag YAML parse")]
    public int NSwagYamlParse()
    {
        var n = 0;
        foreach (var (_, text) in _specs) n += OpenApiYamlDocument.FromYamlAsync(text).GetAwaiter().GetResult().Paths.Count;
        return n;
    }
}

/// <summary>One large spec (<see cref="BenchSpecs.LargeOperations"/> operations, <see cref="BenchSpecs.LargeSchemas"/> schemas) that the benchmark builds.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("Scale")]
public class LargeSpecBenchmarks
{
    private (string Path, string Text) _spec;
    private AdditionalText[] _texts = Array.Empty<AdditionalText>();
    private Compilation _compilation = null!;
    private NSwagInProcess? _nswag;

    [GlobalSetup]
    public void Setup()
    {
        _spec = BenchSpecs.Large();
        _texts = GeneratorRunner.Texts(new[] { _spec });
        _compilation = GeneratorRunner.Compilation("namespace Consumer { public class A { } }");
        _nswag = NSwagInProcess.Instance;
        _input = GeneratorRunner.Input(_spec.Path, _spec.Text);
        _yaml = GeneratorRunner.ReadYaml(_spec.Text);
        _document = GeneratorRunner.ParseStage2(_yaml);
        _model = GeneratorRunner.BuildModel(_input, _yaml, _document);
    }

    private UsageGen.Generator.Model.SpecInput _input = null!;
    private UsageGen.Generator.Parsing.YamlDocument _yaml = null!;
    private OpenApiDocument _document = null!;
    private UsageGen.Generator.Model.ProviderModel _model = null!;

    [Benchmark(Baseline = true, Description = "Large spec: CSharpGeneratorDriver")]
    public int DriverCold()
    {
        var (files, _, errors) = GeneratorRunner.Summarize(GeneratorRunner.Driver(_texts).RunGenerators(_compilation));
        if (errors > 0) throw new InvalidOperationException($"{errors} error diagnostics");
        return files;
    }

    [Benchmark(Description = "Large spec: without Roslyn (usagegen generate)")]
    public int PipelineNoRoslyn() => SpecGeneration.Run(new[] { _spec }).Sources.Count;

    [Benchmark(Description = "Large spec: NSwag YAML parse (floor)")]
    public int NSwagYamlParse() => OpenApiYamlDocument.FromYamlAsync(_spec.Text).GetAwaiter().GetResult().Paths.Count;

    [Benchmark(Description = "Large spec: stage 1, YAML read")]
    public int StageYaml() => GeneratorRunner.ReadYaml(_spec.Text).Json.Length;

    [Benchmark(Description = "Large spec: stage 2, NSwag parse of that JSON")]
    public int StageNSwagParse() => GeneratorRunner.ParseStage2(_yaml).Paths.Count;

    [Benchmark(Description = "Large spec: stage 3, model")]
    public int StageModel() => GeneratorRunner.BuildModel(_input, _yaml, _document).Types.Count;

    [Benchmark(Description = "Large spec: stage 4, emit")]
    public int StageEmit() => GeneratorRunner.Emit(_model);

    [Benchmark(Description = "Large spec: NSwag openapi2csclient in process")]
    public int NSwagCodegen() =>
        (_nswag ?? throw new InvalidOperationException("NSwag's tool could not be loaded: " + NSwagInProcess.LoadError))
            .Generate(_spec.Text, "LargeClient", "Bench.NSwag.Large").Length;
}
