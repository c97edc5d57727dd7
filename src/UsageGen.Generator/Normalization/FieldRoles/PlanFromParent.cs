namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary><c>subscription.name</c>, <c>plan.title</c>: a name-like text field whose parent is named with a plan word is the plan.</summary>
internal sealed class PlanFromParent : IFieldRoleRule
{
    public string Name => "PlanFromParent";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Plan);
        return !f.IsHeader && f.IsText && f.Parents.Count > 0 && f.Parents[f.Parents.Count - 1].Exists(Lexicon.Plan.Contains) &&
               f.NameWords.Overlaps(Lexicon.PlanNameFields);
    }
}
