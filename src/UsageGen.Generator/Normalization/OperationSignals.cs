using System;
using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// What the operation signals read: the words of its path, id and summary (and apart, of its description), its
/// method, its parameters and its classified fields.
/// </summary>
internal sealed class OperationFacts
{
    private static readonly FieldRole[] QuotaRoles = { FieldRole.Used, FieldRole.Limit, FieldRole.Remaining, FieldRole.Credits };

    public OperationFacts(OperationModel operation, IReadOnlyList<FieldReading> fields)
    {
        Operation = operation;
        Fields = fields;
        Words = new HashSet<string>(Names.Words(operation.Path).Concat(Names.Words(operation.Name)).Concat(Names.Words(operation.Summary)));
        DescriptionWords = new HashSet<string>(Names.Words(operation.Description));
        var named = fields.Where(f => QuotaRoles.Contains(f.Role) && !f.Weak).ToList();
        Figures = named.Count(f => !f.Field.InArray);
        FiguresInList = named.Count(f => f.Field.InArray);
        HasPlan = fields.Any(f => f.Role == FieldRole.Plan);
        HasMapOfFigures = fields.Any(f => f.Field.IsMap && f.Field.Source.Path.Count == 0 && f.Field.Type.Element?.Kind == TypeRefKind.Named);
        RequiredUserParameters = UsageNormalizer.UserParameters(operation).Count();
    }

    public OperationModel Operation { get; }
    public IReadOnlyList<FieldReading> Fields { get; }
    public HashSet<string> Words { get; }
    public HashSet<string> DescriptionWords { get; }
    public bool IsGet => Operation.HttpMethod == "GET";
    /// <summary>Used, limit and remaining fields named as such (a role read only from a description does not count), outside lists.</summary>
    public int Figures { get; }
    /// <summary>The same, inside the first element of a list.</summary>
    public int FiguresInList { get; }
    public bool HasPlan { get; }
    /// <summary>The body is a map (Apollo's usage keyed by endpoint).</summary>
    public bool HasMapOfFigures { get; }
    /// <summary>Required query and header parameters the user must supply (no fixed value, not the key).</summary>
    public int RequiredUserParameters { get; }

    public int Has(HashSet<string> words) => Words.Overlaps(words) ? 1 : 0;

    /// <summary>The description says it, the path, id and summary do not.</summary>
    public int DescriptionHas(params HashSet<string>[] sets) =>
        sets.Any(s => DescriptionWords.Overlaps(s)) && !sets.Any(s => Words.Overlaps(s)) ? 1 : 0;
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
        new("says balance", Weights.BalanceWord, f => f.Has(Lexicon.OperationBalance)),
        new("says limits", Weights.LimitsWord, f => f.Has(Lexicon.OperationLimits)),
        new("says billing", Weights.BillingWord, f => f.Has(Lexicon.OperationBilling)),
        new("says plan or subscription", Weights.PlanWord, f => f.Has(Lexicon.OperationPlan)),
        new("is the caller's own (/key, /me, /account)", Weights.KeyOrMePath, f => IsSelfPath(f.Operation.Path) ? 1 : 0),
        new("says account", Weights.AccountWord, f => f.Has(Lexicon.OperationAccount)),
        new("its description says usage", Weights.DescriptionWord, f => f.DescriptionHas(Lexicon.OperationUsage, Lexicon.OperationQuota, Lexicon.OperationCredits, Lexicon.OperationBalance)),
        new("is a GET", Weights.GetMethod, f => f.IsGet ? 1 : 0),
        new("is not a GET", Weights.OtherMethod, f => f.IsGet ? 0 : 1),
        new("quota figures", Weights.PerFigure, f => Math.Min(f.Figures + (f.HasMapOfFigures ? 1 : 0), Weights.MaxCountedFigures)),
        new("quota figures in a list", Weights.PerFigureInList, f => Math.Min(f.FiguresInList, Math.Max(0, Weights.MaxCountedFigures - f.Figures))),
        new("says history or records", Weights.HistoryWord, f => f.Has(Lexicon.OperationHistory)),
        new("needs parameters from the user", Weights.RequiredUserParameter, f => f.RequiredUserParameters),
    };

    public static int Score(OperationFacts facts) => All.Sum(s => s.Weight * s.Strength(facts));

    /// <summary>
    /// The most <paramref name="operation"/> could score, from what it says alone, with the most its fields could add:
    /// below <see cref="Weights.MinOperationScore"/>, its body need not be read (Stripe's 500 operations).
    /// </summary>
    public static int MostItCouldScore(OperationModel operation) =>
        Score(new OperationFacts(operation, System.Array.Empty<FieldReading>())) +
        Math.Max(Weights.PerFigure, Weights.PerFigureInList) * Weights.MaxCountedFigures;

    /// <summary>Whether the operation can report usage at all: a response with a named figure, a plan, or a map of usage.</summary>
    public static bool CanReportUsage(OperationFacts facts) => facts.Figures > 0 || facts.FiguresInList > 0 || facts.HasPlan || facts.HasMapOfFigures;

    private static bool IsSelfPath(string path)
    {
        var p = path.TrimEnd('/');
        return Lexicon.SelfPathEndings.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }
}
