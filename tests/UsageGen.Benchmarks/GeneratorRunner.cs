using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NJsonSchema;
using NSwag;
using UsageGen.Generator;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Emit;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Benchmarks;

/// <summary>A spec file as the compiler hands it to a generator.</summary>
public sealed class InMemoryText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>No per-file or global options (the defaults, as a plain <c>AdditionalFiles</c> item).</summary>
public sealed class EmptyOptionsProvider : AnalyzerConfigOptionsProvider
{
    public static readonly EmptyOptionsProvider Instance = new();
    private static readonly Options None = new();

    public override AnalyzerConfigOptions GlobalOptions => None;
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

    private sealed class Options : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            value = null!;
            return false;
        }
    }
}

/// <summary>Runs <see cref="UsageGenGenerator"/> the way the compiler does, and its stages one by one.</summary>
public static class GeneratorRunner
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    /// <summary>A small consumer project: the generator reads no symbol, so the compilation's size does not matter to it.</summary>
    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create("Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Consumer{i}.cs")),
            new[]
            {
                MetadataReference.CreateFromFile(typeof(object).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(UsageSnapshot).Assembly.Location),
            },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver over <paramref name="specs"/>: plain AdditionalFiles items, unless <paramref name="options"/> says more.</summary>
    public static GeneratorDriver Driver(IEnumerable<AdditionalText> specs, AnalyzerConfigOptionsProvider? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new UsageGenGenerator().AsSourceGenerator() },
            specs,
            ParseOptions,
            options ?? EmptyOptionsProvider.Instance,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    public static AdditionalText[] Texts(IEnumerable<(string Path, string Text)> specs) =>
        specs.Select(s => (AdditionalText)new InMemoryText(s.Path, s.Text)).ToArray();

    /// <summary>The generated files and the generator's diagnostics of one run.</summary>
    public static (int Files, int Characters, int Errors) Summarize(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null) throw new InvalidOperationException("the generator failed", result.Exception);
        return (result.GeneratedSources.Length, result.GeneratedSources.Sum(s => s.SourceText.Length),
            result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary><c>usagegen generate</c>'s work (no Roslyn): the files by hint name, the diagnostics as printed, the error count.</summary>
    public static (IReadOnlyDictionary<string, string> Sources, IReadOnlyList<string> Diagnostics, int Errors) WithoutRoslyn(
        IReadOnlyList<(string Path, string Text)> specs)
    {
        var result = UsageGen.Cli.SpecGeneration.Run(specs);
        return (result.Sources.ToDictionary(s => s.HintName, s => s.Text, StringComparer.Ordinal),
            result.Diagnostics.Select(UsageGen.Cli.SpecGeneration.Format).ToList(),
            result.Diagnostics.Count(d => UsageGen.Cli.SpecGeneration.Severity(d) == "error"));
    }

    // ---- the stages, as SpecParser.Parse runs them ---------------------------------------------------------------

    internal static SpecInput Input(string path, string text) =>
        new(path, text, new SpecOptions(null, null, null, null, ExplicitlyMarked: true));

    /// <summary>Stage 1: YAML with positions, written out as JSON (YamlDotNet + Newtonsoft's writer).</summary>
    internal static YamlDocument ReadYaml(string text) =>
        YamlDocument.TryParse(text, out var error, out _) ?? throw new InvalidOperationException("YAML: " + error);

    /// <summary>Stage 2, as the generator runs it: NSwag's document model from that JSON, references resolved by our
    /// component walk when it can (SpecParser.ReadDocument), else by NJsonSchema with local references only.</summary>
    internal static OpenApiDocument ParseStage2(YamlDocument yaml) =>
        SpecParser.ReadDocument(yaml, SchemaType.OpenApi3, CancellationToken.None);

    /// <summary>NSwag's own path from that JSON (the floor row): NJsonSchema resolves every reference.</summary>
    internal static OpenApiDocument ParseNSwag(string json) =>
        OpenApiDocument.FromJsonAsync(json, null, SchemaType.OpenApi3, d => new SpecParser.LocalOnlyReferenceResolver(d), CancellationToken.None)
            .GetAwaiter().GetResult();

    /// <summary>Stage 3: our records (types, operations, security, usage inference).</summary>
    internal static ProviderModel BuildModel(SpecInput input, YamlDocument yaml, OpenApiDocument document) =>
        new ModelBuilder(input, yaml, document, new DiagnosticBag(input.Path), CancellationToken.None).Build()
            ?? throw new InvalidOperationException("no model for " + input.Path);

    /// <summary>Stage 4: the C# of one provider.</summary>
    internal static int Emit(ProviderModel model) => new ProviderEmitter(model).EmitAll().Sum(f => f.Source.Length);

    internal static int EmitCatalog(IEnumerable<ProviderModel> models) =>
        CatalogEmitter.Emit("UsageGen.Generated", false,
            models.Where(m => m.Usage is not null)
                .Select(m => new CatalogEntry(m.Name, m.Namespace, m.Name + "UsageAdapter", m.SpecPath))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToEquatableArray()).Length;
}
