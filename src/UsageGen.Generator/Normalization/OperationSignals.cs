using System;
using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Normalization;

/// <summary>What the operation signals read: the words of its path, id and summary, its method, and its classified fields.</summary>
internal sealed class OperationFacts
{
    public OperationFacts(OperationModel operation, IReadOnlyList<FieldReading> fields)
    {
        Operation = operation;
        Fields = fields;
        Words = new HashSet<string>(Names.Words(operation.Path).Concat(Names.Words(operation.Name)).Concat(Names.Words(operation.Summary)));
        Figures = fields.Count(f => f.Role is FieldRole.Used or FieldRole.Limit or FieldRole.Remaining && !f.Weak);
        HasPlan = fields.Any(f => f.Role == FieldRole.Plan);
    }

    public OperationModel Operation { get; }
    public IReadOnlyList<FieldReading> Fields { get; }
    public HashSet<string> Words { get; }
    public bool IsGet => Operation.HttpMethod == "GET";
    /// <summary>Used, limit and remaining fields named as such (a role read only from a description does not count).</summary>
    public int Figures { get; }
    public bool HasPlan { get; }

    public int Has(HashSet<string> words) => Words.Overlaps(words) ? 1 : 0;
}

/// <summary>One weighed signal: the score adds <see cref="Weight"/> times the signal's strength (0 when absent).</summary>
internal sealed record OperationSignal(string Name, int Weight, Func<OperationFacts, int> Strength);

/// <summary>
/// Choosing the usage operation: the one marked <c>x-usagegen: {usage: true}</c>, else the best-scoring operation
/// whose response holds a figure or a plan, scoring at least <see cref="Weights.MinOperationScore"/>.
/// </summary>
internal static class OperationSignals
{
    public static readonly OperationSignal[] All =
    {
        new("says usage", Weights.UsageWord, f => f.Has(Lexicon.OperationUsage)),
        new("says quota", Weights.QuotaWord, f => f.Has(Lexicon.OperationQuota)),
        new("says credits", Weights.CreditsWord, f => f.Has(Lexicon.OperationCredits)),
        new("says limits", Weights.LimitsWord, f => f.Has(Lexicon.OperationLimits)),
        new("says billing", Weights.BillingWord, f => f.Has(Lexicon.OperationBilling)),
        new("is /key or /me", Weights.KeyOrMePath, f =>
            f.Operation.Path.TrimEnd('/').EndsWith(Lexicon.KeyPathSuffix, StringComparison.OrdinalIgnoreCase) ||
            f.Operation.Path.EndsWith(Lexicon.MePathSuffix, StringComparison.OrdinalIgnoreCase) ? 1 : 0),
        new("says account", Weights.AccountWord, f => f.Has(Lexicon.OperationAccount)),
        new("is a GET", Weights.GetMethod, f => f.IsGet ? 1 : 0),
        new("is not a GET", Weights.OtherMethod, f => f.IsGet ? 0 : 1),
        new("quota figures", Weights.PerFigure, f => Math.Min(f.Figures, Weights.MaxCountedFigures)),
    };

    public static int Score(OperationFacts facts) => All.Sum(s => s.Weight * s.Strength(facts));

    /// <summary>Whether the operation can report usage at all: a response with a named figure or a plan.</summary>
    public static bool CanReportUsage(OperationFacts facts) => facts.Figures > 0 || facts.HasPlan;
}
