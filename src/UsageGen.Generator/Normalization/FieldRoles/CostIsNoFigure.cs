namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// What one call costs, a price or an invoice amount is not a quota figure: named so (Shoal's <c>X-Credit-Cost</c>,
/// ElevenLabs' <c>amount_due_cents</c>), or described as this call's (CoinMarketCap's <c>status.credit_count</c>:
/// "credits that were used for this call").
/// </summary>
internal sealed class CostIsNoFigure : IFieldRoleRule
{
    public string Name => "CostIsNoFigure";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        return f.NameWords.Overlaps(Lexicon.Cost) || (f.Description is { } d && Lexicon.CostOfThisCall.IsMatch(d));
    }
}
