using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace UsageGen.CommandLine;

/// <summary>
/// Turns OpenAPI specs into providers while the command runs (<c>--spec</c>, <c>--specs</c>, <c>UsageGen:Specs</c>).
/// The usagegen tool's loader compiles them with the same generator a build uses.
/// </summary>
public interface IUsageSpecLoader
{
    /// <summary>
    /// The providers of the specs at <paramref name="paths"/> (full paths of files, or of folders whose
    /// <c>*.yaml</c>/<c>*.yml</c>/<c>*.json</c> OpenAPI files are each a spec). Never throws for a bad spec: its
    /// problems are <see cref="UsageSpecLoadResult.Diagnostics"/>.
    /// </summary>
    UsageSpecLoadResult Load(IReadOnlyList<string> paths, UsageSpecLoadContext context, CancellationToken cancellationToken);
}

/// <summary>What a loader may use: where to keep what it caches.</summary>
public sealed class UsageSpecLoadContext
{
    public UsageSpecLoadContext(string cacheDirectory) => CacheDirectory = cacheDirectory;

    /// <summary>A folder of the user's cache (<c>~/.cache/usagegen</c>...), created on demand by the loader.</summary>
    public string CacheDirectory { get; }
}

/// <summary>One spec and the provider it gave; <see cref="Provider"/> is null when it gave none (see the diagnostics).</summary>
public sealed record UsageSpecFile(string Path, UsageProviderInfo? Provider);

/// <summary>
/// A generator diagnostic for a spec: <see cref="ToString"/> is <c>path(line,col): severity UGxxxx: message</c>, as a
/// build prints it (1-based line and column).
/// </summary>
public sealed record UsageSpecDiagnostic(string Path, int Line, int Column, string Severity, string Id, string Message)
{
    public bool IsError => Severity == "error";

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Path}({Line},{Column}): {Severity} {Id}: {Message}");
}

/// <summary>What <see cref="IUsageSpecLoader.Load"/> found.</summary>
public sealed record UsageSpecLoadResult(IReadOnlyList<UsageSpecFile> Specs, IReadOnlyList<UsageSpecDiagnostic> Diagnostics)
{
    /// <summary>True when the specs were compiled on this run (false: loaded from the cache).</summary>
    public bool Compiled { get; init; }

    /// <summary>How long loading took, for the note a compiling run prints.</summary>
    public TimeSpan Elapsed { get; init; }
}
