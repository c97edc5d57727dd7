namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A lifetime sum is not a period's figure: DataForSEO's <c>money.total</c> ("money deposited to your account"),
/// a "purchased" total; failures are not usage (ScraperAPI's <c>failedRequestCount</c>).
/// </summary>
internal sealed class LifetimeIsNoFigure : IFieldRoleRule
{
    public string Name => "LifetimeIsNoFigure";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        return f.NameWords.Overlaps(Lexicon.Lifetime) || f.DescriptionWords.Overlaps(Lexicon.Lifetime) || f.NameWords.Overlaps(Lexicon.Failures);
    }
}
