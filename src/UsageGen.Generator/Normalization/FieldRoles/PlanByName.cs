namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>A text field or header named with a plan word (<c>plan</c>, <c>tier</c>, <c>X-Plan-Tier</c>) that is not a limit or usage is the plan.</summary>
internal sealed class PlanByName : IFieldRoleRule
{
    public string Name => "PlanByName";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Plan);
        return (f.IsText || f.IsHeader) && f.NameWords.Overlaps(Lexicon.Plan) && !f.NameWords.Overlaps(Lexicon.Limit) && !f.NameWords.Overlaps(Lexicon.Used);
    }
}
