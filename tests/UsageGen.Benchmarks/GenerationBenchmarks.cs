using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using NSwag;
using UsageGen.Cli;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Benchmarks;

/// <summary>
/// Cold generation of the five launch specs: through Roslyn's <see cref="GeneratorDriver"/> from nothing (a new
/// driver, no cache), without Roslyn (<c>usagegen generate</c>'s work), and our stages one by one; beside the floor
/// (NSwag.Core reading the same specs, which our stage 2 is) and NSwag's own C# client generator in process.
/// Every benchmark handles all five specs; the ratio column is against the cold driver run.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Generation")]
public class GenerationBenchmarks
{
    private IReadOnlyList<(string Path, string Text)> _specs = Array.Empty<(string, string)>();
    private AdditionalText[] _texts = Array.Empty<AdditionalText>();
    private Compilation _compilation = null!;
    private SpecInput[] _inputs = Array.Empty<SpecInput>();
    private YamlDocument[] _yaml = Array.Empty<YamlDocument>();
    private OpenApiDocument[] _documents = Array.Empty<OpenApiDocument>();
    private ProviderModel[] _models = Array.Empty<ProviderModel>();
    private NSwagInProcess? _nswag;

    [GlobalSetup]
    public void Setup()
    {
        _specs = BenchSpecs.Launch();
        _texts = GeneratorRunner.Texts(_specs);
        _compilation = GeneratorRunner.Compilation("namespace Consumer { public class A { } }");
        _inputs = _specs.Select(s => GeneratorRunner.Input(s.Path, s.Text)).ToArray();
        _yaml = _specs.Select(s => GeneratorRunner.ReadYaml(s.Text)).ToArray();
        _documents = _yaml.Select(GeneratorRunner.ParseStage2).ToArray();
        _models = _inputs.Select((input, i) => GeneratorRunner.BuildModel(input, _yaml[i], _documents[i])).ToArray();
        _nswag = NSwagInProcess.Instance;
    }

    [Benchmark(Baseline = true, Description = "Cold: CSharpGeneratorDriver, 5 specs")]
    public int DriverCold()
    {
        var driver = GeneratorRunner.Driver(_texts).RunGenerators(_compilation);
        return GeneratorRunner.Summarize(driver).Files;
    }

    [Benchmark(Description = "Cold: our stages without Roslyn (usagegen generate)")]
    public int PipelineNoRoslyn() => SpecGeneration.Run(_specs).Sources.Count;

    [Benchmark(Description = "Floor: NSwag OpenApiYamlDocument.FromYamlAsync")]
    public int NSwagYamlParse()
    {
        var n = 0;
        foreach (var (_, text) in _specs) n += OpenApiYamlDocument.FromYamlAsync(text).GetAwaiter().GetResult().Paths.Count;
        return n;
    }

    [Benchmark(Description = "Floor: our YAML->JSON + OpenApiDocument.FromJsonAsync")]
    public int OurYamlThenNSwagParse()
    {
        var n = 0;
        foreach (var (_, text) in _specs) n += GeneratorRunner.ParseNSwag(GeneratorRunner.ReadYaml(text).Json).Paths.Count;
        return n;
    }

    [Benchmark(Description = "Stage 1: YAML read (positions + JSON)")]
    public int StageYaml()
    {
        var n = 0;
        foreach (var (_, text) in _specs) n += GeneratorRunner.ReadYaml(text).Json.Length;
        return n;
    }

    [Benchmark(Description = "Stage 2: NSwag parse of that JSON")]
    public int StageNSwagParse()
    {
        var n = 0;
        foreach (var yaml in _yaml) n += GeneratorRunner.ParseStage2(yaml).Paths.Count;
        return n;
    }

    [Benchmark(Description = "Stage 3: model (types, operations, usage inference)")]
    public int StageModel()
    {
        var n = 0;
        for (var i = 0; i < _inputs.Length; i++) n += GeneratorRunner.BuildModel(_inputs[i], _yaml[i], _documents[i]).Types.Count;
        return n;
    }

    [Benchmark(Description = "Stage 4: emit C# (providers + catalog)")]
    public int StageEmit()
    {
        var n = 0;
        foreach (var model in _models) n += GeneratorRunner.Emit(model);
        return n + GeneratorRunner.EmitCatalog(_models);
    }

    [Benchmark(Description = "NSwag: openapi2csclient in process (parse + C# client)")]
    public int NSwagCodegen()
    {
        if (_nswag is null) throw new InvalidOperationException("NSwag's tool could not be loaded: " + NSwagInProcess.LoadError);
        var n = 0;
        foreach (var (path, text) in _specs)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            n += _nswag.Generate(text, name + "Client", "Bench.NSwag." + name).Length;
        }
        return n;
    }
}
