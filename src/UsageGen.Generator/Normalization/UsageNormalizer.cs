using System;
using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// The normalization stage: from the provider model (types and operations, no usage yet) and the <c>x-usagegen</c>
/// overrides to a <see cref="UsageMapping"/> plus issues keyed by JSON pointer. Records in, records out: no YAML,
/// NSwag or Roslyn object, so every rule can be tested on a hand-built model.
/// <list type="number">
/// <item>Operation: marked <c>x-usagegen: {usage: true}</c>, else the best score of <see cref="OperationSignals"/>.</item>
/// <item>Each field of its response: a role from the first matching rule of <see cref="FieldRoles.FieldRoleRules"/>,
/// a scope from <see cref="ScopeRules"/>, a window, unit and subject from <see cref="Facets"/>.</item>
/// <item>Quotas by scope, subject and window (<see cref="QuotaGrouping"/>), the main one by score, overrides applied,
/// plan, rate, reset, breakdowns and counters (<see cref="MappingBuilder"/>).</item>
/// <item>Parameters the adapter fills by itself: a required one the spec fixes (a default or a single-value enum), and
/// the API key when the spec passes it as a plain parameter (<see cref="Fills"/>).</item>
/// <item>A limit whose description says null means unlimited (or <c>unlimitedWhenNull</c>) makes its DTO property
/// null-tracked (<see cref="ApplyNullTracking"/>).</item>
/// </list>
/// </summary>
internal static class UsageNormalizer
{
    public static NormalizationResult Normalize(ProviderModel model, IReadOnlyList<OperationOverride> overrides)
    {
        var byPointer = new Dictionary<string, OperationOverride>(StringComparer.Ordinal);
        foreach (var o in overrides) byPointer[o.Pointer] = o;
        var issues = new List<NormalizationIssue>();
        var collector = new FieldCollector(model);

        var operation = ChooseOperation(model, byPointer, collector, issues, out var opOverride);
        if (operation is null) return new NormalizationResult(null, issues.ToEquatableArray());

        var fields = Read(collector, operation);
        var mapping = new MappingBuilder(collector, issues).Build(operation, fields, opOverride, Fills(operation).ToList());
        // The one warning of the stage: the user named the usage operation and nothing in it can be read.
        if (opOverride?.Usage == true && mapping.Plan is null && mapping.Quotas.Count == 0 && mapping.Categories.Count == 0 && mapping.Maps.Count == 0 && mapping.Counters.Count == 0)
            issues.Add(new NormalizationIssue(DiagnosticDescriptors.UsageWithoutFigures.Id, OperationPointer(operation), IssueAnchor.Key,
                new[] { mapping.OperationDisplay }.ToEquatableArray()));
        issues.Add(new NormalizationIssue(DiagnosticDescriptors.MappingChosen.Id, OperationPointer(operation), IssueAnchor.Key,
            new[] { mapping.OperationDisplay, string.Join("; ", mapping.Explanation) }.ToEquatableArray()));
        return new NormalizationResult(mapping, issues.ToEquatableArray());
    }

    /// <summary>
    /// The operation's fields, classified; the first element of lists is read only when nothing outside a list is a
    /// quota figure (DeepSeek's <c>balance_infos[0]</c>, not DeepL's per-product <c>products[0]</c>).
    /// </summary>
    public static List<FieldReading> Read(FieldCollector collector, OperationModel op)
    {
        var fields = collector.Collect(op).Select(FieldClassifier.Classify).ToList();
        if (fields.Any(IsBodyFigure)) return fields;
        var withLists = collector.Collect(op, arrays: true).Select(FieldClassifier.Classify).ToList();
        return withLists.Any(IsBodyFigure) ? withLists : fields;
    }

    /// <summary>A quota figure of the body (headers do not count: DataForSEO's rate-limit headers beside its balance in tasks[0].result[0]).</summary>
    private static bool IsBodyFigure(FieldReading f) => !f.Field.IsHeader && f.Role is FieldRole.Used or FieldRole.Limit or FieldRole.Remaining or FieldRole.Credits;

    /// <summary>The parameters of <paramref name="op"/> that the adapter fills by itself.</summary>
    public static IEnumerable<ParameterFill> Fills(OperationModel op)
    {
        foreach (var p in op.Parameters)
        {
            if (IsApiKey(op, p)) yield return new ParameterFill(p.Name, ParameterFillKind.ApiKey, null);
            else if (p.Required && p.In != ParameterLocation.Path && p.FixedValue is { } value) yield return new ParameterFill(p.Name, ParameterFillKind.Fixed, value);
        }
    }

    /// <summary>Required query and header parameters a user would have to supply: not fixed by the spec, not the key.</summary>
    public static IEnumerable<ParameterModel> UserParameters(OperationModel op) =>
        op.Parameters.Where(p => p.Required && p.In is ParameterLocation.Query or ParameterLocation.Header && p.FixedValue is null && !IsApiKey(op, p));

    /// <summary>
    /// A query or header parameter that is the API key, in an operation no security scheme covers: Shodan's required
    /// <c>key</c> ("you need to have an API key"), ElevenLabs' <c>xi-api-key</c> header ("Your API key").
    /// </summary>
    public static bool IsApiKey(OperationModel op, ParameterModel p)
    {
        if (op.Security.Count > 0 || p.In is not (ParameterLocation.Query or ParameterLocation.Header)) return false;
        var words = Names.Words(p.Name);
        if (words.Count == 0 || !Lexicon.KeyParameterNames.Contains(words[words.Count - 1])) return false;
        return words.Contains("api") || (p.Description is { } d && Lexicon.DescribedAsApiKey.IsMatch(d));
    }

    /// <summary>The model with the mapping applied: every property it reads as "null means unlimited" nullable and null-tracked.</summary>
    public static ProviderModel ApplyNullTracking(ProviderModel model, UsageMapping? mapping)
    {
        if (mapping is null) return model with { Usage = null };
        if (mapping.NullTracked.Count == 0) return model with { Usage = mapping };
        var types = model.Types.Select(t =>
        {
            if (!mapping.NullTracked.Any(n => n.TypeName == t.Name)) return t;
            var properties = t.Properties.Select(p => mapping.NullTracked.Contains(new NullTrackedProperty(t.Name, p.JsonName))
                ? p with { Type = p.Type.WithNullable(true), NullMeansUnlimited = true }
                : p);
            return t with { Properties = properties.ToEquatableArray() };
        });
        return model with { Types = types.ToEquatableArray(), Usage = mapping };
    }

    public static string OperationPointer(OperationModel op) =>
        "/paths/" + YamlDocument.Escape(op.Path) + "/" + op.HttpMethod.ToLowerInvariant();

    private static OperationModel? ChooseOperation(ProviderModel model, Dictionary<string, OperationOverride> overrides, FieldCollector collector,
        List<NormalizationIssue> issues, out OperationOverride? chosenOverride)
    {
        chosenOverride = null;
        foreach (var op in model.Operations)
        {
            if (overrides.TryGetValue(OperationPointer(op), out var ov) && ov.Usage == true)
            {
                chosenOverride = ov;
                return op;
            }
        }

        var scored = new List<(OperationModel Op, int Score)>();
        foreach (var op in model.Operations)
        {
            if (overrides.TryGetValue(OperationPointer(op), out var ov) && ov.Usage == false) continue;
            if (op.Success.Body is null && op.Success.Headers.Count == 0) continue;
            if (OperationSignals.MostItCouldScore(op) < Weights.MinOperationScore) continue;
            var facts = new OperationFacts(op, Read(collector, op));
            if (!OperationSignals.CanReportUsage(facts)) continue;
            var score = OperationSignals.Score(facts);
            if (score >= Weights.MinOperationScore) scored.Add((op, score));
        }
        if (scored.Count == 0)
        {
            issues.Add(new NormalizationIssue(DiagnosticDescriptors.NoUsageOperation.Id, "/paths", IssueAnchor.Key, EquatableArray<string>.Empty));
            return null;
        }
        var best = scored.OrderByDescending(s => s.Score).ThenBy(s => s.Op.Path, StringComparer.Ordinal).ToList();
        if (best.Count > 1 && best[1].Score == best[0].Score)
            issues.Add(new NormalizationIssue(DiagnosticDescriptors.AmbiguousFigure.Id, OperationPointer(best[0].Op), IssueAnchor.Key, new[]
            {
                "the usage operation",
                string.Join(" or ", best.Where(b => b.Score == best[0].Score).Select(b => b.Op.HttpMethod + " " + b.Op.Path)),
                best[0].Op.HttpMethod + " " + best[0].Op.Path,
            }.ToEquatableArray()));
        overrides.TryGetValue(OperationPointer(best[0].Op), out chosenOverride);
        return best[0].Op;
    }
}
