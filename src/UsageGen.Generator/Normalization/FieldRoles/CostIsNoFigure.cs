namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>What one call costs, or a price, is not a quota figure (Shoal's <c>X-Credit-Cost</c>).</summary>
internal sealed class CostIsNoFigure : IFieldRoleRule
{
    public string Name => "CostIsNoFigure";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        return f.NameWords.Overlaps(Lexicon.Cost);
    }
}
