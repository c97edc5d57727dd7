using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

// Linked into the test projects that compile generated code (tests/Shared/TestSupport.props): one place for the
// reference packs, the consumer's compile options and in-memory specs.
namespace UsageGen.TestSupport;

/// <summary>The reference packs a consumer compiles against.</summary>
public enum TargetFramework { Net80, Net100 }

/// <summary>An in-memory additional file.</summary>
public sealed class InMemoryText : AdditionalText
{
    private readonly SourceText _text;
    public InMemoryText(string path, string text) { Path = path; _text = SourceText.From(text); }
    public override string Path { get; }
    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>
/// A consumer project as a compilation: the net8.0 or net10.0 reference pack plus UsageGen.dll, Nullable enabled and
/// every warning an error (TreatWarningsAsErrors), as a user's project with those settings builds.
/// </summary>
public static class ConsumerCompilation
{
    /// <summary>The MSBuild value stored by TestSupport.props in the test assembly's metadata.</summary>
    public static string Metadata(string key) =>
        typeof(ConsumerCompilation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static CSharpParseOptions ParseOptions(TargetFramework tfm = TargetFramework.Net100) =>
        new(tfm == TargetFramework.Net80 ? LanguageVersion.CSharp12 : LanguageVersion.Preview);

    public static CSharpCompilationOptions Options { get; } = new(OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        generalDiagnosticOption: ReportDiagnostic.Error,
        specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });

    public static CSharpCompilation Create(TargetFramework tfm = TargetFramework.Net100, string assemblyName = "Consumer", params string[] sources) =>
        CSharpCompilation.Create(assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions(tfm), path: $"Consumer{i}.cs")),
            References(tfm),
            Options);

    private static readonly Dictionary<TargetFramework, MetadataReference[]> Cache = new();

    /// <summary>The reference pack's assemblies and UsageGen.dll, read once per target framework and shared.</summary>
    public static MetadataReference[] References(TargetFramework tfm)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(tfm, out var cached)) return cached;
            string dir;
            if (tfm == TargetFramework.Net100)
            {
                var root = Path.Combine(Metadata("TargetingPackRoot"), "Microsoft.NETCore.App.Ref");
                var version = Directory.GetDirectories(root).Select(Path.GetFileName).Where(v => v!.StartsWith("10.", StringComparison.Ordinal)).OrderBy(v => v).Last();
                dir = Path.Combine(root, version!, "ref", "net10.0");
            }
            else
            {
                var root = Path.Combine(Metadata("NuGetPackageRoot"), "microsoft.netcore.app.ref");
                var version = Directory.GetDirectories(root).Select(Path.GetFileName).Where(v => v!.StartsWith("8.", StringComparison.Ordinal)).OrderBy(v => v).Last();
                dir = Path.Combine(root, version!, "ref", "net8.0");
            }
            var refs = Directory.GetFiles(dir, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList();
            refs.Add(MetadataReference.CreateFromFile(typeof(UsageGen.UsageSnapshot).Assembly.Location));
            return Cache[tfm] = refs.ToArray();
        }
    }
}
