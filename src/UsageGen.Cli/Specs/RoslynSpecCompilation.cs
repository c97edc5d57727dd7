#if USAGEGEN_GENERATE
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using UsageGen.CommandLine;
using UsageGen.Generator;

namespace UsageGen.Cli;

/// <summary>
/// The cold path of <see cref="SpecCompiler"/>: the specs as AdditionalFiles of an empty C# library, the UsageGen
/// generator run by Roslyn's <see cref="CSharpGeneratorDriver"/> exactly as the compiler runs it in a build, and the
/// result emitted to an assembly image. References are the running runtime's own assemblies (its trusted platform
/// assemblies) and UsageGen.dll: no SDK or targeting pack is needed. Kept apart from <see cref="SpecCompiler"/> so a warm
/// run never loads Roslyn.
/// </summary>
internal static class RoslynSpecCompilation
{
    internal sealed record Output(byte[]? Assembly, IReadOnlyList<string> SpecPaths, IReadOnlyList<UsageSpecDiagnostic> Diagnostics);

    public static Output Compile(IReadOnlyList<SpecCompiler.SpecInput> inputs, string assemblyName, CancellationToken cancellationToken)
    {
        var specs = inputs.Where(i => i.Explicit || UsageGenGenerator.LooksLikeOpenApi(i.Text)).ToList();
        var texts = specs.Select(i => (AdditionalText)new SpecText(i.Path, i.Text)).ToImmutableArray();
        // A named file is a spec (as <UsageGenSpec Include=.../>); a folder's files are specs when they look like one (as
        // plain AdditionalFiles). The catalog is public so the tool can read it.
        var perFile = specs.Where(i => i.Explicit).ToDictionary(i => i.Path, _ => "true", StringComparer.Ordinal);
        var options = new Options(perFile);
        var parse = new CSharpParseOptions(LanguageVersion.CSharp12);

        var compilation = CSharpCompilation.Create(assemblyName, Array.Empty<SyntaxTree>(), References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new UsageGenGenerator().AsSourceGenerator() }, texts, parse, options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, cancellationToken);

        var diagnostics = generatorDiagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden).Select(Convert).ToList();
        using var image = new MemoryStream();
        var emit = output.Emit(image, cancellationToken: cancellationToken);
        if (!emit.Success)
        {
            // The generator promises code that compiles for any spec; if it ever does not, say so at the spec, once per error.
            var blame = specs.FirstOrDefault()?.Path ?? "";
            foreach (var e in emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10))
                diagnostics.Add(new UsageSpecDiagnostic(blame, 1, 1, "error", e.Id,
                    "the generated code does not compile (a UsageGen bug; please report it with the spec): " +
                    e.GetMessage(CultureInfo.InvariantCulture) + " at " + e.Location.GetLineSpan()));
            return new Output(null, specs.Select(s => s.Path).ToList(), diagnostics);
        }
        return new Output(image.ToArray(), specs.Select(s => s.Path).ToList(), diagnostics);
    }

    private static UsageSpecDiagnostic Convert(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var severity = d.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return new UsageSpecDiagnostic(span.Path ?? "", span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, severity, d.Id,
            d.GetMessage(CultureInfo.InvariantCulture));
    }

    /// <summary>The runtime's own assemblies (from its folder, as the host listed them) and UsageGen.dll with what it references.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = SpecCompiler.JitOnly)]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = SpecCompiler.JitOnly)]
    private static IEnumerable<MetadataReference> References()
    {
        var runtime = Path.TrimEndingDirectorySeparator(RuntimeEnvironment.GetRuntimeDirectory());
        var trusted = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var library = typeof(UsageSnapshot).Assembly;
        var libraryReferences = new HashSet<string>(library.GetReferencedAssemblies().Select(a => a.Name!), StringComparer.OrdinalIgnoreCase);
        foreach (var path in trusted)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var inRuntime = string.Equals(Path.GetDirectoryName(path), runtime, StringComparison.Ordinal);
            if (inRuntime || libraryReferences.Contains(name))
                yield return MetadataReference.CreateFromFile(path);
        }
        yield return MetadataReference.CreateFromFile(library.Location);
    }

    private sealed class SpecText : AdditionalText
    {
        private readonly SourceText _text;

        public SpecText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>What MSBuild would pass: <c>UsageGenSpec=true</c> on named files, a public catalog.</summary>
    private sealed class Options : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions Empty = new Values(new Dictionary<string, string>());
        private static readonly AnalyzerConfigOptions Marked = new Values(new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.UsageGenSpec"] = "true",
        });
        private readonly IReadOnlyDictionary<string, string> _explicit;

        public Options(IReadOnlyDictionary<string, string> explicitSpecs) => _explicit = explicitSpecs;

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(new Dictionary<string, string>
        {
            ["build_property.UsageGenCatalogPublic"] = "true",
        });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _explicit.ContainsKey(textFile.Path) ? Marked : Empty;

        private sealed class Values : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;

            public Values(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}
#endif
