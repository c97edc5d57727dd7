using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>The pipeline caches: a C# edit parses no spec; one spec's edit re-emits only that spec.</summary>
public class IncrementalTests
{
    private static IEnumerable<IncrementalGeneratorRunStep> Steps(GeneratorDriverRunResult run, string name) =>
        run.Results.Single().TrackedSteps.TryGetValue(name, out var steps) ? steps : Enumerable.Empty<IncrementalGeneratorRunStep>();

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriverRunResult run, string name) =>
        Steps(run, name).SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void Unrelated_csharp_edit_parses_no_spec_and_emits_nothing_new()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.LaunchSpecs());
        var compilation = GeneratorHarness.Compilation(TargetFramework.Net100, "class A { }");
        driver = driver.RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { int X => 1; }", GeneratorHarness.ParseOptions()));
        driver = driver.RunGenerators(edited);
        var run = driver.GetRunResult();

        var parse = Reasons(run, TrackingNames.ProviderSpec).ToList();
        Assert.Equal(5, parse.Count);
        Assert.All(parse, r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        foreach (var step in new[] { TrackingNames.ProviderModel, TrackingNames.EmitInput, TrackingNames.CatalogEntries, TrackingNames.Claims, TrackingNames.Diagnostics })
            Assert.All(Reasons(run, step), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        AssertNoPipelineLeaks(run);
    }

    [Fact]
    public void Editing_one_spec_reparses_and_reemits_only_that_spec()
    {
        var specs = GeneratorHarness.LaunchSpecs().ToList();
        var texts = specs.Select(s => (AdditionalText)new InMemoryText(s.Path, s.Text)).ToList();
        var driver = (GeneratorDriver)CSharpGeneratorDriver.Create(
            new[] { new UsageGenGenerator().AsSourceGenerator() }, texts, GeneratorHarness.ParseOptions(), new TestOptionsProvider(),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var compilation = GeneratorHarness.Compilation();
        driver = driver.RunGenerators(compilation);

        var tavily = texts.Single(t => t.Path.EndsWith("tavily.yaml", StringComparison.Ordinal));
        var edited = new InMemoryText(tavily.Path, tavily.GetText()!.ToString().Replace("Get API key and account usage details", "Get the usage"));
        driver = driver.ReplaceAdditionalText(tavily, edited);
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult();

        var parse = Steps(run, TrackingNames.ProviderSpec).ToList();
        Assert.Equal(4, parse.Count(s => s.Outputs.All(o => o.Reason == IncrementalStepRunReason.Cached)));
        Assert.Single(parse, s => s.Outputs.Any(o => o.Reason == IncrementalStepRunReason.Modified));

        var emit = Steps(run, TrackingNames.EmitInput).ToList();
        Assert.Single(emit, s => s.Outputs.Any(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.Equal(4, emit.Count(s => s.Outputs.All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)));
        // The catalog only lists names: a summary edit leaves it alone.
        Assert.All(Reasons(run, TrackingNames.CatalogEntries), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Contains("Get the usage", run.Results.Single().GeneratedSources.Single(s => s.HintName == "Tavily.Client.g.cs").SourceText.ToString());
    }

    private static readonly string[] BannedNamespaces = { "NSwag", "NJsonSchema", "YamlDotNet", "Newtonsoft", "Microsoft.CodeAnalysis" };

    /// <summary>No NSwag, YamlDotNet or Roslyn object may leave a step: they would defeat caching and keep compilations alive.</summary>
    private static void AssertNoPipelineLeaks(GeneratorDriverRunResult run)
    {
        // Roslyn's own input nodes (AdditionalTexts, AnalyzerConfigOptions...) are tracked too: check only ours.
        foreach (var (name, steps) in run.Results.Single().TrackedSteps.Where(p => p.Key.StartsWith("UsageGen.", StringComparison.Ordinal)))
            foreach (var step in steps)
                foreach (var (value, _) in step.Outputs)
                {
                    Assert.False(value is AnalyzerConfigOptions or AnalyzerConfigOptionsProvider, $"step {name} outputs {value.GetType().FullName}");
                    Visit(value, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
                }
    }

    private static void Visit(object? node, HashSet<object> seen, int depth)
    {
        if (node is null || depth > 12 || node is string || node.GetType().IsPrimitive || node.GetType().IsEnum || !seen.Add(node)) return;
        var type = node.GetType();
        Assert.False(BannedNamespaces.Any(b => type.FullName!.StartsWith(b, StringComparison.Ordinal)) || node is AnalyzerConfigOptions, $"pipeline step output holds {type.FullName}");
        if (node is System.Collections.IEnumerable items)
        {
            foreach (var item in items) Visit(item, seen, depth + 1);
            return;
        }
        foreach (var p in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            if (p.GetIndexParameters().Length == 0 && p.CanRead)
                Visit(p.GetValue(node), seen, depth + 1);
    }
}
