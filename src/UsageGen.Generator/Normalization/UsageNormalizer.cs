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
/// a scope from <see cref="ScopeRules"/>, a window and a category (<see cref="FieldClassifier"/>).</item>
/// <item>Quotas by scope, the main one by score, overrides applied, plan, breakdowns and counters (<see cref="MappingBuilder"/>).</item>
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

        var fields = collector.Collect(operation).Select(FieldClassifier.Classify).ToList();
        var mapping = new MappingBuilder(collector, issues).Build(operation, fields, opOverride);
        issues.Add(new NormalizationIssue(DiagnosticDescriptors.MappingChosen.Id, OperationPointer(operation), IssueAnchor.Key,
            new[] { mapping.OperationDisplay, string.Join("; ", mapping.Explanation) }.ToEquatableArray()));
        return new NormalizationResult(mapping, issues.ToEquatableArray());
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
            var facts = new OperationFacts(op, collector.Collect(op).Select(FieldClassifier.Classify).ToList());
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
