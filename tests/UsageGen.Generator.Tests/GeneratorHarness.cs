global using UsageGen.TestSupport;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using UsageGen.Generator;

namespace UsageGen.Generator.Tests;

/// <summary>Per-file and global MSBuild-style options.</summary>
public sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, Dictionary<string, string>> _perFile;
    private readonly TestOptions _global;

    public TestOptionsProvider(Dictionary<string, string>? global = null, Dictionary<string, Dictionary<string, string>>? perFile = null)
    {
        _global = new TestOptions(global ?? new());
        _perFile = perFile ?? new();
    }

    public override AnalyzerConfigOptions GlobalOptions => _global;
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new TestOptions(new());
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new TestOptions(_perFile.TryGetValue(textFile.Path, out var o) ? o : new());

    private sealed class TestOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;
        public TestOptions(Dictionary<string, string> values) => _values = values;
        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}

/// <summary>Runs the generator the way the compiler does, over in-memory specs.</summary>
public static class GeneratorHarness
{
    public static string RepositoryRoot => ConsumerCompilation.RepositoryRoot;

    public static string SpecsFolder => Path.Combine(RepositoryRoot, "specs");

    public static IReadOnlyList<(string Path, string Text)> LaunchSpecs() =>
        new[] { "coingecko", "coinstats", "sharpe", "shoal", "tavily" }
            .Select(n => Path.Combine(SpecsFolder, n + ".yaml"))
            .Select(p => (p, File.ReadAllText(p)))
            .ToList();

    public static string Metadata(string key) => ConsumerCompilation.Metadata(key);

    public static CSharpParseOptions ParseOptions(TargetFramework tfm = TargetFramework.Net100) => ConsumerCompilation.ParseOptions(tfm);

    public static CSharpCompilation Compilation(TargetFramework tfm = TargetFramework.Net100, params string[] sources) =>
        ConsumerCompilation.Create(tfm, "Consumer", sources);

    public static MetadataReference[] References(TargetFramework tfm) => ConsumerCompilation.References(tfm);

    public static GeneratorDriver Driver(IEnumerable<(string Path, string Text)> specs, TestOptionsProvider? options = null, TargetFramework tfm = TargetFramework.Net100) =>
        CSharpGeneratorDriver.Create(
            new[] { new UsageGenGenerator().AsSourceGenerator() },
            specs.Select(s => (AdditionalText)new InMemoryText(s.Path, s.Text)),
            ParseOptions(tfm),
            options ?? new TestOptionsProvider(),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public sealed record Result(GeneratorDriver Driver, GeneratorDriverRunResult Run, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
    {
        public string Source(string hintName) =>
            Run.Results.SelectMany(r => r.GeneratedSources).First(s => s.HintName == hintName).SourceText.ToString();

        public IEnumerable<string> HintNames => Run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName);

        /// <summary>Compiler errors and warnings in the output compilation (generated code plus the consumer's).</summary>
        public IReadOnlyList<Diagnostic> CompileDiagnostics =>
            Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }

    public static Result Run(IEnumerable<(string Path, string Text)> specs, TestOptionsProvider? options = null, TargetFramework tfm = TargetFramework.Net100, params string[] consumerSources)
    {
        var driver = Driver(specs, options, tfm);
        var compilation = Compilation(tfm, consumerSources);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new Result(driver, driver.GetRunResult(), output, diagnostics);
    }
}
