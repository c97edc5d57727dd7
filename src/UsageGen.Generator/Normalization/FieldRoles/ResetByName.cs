using System.Linq;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// The next reset: a field named with a reset word (<c>reset_at</c>, <c>plan_renewal_date</c>), or the end of the
/// current period (DeepL's <c>end_time</c>, Firecrawl's <c>billingPeriodEnd</c>, Apify's <c>monthlyUsageCycle.endAt</c>),
/// holding an instant, a date, text or Unix seconds. Past instants (<c>last_reset</c>, <c>start_time</c>) and
/// countdowns, frequencies and kinds (<c>reset_frequency</c>, <c>intervalExpiryTimespan</c>, a "human readable
/// countdown") are not instants: a countdown is never chosen, its typed sibling is.
/// </summary>
internal sealed class ResetByName : IFieldRoleRule
{
    public string Name => "ResetByName";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Reset);
        var name = f.NameWords;
        var isEnd = name.Overlaps(Lexicon.End) &&
                    (name.Overlaps(Lexicon.Period) || f.NearestParent.Any(Lexicon.Period.Contains) || f.DescriptionWords.Overlaps(Lexicon.Period));
        if (!name.Overlaps(Lexicon.Reset) && !isEnd) return false;
        if (name.Overlaps(Lexicon.PastInstant) || name.Overlaps(Lexicon.NotAnInstant)) return false;
        if (!isEnd && name.Overlaps(Lexicon.PeriodNotAnInstant)) return false;
        return f.Type.Primitive switch
        {
            PrimitiveKind.DateTimeOffset or PrimitiveKind.Date => true,
            PrimitiveKind.String => f.Description is null || !Lexicon.DescribedAsNoInstant.IsMatch(f.Description),
            PrimitiveKind.Int64 => f.Description is null || !Lexicon.DescribedAsNoInstant.IsMatch(f.Description),
            PrimitiveKind.Int32 => name.Overlaps(Lexicon.EpochWords),
            _ => false,
        };
    }
}
