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

/// <summary>
/// The reference packs a consumer compiles against. <see cref="NetStandard20"/> (also what a .NET Framework project
/// consuming a netstandard2.0 library sees) is compiled with C# 9, the oldest the generated code supports.
/// </summary>
public enum TargetFramework { Net80, Net100, NetStandard20 }

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
        new(tfm switch { TargetFramework.Net80 => LanguageVersion.CSharp12, TargetFramework.NetStandard20 => LanguageVersion.CSharp9, _ => LanguageVersion.Preview });

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
            if (tfm == TargetFramework.NetStandard20) return Cache[tfm] = NetStandardReferences();
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

    /// <summary>
    /// netstandard2.0: the NETStandard.Library reference assemblies, the compile assets UsageGen's own netstandard2.0
    /// build restored (System.Text.Json and its dependencies, read from its project.assets.json), and that build of
    /// UsageGen.dll.
    /// </summary>
    private static MetadataReference[] NetStandardReferences()
    {
        var packages = Metadata("NuGetPackageRoot");
        var standard = Directory.GetDirectories(Path.Combine(packages, "netstandard.library")).OrderBy(v => v).Last();
        var files = Directory.GetFiles(Path.Combine(standard, "build", "netstandard2.0", "ref"), "*.dll").ToList();
        using var assets = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "src", "UsageGen", "obj", "project.assets.json")));
        foreach (var package in assets.RootElement.GetProperty("targets").GetProperty("netstandard2.0").EnumerateObject())
        {
            if (!package.Value.TryGetProperty("compile", out var compile)) continue;
            var folder = Path.Combine(packages, package.Name.ToLowerInvariant());
            foreach (var asset in compile.EnumerateObject())
                if (asset.Name.EndsWith(".dll", StringComparison.Ordinal)) files.Add(Path.Combine(folder, asset.Name));
        }
        files.Add(Metadata("UsageGenNetStandard"));
        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToArray();
    }
}
