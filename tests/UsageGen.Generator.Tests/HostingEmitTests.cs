using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>
/// <c>services.AddUsageGen(configuration)</c> is generated into a compilation that references UsageGen.Hosting (and only
/// then), always internal, so two UsageGen projects in one application never clash.
/// </summary>
public class HostingEmitTests
{
    private const string Consumer = """
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        public static class Startup
        {
            public static void Configure(IServiceCollection services, IConfiguration configuration) =>
                services.AddUsageGen(configuration.GetSection("UsageGen"));
        }
        """;

    private static MetadataReference[] HostingReferences() => new[]
    {
        typeof(Microsoft.Extensions.DependencyInjection.UsageGenServiceCollectionExtensions).Assembly,
        typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly,
        typeof(Microsoft.Extensions.Configuration.IConfiguration).Assembly,
    }.Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location)).ToArray();

    private static (GeneratorDriverRunResult Run, Compilation Output) Generate(string assemblyName, IEnumerable<(string Path, string Text)> specs,
        IEnumerable<MetadataReference> extra, Dictionary<string, string>? global = null, params string[] sources)
    {
        var compilation = CSharpCompilation.Create(assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, GeneratorHarness.ParseOptions(), path: $"{assemblyName}{i}.cs")),
            GeneratorHarness.References(TargetFramework.Net100).Concat(extra),
            GeneratorHarness.Compilation().Options);
        var driver = GeneratorHarness.Driver(specs, new TestOptionsProvider(global));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    private static IReadOnlyList<Diagnostic> Problems(Compilation c) => c.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    private static (string, string) Spec(string name) => GeneratorHarness.LaunchSpecs().Single(s => Path.GetFileName(s.Path) == name + ".yaml");

    [Fact]
    public void With_UsageGen_Hosting_referenced_the_one_liner_is_generated_and_compiles_cleanly()
    {
        var (run, output) = Generate("App", GeneratorHarness.LaunchSpecs(), HostingReferences(), null, Consumer);
        var source = run.Results.Single().GeneratedSources.Single(s => s.HintName == "UsageGen.Hosting.g.cs").SourceText.ToString();
        Assert.Contains("internal static class UsageGenCatalogServiceCollectionExtensions", source);
        Assert.Contains("global::UsageGen.Providers.CoinGecko.CoinGeckoUsageAdapter.Info, global::UsageGen.Providers.CoinStats.CoinStatsUsageAdapter.Info", source);
        Assert.Contains("global::UsageGen.Providers.Tavily.TavilyUsageAdapter.Info }", source);
        Assert.Empty(Problems(output));
    }

    [Fact]
    public void Without_UsageGen_Hosting_nothing_hosting_is_generated()
    {
        var (run, output) = Generate("Plain", GeneratorHarness.LaunchSpecs(), Array.Empty<MetadataReference>());
        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName == "UsageGen.Hosting.g.cs");
        Assert.Contains(run.Results.Single().GeneratedSources, s => s.HintName == "UsageGen.Catalog.g.cs");
        Assert.Empty(Problems(output));
    }

    [Fact]
    public void Provider_names_and_namespaces_set_on_a_spec_are_followed()
    {
        var (path, text) = Spec("shoal");
        var perFile = new Dictionary<string, Dictionary<string, string>>
        {
            [path] = new() { ["build_metadata.AdditionalFiles.UsageGen_Provider"] = "Budget", ["build_metadata.AdditionalFiles.UsageGen_Namespace"] = "My.Clients" },
        };
        var compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText(Consumer, GeneratorHarness.ParseOptions()) },
            GeneratorHarness.References(TargetFramework.Net100).Concat(HostingReferences()), GeneratorHarness.Compilation().Options);
        var driver = GeneratorHarness.Driver(new[] { (path, text) }, new TestOptionsProvider(null, perFile)).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        Assert.Contains("global::My.Clients.BudgetUsageAdapter.Info", driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "UsageGen.Hosting.g.cs").SourceText.ToString());
        Assert.Empty(Problems(output));
    }

    [Fact]
    public void Two_UsageGen_projects_in_one_application_each_register_their_own_catalog_without_a_clash()
    {
        // A library with a public catalog (the strongest case for a clash), then an app that references it.
        var publicCatalog = new Dictionary<string, string> { ["build_property.UsageGenCatalogPublic"] = "true" };
        var library = """
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            namespace Lib { public static class LibSetup { public static void AddLibUsage(IServiceCollection s, IConfiguration c) => s.AddUsageGen(c); } }
            """;
        var (_, lib) = Generate("Lib", new[] { Spec("tavily") }, HostingReferences(), publicCatalog, library);
        Assert.Empty(Problems(lib));
        using var image = new MemoryStream();
        Assert.True(lib.Emit(image).Success);
        var libReference = MetadataReference.CreateFromImage(image.ToArray());

        var app = Consumer + """

            public static class Both
            {
                public static void Configure(IServiceCollection services, IConfiguration configuration)
                {
                    Lib.LibSetup.AddLibUsage(services, configuration.GetSection("UsageGen"));
                    services.AddUsageGen(configuration.GetSection("UsageGen"));
                }
            }
            """;
        var (run, output) = Generate("App", new[] { Spec("shoal") }, HostingReferences().Append(libReference), null, app);
        Assert.Contains(run.Results.Single().GeneratedSources, s => s.HintName == "UsageGen.Hosting.g.cs");
        Assert.Empty(Problems(output));   // no CS0121 ambiguity, no CS0436 type clash
    }

    [Fact]
    public void A_csharp_edit_reruns_only_the_reference_probe_and_re_emits_nothing()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.LaunchSpecs());
        var compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("class A { }", GeneratorHarness.ParseOptions()) },
            GeneratorHarness.References(TargetFramework.Net100).Concat(HostingReferences()), GeneratorHarness.Compilation().Options);
        driver = driver.RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { int X => 1; }", GeneratorHarness.ParseOptions())));
        var result = driver.GetRunResult().Results.Single();
        var probe = result.TrackedSteps[TrackingNames.Hosting].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(probe);
        Assert.All(probe, r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, r.ToString()));
        Assert.True(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }
}
