using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Emit;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator;

/// <summary>
/// OpenAPI specs in <c>AdditionalFiles</c> become typed DTOs, a typed client, a usage adapter and a catalog.
/// Pipeline: spec text and options -> <see cref="ProviderSpec"/> (model + diagnostics) -> sources. Each step's output
/// is value-equal when its input is, so a C# edit parses no spec and one spec's edit re-emits only its files.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class UsageGenGenerator : IIncrementalGenerator
{
    private const string MetadataPrefix = "build_metadata.AdditionalFiles.";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var inputs = context.AdditionalTextsProvider
            .Where(static t => IsSpecExtension(t.Path))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) => ReadInput(pair.Left, pair.Right, ct))
            .Where(static i => i is not null)
            .Select(static (i, _) => i!)
            .WithTrackingName(TrackingNames.SpecInput);

        var specs = inputs
            .Select(static (input, ct) => SpecParser.Parse(input, ct))
            .WithTrackingName(TrackingNames.ProviderSpec);

        var diagnostics = specs
            .Select(static (s, _) => s.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
        });

        var models = specs
            .Where(static s => s.Model is not null)
            .Select(static (s, _) => s.Model!)
            .WithTrackingName(TrackingNames.ProviderModel);

        // Who claims which provider name and namespace: the first spec (by path) wins, the others get UG0012.
        var claims = models
            .Select(static (m, _) => new Claim(m.SpecPath, m.Name, m.Namespace, m.ClientName))
            .Collect()
            .Select(static (list, _) => list.OrderBy(c => c.Path, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.Claims);
        context.RegisterSourceOutput(claims, static (spc, list) =>
        {
            foreach (var loser in Losers(list))
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateProvider,
                    Location.Create(loser.Claim.Path, new TextSpan(0, 0), new LinePositionSpan(LinePosition.Zero, LinePosition.Zero)),
                    Path.GetFileName(loser.Claim.Path), Path.GetFileName(loser.Winner.Path), loser.Claim.Name));
        });

        var emitInputs = models
            .Combine(claims)
            .Select(static (pair, _) => Losers(pair.Right).Any(l => l.Claim.Path == pair.Left.SpecPath) ? null : pair.Left)
            .WithTrackingName(TrackingNames.EmitInput);
        context.RegisterSourceOutput(emitInputs, static (spc, model) =>
        {
            if (model is null) return;
            EmitProvider(spc, model);
        });

        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => ReadSettings(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Settings);

        var catalog = models
            .Where(static m => m.Usage is not null)
            .Select(static (m, _) => new CatalogEntry(m.Name, m.Namespace, m.Name + "UsageAdapter", m.SpecPath))
            .Collect()
            .Combine(claims)
            .Select(static (pair, _) =>
            {
                var losers = new HashSet<string>(Losers(pair.Right).Select(l => l.Claim.Path), StringComparer.Ordinal);
                return pair.Left.Where(e => !losers.Contains(e.SpecPath)).OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray();
            })
            .WithTrackingName(TrackingNames.CatalogEntries);
        var anySpec = inputs.Collect().Select(static (list, _) => list.Length > 0);
        context.RegisterSourceOutput(catalog.Combine(settings).Combine(anySpec), static (spc, pair) =>
        {
            var ((entries, s), any) = pair;
            if (!any) return;
            spc.AddSource(CatalogEmitter.HintName, SourceText.From(CatalogEmitter.Emit(s.CatalogNamespace, s.CatalogPublic, entries), System.Text.Encoding.UTF8));
        });

        // services.AddUsageGen(configuration) when UsageGen.Hosting is referenced: one bool from the compilation, so a
        // C# edit re-runs only this lookup and re-emits nothing.
        var hosting = context.CompilationProvider
            .Select(static (c, _) => c.GetTypeByMetadataName(CatalogEmitter.HostingMarker) is not null)
            .WithTrackingName(TrackingNames.Hosting);
        context.RegisterSourceOutput(hosting.Combine(catalog).Combine(anySpec), static (spc, pair) =>
        {
            var ((referenced, entries), any) = pair;
            if (!any || !referenced) return;
            spc.AddSource(CatalogEmitter.HostingHintName, SourceText.From(CatalogEmitter.EmitHosting(entries), System.Text.Encoding.UTF8));
        });
    }

    private static void EmitProvider(SourceProductionContext spc, ProviderModel model)
    {
        if (!TryEmit(model, out var files, out var failure))
        {
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError,
                Location.Create(model.SpecPath, new TextSpan(0, 0), new LinePositionSpan(LinePosition.Zero, LinePosition.Zero)),
                model.SpecFileName, failure));
            return;
        }
        foreach (var (hint, source) in files)
            spc.AddSource(hint, SourceText.From(source, System.Text.Encoding.UTF8));
    }

    /// <summary>
    /// A provider's files, or (false) what went wrong: a bug of ours must become UG0011 on that spec, never CS8785 taking
    /// the other specs' output with it. Shared with <c>usagegen generate</c>.
    /// </summary>
    internal static bool TryEmit(ProviderModel model, out List<(string HintName, string Source)> files, out string failure)
    {
        try
        {
            files = new ProviderEmitter(model).EmitAll().ToList();
            failure = "";
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            files = new List<(string, string)>();
            failure = "emitting C#: " + e.GetType().Name + ": " + e.Message;
            return false;
        }
    }

    internal sealed record Claim(string Path, string Name, string Namespace, string ClientName);

    /// <summary>
    /// The specs that lose their provider name or namespace to an earlier one (claims in path order: the first wins).
    /// Shared with <c>usagegen generate</c>, so the command and a build agree on UG0012.
    /// </summary>
    internal static IEnumerable<(Claim Claim, Claim Winner)> Losers(IEnumerable<Claim> claims)
    {
        var byName = new Dictionary<string, Claim>(StringComparer.OrdinalIgnoreCase);
        var byNamespace = new Dictionary<string, Claim>(StringComparer.Ordinal);
        foreach (var c in claims)
        {
            if (byName.TryGetValue(c.Name, out var w1)) { yield return (c, w1); continue; }
            if (byNamespace.TryGetValue(c.Namespace, out var w2)) { yield return (c, w2); continue; }
            byName[c.Name] = c;
            byNamespace[c.Namespace] = c;
        }
    }

    private static bool IsSpecExtension(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static SpecInput? ReadInput(AdditionalText text, AnalyzerConfigOptionsProvider optionsProvider, CancellationToken ct)
    {
        var options = optionsProvider.GetOptions(text);
        string? Meta(string name) =>
            options.TryGetValue(MetadataPrefix + name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var marked = string.Equals(Meta("UsageGenSpec"), "true", StringComparison.OrdinalIgnoreCase);
        if (string.Equals(Meta("UsageGenSpec"), "false", StringComparison.OrdinalIgnoreCase)) return null;

        var content = text.GetText(ct)?.ToString() ?? "";
        // Unmarked YAML/JSON files are specs only when they look like OpenAPI: appsettings.json stays out.
        if (!marked && !LooksLikeOpenApi(content)) return null;
        var specOptions = new SpecOptions(Meta("UsageGen_Provider"), Meta("UsageGen_Namespace"), Meta("UsageGen_ClientName"), Meta("UsageGen_Accessibility"), marked);
        return new SpecInput(text.Path, content, specOptions);
    }

    internal static bool LooksLikeOpenApi(string content)
    {
        var head = content.Length > 4096 ? content.Substring(0, 4096) : content;
        foreach (var raw in head.Split('\n'))
        {
            var line = raw.TrimStart('\uFEFF');
            if (line.StartsWith("openapi:", StringComparison.Ordinal) || line.StartsWith("swagger:", StringComparison.Ordinal)) return true;
        }
        return head.IndexOf("\"openapi\"", StringComparison.Ordinal) >= 0 || head.IndexOf("\"swagger\"", StringComparison.Ordinal) >= 0;
    }

    internal sealed record Settings(string CatalogNamespace, bool CatalogPublic);

    private static Settings ReadSettings(AnalyzerConfigOptions global)
    {
        var ns = global.TryGetValue("build_property.UsageGenCatalogNamespace", out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : "UsageGen.Generated";
        if (!CatalogEmitter.IsValidNamespace(ns)) ns = "UsageGen.Generated";
        var isPublic = global.TryGetValue("build_property.UsageGenCatalogPublic", out var p) && string.Equals(p?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        return new Settings(ns, isPublic);
    }
}
