namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A credits number with no role word: its description says limit, remaining or used; else its quota decides
/// (<see cref="FieldRole.Credits"/>): the limit beside used or remaining and no limit (CoinGecko's
/// <c>monthly_call_credit</c>, Firecrawl's <c>planCredits</c>), else the balance left (Shodan's <c>query_credits</c>).
/// </summary>
internal sealed class CreditsByDescription : IFieldRoleRule
{
    public string Name => "CreditsByDescription";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        var d = f.DescriptionWords;
        match = new RoleMatch(
            d.Overlaps(Lexicon.CreditsDescribedAsLimit) ? FieldRole.Limit
            : d.Overlaps(Lexicon.Remaining) ? FieldRole.Remaining
            : d.Overlaps(Lexicon.CreditsDescribedAsUsed) ? FieldRole.Used
            : FieldRole.Credits);
        return f.NameWords.Overlaps(Lexicon.Credits);
    }
}
