using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Xunit;

namespace UsageGen.Benchmarks.Tests;

/// <summary>
/// Every benchmark method runs once (directly, after its [GlobalSetup]) and returns what it should; the clients being
/// compared read the same documented figures; BenchmarkDotNet itself runs a dry job in process. No timing is asserted.
/// </summary>
public class BenchmarkSmokeTests
{
    /// <summary>A documented "used" figure per provider, and where it sits in the body.</summary>
    public static TheoryData<Provider, string, long> UsedFigures() => new()
    {
        { Provider.CoinGecko, "current_total_monthly_calls", 104 },
        { Provider.CoinStats, "usedCredits", 45000 },
        { Provider.Sharpe, "data.quota.used", 12480 },
        { Provider.Shoal, "data.budget.used", 420 },
        { Provider.Tavily, "account.plan_usage", 500 },
    };

    [Theory]
    [MemberData(nameof(UsedFigures))]
    public async Task Runtime_benchmarks_run_and_every_client_reads_the_documented_body(Provider provider, string path, long used)
    {
        var b = new RuntimeBenchmarks { Provider = provider };
        b.Setup();

        var tokens = b.Utf8JsonReaderPass();
        Assert.True(tokens > 2);
        Assert.Equal(tokens, await b.HttpFloor());

        var snapshot = Assert.IsAssignableFrom<UsageSnapshot>(await b.UsageGenSnapshot());
        Assert.Equal(provider.ToString(), snapshot.Provider);
        Assert.Equal<decimal?>(used, snapshot.CreditsUsed);

        // The DTOs of all three (and the parse-only rows) hold the same figure; NSwag's and Refit's serialize back to the wire names.
        Assert.Equal(used, Figure(Json(await b.UsageGenDto()), path));
        Assert.Equal(used, Figure(Json(b.UsageGenParse()), path));
        Assert.Equal(used, Figure(JsonSerializer.Serialize(await b.NSwagDto()), path));
        Assert.Equal(used, Figure(JsonSerializer.Serialize(b.NSwagParse()), path));
        Assert.Equal(used, Figure(JsonSerializer.Serialize(await b.RefitDto()), path));
        Assert.Equal(used, Figure(JsonSerializer.Serialize(b.RefitParse()), path));
    }

    /// <summary>UsageGen's DTOs write themselves (IJsonWritable) with the wire names.</summary>
    private static string Json(object dto) => JsonSerializer.Serialize(dto, dto.GetType());

    private static long Figure(string json, string path)
    {
        using var doc = JsonDocument.Parse(json);
        var e = doc.RootElement;
        foreach (var part in path.Split('.')) e = e.GetProperty(part);
        return (long)e.GetDecimal();
    }

    [Fact]
    public void Generation_benchmarks_run_and_agree()
    {
        var b = new GenerationBenchmarks();
        b.Setup();
        Assert.Equal(16, b.DriverCold());              // 5 providers x (models, client, usage) + the catalog
        Assert.Equal(16, b.PipelineNoRoslyn());
        Assert.Equal(5, b.NSwagYamlParse());           // one path per spec
        Assert.Equal(5, b.OurYamlThenNSwagParse());
        Assert.True(b.StageYaml() > 0);
        Assert.Equal(5, b.StageNSwagParse());
        Assert.True(b.StageModel() > 0);
        Assert.True(b.StageEmit() > 10_000);
        Assert.True(b.NSwagCodegen() > 10_000, "NSwag's generator in process: " + NSwagInProcess.LoadError);
    }

    [Fact]
    public void Generation_without_Roslyn_gives_the_generators_exact_output()
    {
        var specs = BenchSpecs.Launch();
        var driver = GeneratorRunner.Driver(GeneratorRunner.Texts(specs)).RunGenerators(GeneratorRunner.Compilation());
        var byDriver = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        var byCli = GeneratorRunner.WithoutRoslyn(specs).Sources;
        Assert.Equal(byDriver.Keys.OrderBy(k => k), byCli.Keys.OrderBy(k => k));
        foreach (var (hint, text) in byDriver) Assert.Equal(text, byCli[hint]);
    }

    [Fact]
    public void Incremental_benchmarks_run()
    {
        var b = new IncrementalBenchmarks();
        b.Setup();
        Assert.Equal(16, b.Cold());
        Assert.Equal(16, b.NoChange());
        Assert.Equal(16, b.UnrelatedCSharpEdit());
        Assert.Equal(16, b.OneSpecEdited());
    }

    [Fact]
    public void Scale_benchmarks_run_with_distinct_providers()
    {
        var b = new ScaleBenchmarks { Specs = 10 };
        b.Setup();
        Assert.Equal(10 * 3 + 1, b.DriverCold());     // no UG0012: every copy is its own provider
        Assert.Equal(10 * 3 + 1, b.PipelineNoRoslyn());
        Assert.Equal(10, b.NSwagYamlParse());
        Assert.Equal(100, BenchSpecs.Scaled(100).Select(s => s.Path).Distinct().Count());
    }

    [Fact]
    public void Large_spec_generates_without_errors()
    {
        var (path, text) = BenchSpecs.Large();
        var (sources, diagnostics, errors) = GeneratorRunner.WithoutRoslyn(new[] { (path, text) });
        Assert.True(errors == 0, string.Join("\n", diagnostics));
        Assert.Equal(4, sources.Count);                 // models, client, usage, catalog

        var b = new LargeSpecBenchmarks();
        b.Setup();
        Assert.Equal(4, b.DriverCold());
        Assert.Equal(BenchSpecs.LargeOperations + 1, b.NSwagYamlParse());
        Assert.True(b.NSwagCodegen() > 100_000);
    }

    [Fact]
    public void Realworld_comparison_compiles_NSwags_client_like_ours_from_yaml_and_json()
    {
        // The --realworld command's NSwag side on a launch spec (YAML) and on a small JSON spec: generated, compiled
        // in the same net8.0 consumer compilation as UsageGen's output, and clean.
        var json = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "usagegen-realworld-smoke-" + System.Guid.NewGuid().ToString("N") + ".json");
        System.IO.File.WriteAllText(json, """
            {"openapi": "3.0.3", "info": {"title": "Smoke", "version": "1"},
             "paths": {"/usage": {"get": {"operationId": "getUsage", "responses": {"200": {"description": "ok",
               "content": {"application/json": {"schema": {"type": "object", "properties": {"used": {"type": "integer"}}}}}}}}}}}
            """);
        try
        {
            foreach (var path in new[] { System.IO.Path.Combine(BenchSpecs.SpecsFolder, "tavily.yaml"), json })
            {
                var r = RealWorldComparison.NSwag(path);
                Assert.True(r.Generated, path + ": " + r.GeneratorException);
                Assert.True(r.CompiledClean, path + ": " + string.Join("; ", r.Samples.Select(s => s.Id + " " + s.Message)));
                Assert.True(r.GeneratedBytes > 1000);
            }
        }
        finally
        {
            System.IO.File.Delete(json);
        }
    }

    [Fact]
    public void BenchmarkDotNet_runs_a_dry_job_in_process()
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance))
            .AddLogger(NullLogger.Instance)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .AddFilter(new SimpleFilter(c => c.Parameters.Items.All(p => p.Value is not Provider v || v == Provider.CoinStats)))
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary)
            .WithArtifactsPath(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "usagegen-bench-smoke"));
        var summary = BenchmarkRunner.Run<RuntimeBenchmarks>(config);
        Assert.False(summary.HasCriticalValidationErrors, string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        Assert.Equal(9, summary.Reports.Length);
        Assert.All(summary.Reports, r => Assert.True(r.Success, r.BenchmarkCase.DisplayInfo));
        Assert.Contains("Runtime", RatioReport.Build(new[] { summary }), StringComparison.Ordinal);
    }

    [Fact]
    public void Ratio_report_marks_targets_met_and_missed()
    {
        var measures = new List<RatioReport.Measure>
        {
            new(nameof(IncrementalBenchmarks), nameof(IncrementalBenchmarks.Cold), null, 1_000_000, 1000),
            new(nameof(IncrementalBenchmarks), nameof(IncrementalBenchmarks.UnrelatedCSharpEdit), null, 10_000, 10),
            new(nameof(RuntimeBenchmarks), nameof(RuntimeBenchmarks.UsageGenDto), "Tavily", 1000, 1000),
            new(nameof(RuntimeBenchmarks), nameof(RuntimeBenchmarks.NSwagDto), "Tavily", 2000, 1500),
            new(nameof(RuntimeBenchmarks), nameof(RuntimeBenchmarks.RefitDto), "Tavily", 2000, 4000),
            new(nameof(RuntimeBenchmarks), nameof(RuntimeBenchmarks.Utf8JsonReaderPass), "Tavily", 500, 0),
        };
        var report = RatioReport.Build(measures);
        Assert.Contains("| UnrelatedCSharpEdit | 10.00 µs | 10 B | 1.00 % | < 2 % | met |", report, StringComparison.Ordinal);
        Assert.Contains("Tavily alloc vs NSwag (0.67x)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("alloc vs Refit", report, StringComparison.Ordinal);
        Assert.Contains("0.50x ✓", report, StringComparison.Ordinal);
    }
}
