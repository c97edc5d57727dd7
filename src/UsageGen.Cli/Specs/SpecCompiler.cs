#if USAGEGEN_GENERATE
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using UsageGen.CommandLine;

namespace UsageGen.Cli;

/// <summary>
/// <c>--spec</c>/<c>--specs</c>: the user's specs compiled at run time by the same generator a build runs (through
/// Roslyn's generator driver, so the command and a build give the same snapshots by construction), into one assembly
/// cached in the user's cache folder under a hash of the specs' paths and bytes, the generator's and the runtime
/// library's module versions and the runtime's version. A warm run hashes, loads the cached assembly and never touches
/// Roslyn. The assembly loads in a collectible <see cref="AssemblyLoadContext"/> that shares UsageGen.dll with the tool,
/// so its <see cref="UsageProviderInfo"/> are the tool's own type.
/// </summary>
internal sealed class SpecCompiler : IUsageSpecLoader
{
    /// <summary>Why the trimming analyzers' warnings do not apply: this file is compiled only into the JIT build (USAGEGEN_GENERATE).</summary>
    internal const string JitOnly = "Only in the JIT build (USAGEGEN_GENERATE): the NativeAOT build has no run-time spec loading.";

    /// <summary>Bump when the cache's layout or the way it compiles changes.</summary>
    private const string CacheFormat = "usagegen-spec-cache-1";

    /// <summary>Where the generated catalog is (the generator's default namespace; made public for this compilation).</summary>
    internal const string CatalogType = "UsageGen.Generated.UsageCatalog";

    /// <summary>Entries unused for this long are deleted when a new one is written.</summary>
    private static readonly TimeSpan KeepUnused = TimeSpan.FromDays(30);

    public UsageSpecLoadResult Load(IReadOnlyList<string> paths, UsageSpecLoadContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var inputs = Inputs(paths);
        var folder = Path.Combine(context.CacheDirectory, "specs");
        var key = Key(inputs);
        var dll = Path.Combine(folder, key + ".dll");
        var manifestPath = Path.Combine(folder, key + ".json");

        if (File.Exists(dll) && File.Exists(manifestPath) && TryLoadCached(dll, manifestPath, key) is { } cached)
        {
            Touch(dll);
            return cached with { Elapsed = watch.Elapsed };
        }

        var compiled = RoslynSpecCompilation.Compile(inputs, "UsageGen.UserSpecs." + key[..16], cancellationToken);
        if (compiled.Assembly is not { } image)
        {
            // Not cached: the user fixes the spec, and a failed compile is quick to redo.
            return new UsageSpecLoadResult(compiled.SpecPaths.Select(p => new UsageSpecFile(p, null)).ToList(), compiled.Diagnostics)
            {
                Compiled = true,
                Elapsed = watch.Elapsed,
            };
        }
        var providers = LoadProviders(image, key);
        // Which spec gave which provider: the catalog names each provider's spec file.
        var manifest = new Manifest(
            compiled.SpecPaths.Select(p => new SpecOutcome(p, providers.FirstOrDefault(i => i.SpecFile == Path.GetFileName(p))?.Name)).ToList(),
            compiled.Diagnostics);
        TryWriteCache(folder, dll, manifestPath, image, manifest);
        return Result(manifest, providers) with { Compiled = true, Elapsed = watch.Elapsed };
    }

    /// <summary>One spec file to compile: its full path, text, and whether it was named explicitly (else found in a folder).</summary>
    internal sealed record SpecInput(string Path, byte[] Bytes, bool Explicit)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);
    }

    /// <summary>What the compilation said of one spec: its path and the provider name it gave (null: none).</summary>
    internal sealed record SpecOutcome(string Path, string? Provider);

    private sealed record Manifest(IReadOnlyList<SpecOutcome> Specs, IReadOnlyList<UsageSpecDiagnostic> Diagnostics);

    /// <summary>
    /// The files: each named file (a spec even if it does not look like one: the generator then says why), and the
    /// YAML/JSON files of each folder (specs when they start like OpenAPI, as plain AdditionalFiles in a build).
    /// </summary>
    private static IReadOnlyList<SpecInput> Inputs(IReadOnlyList<string> paths)
    {
        var inputs = new List<SpecInput>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in SpecFiles.InFolder(path))
                    if (seen.Add(file)) inputs.Add(new SpecInput(file, File.ReadAllBytes(file), Explicit: false));
            }
            else if (seen.Add(path))
            {
                inputs.Add(new SpecInput(path, File.ReadAllBytes(path), Explicit: true));
            }
        }
        return inputs;
    }

    /// <summary>SHA-256 of everything the compiled assembly depends on, as 64 hex digits.</summary>
    private static string Key(IReadOnlyList<SpecInput> inputs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData(new byte[] { 0 });
        }
        Add(CacheFormat);
        Add(GeneratorVersion());
        Add(typeof(UsageSnapshot).Assembly.ManifestModule.ModuleVersionId.ToString("N"));
        Add(Environment.Version.ToString());
        foreach (var input in inputs.OrderBy(i => i.Path, StringComparer.Ordinal))
        {
            Add(input.Path);
            Add(input.Explicit ? "explicit" : "folder");
            Add(input.Bytes.Length.ToString(CultureInfo.InvariantCulture));
            hash.AppendData(input.Bytes);
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>
    /// The generator's module version id (a deterministic build changes it exactly when the generator changes), read from
    /// the file's metadata so that a warm run does not load the generator, whose types pull in Roslyn.
    /// </summary>
    private static string GeneratorVersion()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "UsageGen.Generator.dll");
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid).ToString("N");
    }

    private static UsageSpecLoadResult? TryLoadCached(string dll, string manifestPath, string key)
    {
        try
        {
            var manifest = ReadManifest(File.ReadAllBytes(manifestPath));
            var providers = LoadProviders(File.ReadAllBytes(dll), key);
            return Result(manifest, providers);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or BadImageFormatException
                                       or KeyNotFoundException or InvalidOperationException or TypeLoadException or InvalidCastException)
        {
            // A damaged or foreign entry: compile again and overwrite it.
            return null;
        }
    }

    private static UsageSpecLoadResult Result(Manifest manifest, IReadOnlyList<UsageProviderInfo> providers)
    {
        var specs = manifest.Specs
            .Select(s => new UsageSpecFile(s.Path, s.Provider is null ? null : providers.FirstOrDefault(p => p.Name == s.Provider)))
            .ToList();
        return new UsageSpecLoadResult(specs, manifest.Diagnostics);
    }

    /// <summary>Loads the compiled specs in their own collectible context; UsageGen.dll and the framework come from the tool's.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = JitOnly)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = JitOnly)]
    private static IReadOnlyList<UsageProviderInfo> LoadProviders(byte[] image, string key)
    {
        var context = new SpecLoadContext("usagegen specs " + key[..16]);
        using var stream = new MemoryStream(image, writable: false);
        var assembly = context.LoadFromStream(stream);
        var catalog = assembly.GetType(CatalogType, throwOnError: false)
            ?? throw new InvalidOperationException("the compiled specs have no " + CatalogType);
        var property = catalog.GetProperty("Providers", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException(CatalogType + " has no Providers");
        return (IReadOnlyList<UsageProviderInfo>)(property.GetValue(null) ?? throw new InvalidOperationException(CatalogType + ".Providers is null"));
    }

    /// <summary>Resolves nothing itself, so every reference (UsageGen.dll, the framework) binds to the tool's own copy.</summary>
    private sealed class SpecLoadContext : AssemblyLoadContext
    {
        public SpecLoadContext(string name) : base(name, isCollectible: true) { }

        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }

    /// <summary>Writes the entry (manifest first, the assembly last: its presence means complete), each through a temporary file and a rename, so concurrent runs never read half a file.</summary>
    private static void TryWriteCache(string folder, string dll, string manifestPath, byte[] image, Manifest manifest)
    {
        try
        {
            Directory.CreateDirectory(folder);
            WriteAtomically(manifestPath, WriteManifest(manifest));
            WriteAtomically(dll, image);
            Prune(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No cache: the next run compiles again.
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void Prune(string folder)
    {
        var cutoff = DateTime.UtcNow - KeepUnused;
        foreach (var dll in Directory.EnumerateFiles(folder, "*.dll"))
        {
            if (File.GetLastWriteTimeUtc(dll) >= cutoff) continue;
            File.Delete(dll);
            File.Delete(Path.ChangeExtension(dll, ".json"));
        }
    }

    private static byte[] WriteManifest(Manifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("specs");
            foreach (var s in manifest.Specs)
            {
                w.WriteStartObject();
                w.WriteString("path", s.Path);
                if (s.Provider is null) w.WriteNull("provider"); else w.WriteString("provider", s.Provider);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("diagnostics");
            foreach (var d in manifest.Diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("path", d.Path);
                w.WriteNumber("line", d.Line);
                w.WriteNumber("column", d.Column);
                w.WriteString("severity", d.Severity);
                w.WriteString("id", d.Id);
                w.WriteString("message", d.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static Manifest ReadManifest(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var specs = root.GetProperty("specs").EnumerateArray()
            .Select(s => new SpecOutcome(s.GetProperty("path").GetString()!, s.GetProperty("provider").GetString()))
            .ToList();
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray()
            .Select(d => new UsageSpecDiagnostic(d.GetProperty("path").GetString()!, d.GetProperty("line").GetInt32(), d.GetProperty("column").GetInt32(),
                d.GetProperty("severity").GetString()!, d.GetProperty("id").GetString()!, d.GetProperty("message").GetString()!))
            .ToList();
        return new Manifest(specs, diagnostics);
    }
}
#endif
