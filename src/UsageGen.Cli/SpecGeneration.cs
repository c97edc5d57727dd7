#if USAGEGEN_GENERATE
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using UsageGen.Generator;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Emit;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Cli;

/// <summary>One generated C# file: the generator's hint name and its text.</summary>
internal sealed record GeneratedSource(string HintName, string Text);

/// <summary>What <see cref="SpecGeneration.Run"/> produced: the files (in the generator's order) and every diagnostic.</summary>
internal sealed record GenerationResult(IReadOnlyList<GeneratedSource> Sources, IReadOnlyList<DiagnosticInfo> Diagnostics)
{
    /// <summary>The providers generated, each with its usage mapping (null when it has no usage operation).</summary>
    public IReadOnlyList<ProviderModel> Providers { get; init; } = Array.Empty<ProviderModel>();

    public bool HasErrors => Diagnostics.Any(d => SpecGeneration.Severity(d) == "error");
}

/// <summary>
/// The generator's stages without Roslyn's driver: <see cref="SpecParser.Parse"/> per spec (YAML, NSwag, model), the
/// provider-name claims (UG0012), <see cref="ProviderEmitter"/> per provider, then <see cref="CatalogEmitter"/>. The
/// output is the same text the incremental generator adds to a compilation. Shared, as source, with the benchmarks.
/// </summary>
internal static class SpecGeneration
{
    public const string DefaultCatalogNamespace = "UsageGen.Generated";

    public static GenerationResult Run(IReadOnlyList<(string Path, string Text)> specs, string catalogNamespace = DefaultCatalogNamespace,
        bool catalogPublic = false, CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var sources = new List<GeneratedSource>();
        var models = new List<ProviderModel>();

        // Paths in ordinal order, as the generator orders its claims: the first spec claiming a name wins.
        foreach (var (path, text) in specs.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var input = new SpecInput(path, text, new SpecOptions(null, null, null, null, ExplicitlyMarked: true));
            var spec = SpecParser.Parse(input, cancellationToken);
            diagnostics.AddRange(spec.Diagnostics);
            if (spec.Model is not null) models.Add(spec.Model);
        }

        // The same claims as a build: the first spec (by path) keeps a provider name or namespace, the others get UG0012.
        var claims = models.Select(m => new UsageGenGenerator.Claim(m.SpecPath, m.Name, m.Namespace, m.ClientName)).ToList();
        var losers = UsageGenGenerator.Losers(claims).ToList();
        foreach (var (claim, winner) in losers)
            diagnostics.Add(At(claim.Path, DiagnosticDescriptors.DuplicateProvider.Id,
                Path.GetFileName(claim.Path), Path.GetFileName(winner.Path), claim.Name));
        var winners = models.Where(m => !losers.Any(l => l.Claim.Path == m.SpecPath)).ToList();

        foreach (var model in winners)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (UsageGenGenerator.TryEmit(model, EmitTarget.Modern, out var files, out var failure))
                sources.AddRange(files.Select(f => new GeneratedSource(f.HintName, f.Source)));
            else
                diagnostics.Add(At(model.SpecPath, DiagnosticDescriptors.InternalError.Id, model.SpecFileName, failure));
        }

        if (specs.Count > 0)
        {
            var entries = winners
                .Where(m => m.Usage is not null)
                .Select(m => new CatalogEntry(m.Name, m.Namespace, m.Name + "UsageAdapter", m.SpecPath))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToEquatableArray();
            sources.Add(new GeneratedSource(CatalogEmitter.HintName, CatalogEmitter.Emit(catalogNamespace, catalogPublic, entries)));
        }
        return new GenerationResult(sources, diagnostics) { Providers = winners };
    }

    private static DiagnosticInfo At(string path, string id, params string[] args) =>
        new(id, path, 0, 0, 0, 0, 0, 0, args.ToEquatableArray());

    /// <summary><c>error</c>, <c>warning</c> or <c>info</c>.</summary>
    public static string Severity(DiagnosticInfo d) => DiagnosticDescriptors.ById(d.Id).DefaultSeverity switch
    {
        Microsoft.CodeAnalysis.DiagnosticSeverity.Error => "error",
        Microsoft.CodeAnalysis.DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>The compiler's message text for <paramref name="d"/>.</summary>
    public static string Message(DiagnosticInfo d) =>
        string.Format(CultureInfo.InvariantCulture, DiagnosticDescriptors.ById(d.Id).MessageFormat.ToString(CultureInfo.InvariantCulture),
            d.Args.Select(a => (object)a).ToArray());

    /// <summary><c>path(line,col): severity UGxxxx: message</c>, as MSBuild prints a compiler diagnostic (1-based).</summary>
    public static string Format(DiagnosticInfo d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Path}({d.StartLine + 1},{d.StartColumn + 1}): {Severity(d)} {d.Id}: {Message(d)}");
}
#endif
