namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary><c>current_month_calls</c>, <c>current_credits</c>: the current count of a unit is what was used.</summary>
internal sealed class CurrentCountIsUsed : IFieldRoleRule
{
    public string Name => "CurrentCountIsUsed";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Used);
        return f.NameWords.Overlaps(Lexicon.Current) && f.NameWords.Overlaps(Lexicon.Unit);
    }
}
