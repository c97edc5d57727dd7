using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Configuration;

namespace UsageGen.CommandLine;

/// <summary>A spec that gave no provider: its row in the table says why.</summary>
internal sealed record SpecFailure(UsageProviderInfo Row, string Message);

/// <summary>The catalog once the user's specs are in: theirs replace a compiled-in provider of the same name.</summary>
internal sealed record SpecCatalog(IReadOnlyList<UsageProviderInfo> Providers, IReadOnlyList<SpecFailure> Failures, string? UsageError);

/// <summary>
/// The user's own specs: <c>--spec</c> and <c>--specs</c>, else the folder (or files) configured as <c>UsageGen:Specs</c>,
/// loaded by the host's <see cref="IUsageSpecLoader"/>. Their generator diagnostics go to stderr as a build prints them.
/// </summary>
internal static class UserSpecs
{
    public const string ConfigurationKey = "UsageGen:Specs";

    public static SpecCatalog Load(CliHost host, CliOptions options, IConfiguration configuration, IReadOnlyList<UsageProviderInfo> compiledIn,
        Func<string, string> redact, Action<string> note, CancellationToken ct)
    {
        if (host.SpecLoader is not { } loader) return new SpecCatalog(compiledIn, Array.Empty<SpecFailure>(), null);

        var paths = new List<string>();
        foreach (var given in options.Specs)
        {
            var full = host.FullPath(given);
            if (!File.Exists(full) && !Directory.Exists(full)) return new SpecCatalog(compiledIn, Array.Empty<SpecFailure>(), $"spec '{given}' not found.");
            paths.Add(full);
        }
        if (paths.Count == 0)
        {
            foreach (var configured in Configured(configuration))
            {
                var full = host.FullPath(configured);
                if (File.Exists(full) || Directory.Exists(full)) paths.Add(full);
                else note($"{ConfigurationKey}: '{configured}' not found; no specs loaded from it.");
            }
        }
        if (paths.Count == 0) return new SpecCatalog(compiledIn, Array.Empty<SpecFailure>(), null);

        var result = loader.Load(paths, new UsageSpecLoadContext(UserFolders.Cache(host.Environment)), ct);
        // Errors and warnings as a build prints them; the info diagnostics (the normalization chosen) stay out of the table.
        foreach (var d in result.Diagnostics.Where(d => d.Severity != "info"))
            host.Error.Profile.Out.Writer.WriteLine(redact(d.ToString()));
        if (result.Compiled)
            note($"Compiled {result.Specs.Count} spec{(result.Specs.Count == 1 ? "" : "s")} in {result.Elapsed.TotalSeconds:0.0} s (cached for the next runs).");

        var providers = compiledIn.ToList();
        var failures = new List<SpecFailure>();
        foreach (var spec in result.Specs)
        {
            if (spec.Provider is not { } info)
            {
                failures.Add(new SpecFailure(Placeholder(spec.Path), redact(Why(spec.Path, result.Diagnostics))));
                continue;
            }
            var replaced = providers.FindIndex(p => string.Equals(p.Name, info.Name, StringComparison.OrdinalIgnoreCase));
            if (replaced >= 0)
            {
                if (compiledIn.Contains(providers[replaced]))
                    note($"{info.Name}: using {spec.Path} instead of the compiled-in spec.");
                else
                    note($"{info.Name}: {spec.Path} names a provider another spec already gave; using it.");
                providers[replaced] = info;
            }
            else
            {
                providers.Add(info);
            }
        }
        return new SpecCatalog(providers, failures, null);
    }

    private static IEnumerable<string> Configured(IConfiguration configuration)
    {
        var section = configuration.GetSection(ConfigurationKey);
        if (!string.IsNullOrWhiteSpace(section.Value)) yield return section.Value.Trim();
        foreach (var child in section.GetChildren())
            if (!string.IsNullOrWhiteSpace(child.Value)) yield return child.Value.Trim();
    }

    private static string Why(string path, IReadOnlyList<UsageSpecDiagnostic> diagnostics)
    {
        var mine = diagnostics.Where(d => string.Equals(d.Path, path, StringComparison.Ordinal)).ToList();
        var errors = mine.Where(d => d.IsError).ToList();
        var name = Path.GetFileName(path);
        if (errors.Count > 0)
            return $"{name}: {errors.Count} error{(errors.Count == 1 ? "" : "s")} in the spec (above); first: {errors[0].Id} at line {errors[0].Line}: {errors[0].Message}";
        if (mine.FirstOrDefault(d => d.Id == "UG0007") is { } noUsage)
            return $"{name}: {noUsage.Message}";
        return $"{name}: the spec gives no usage adapter.";
    }

    /// <summary>A row for a spec that gave no provider, named after its file.</summary>
    private static UsageProviderInfo Placeholder(string path) =>
        new(Path.GetFileName(path), Path.GetFileName(path), Path.GetFileName(path), null, Array.Empty<AuthSchemeInfo>(), Array.Empty<string>(), "", null,
            static (HttpClient _, UsageCredentials _) => throw new InvalidOperationException("a spec that gave no provider is never queried"));
}
