namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>A number named with a limit word (<c>limit</c>, <c>quota</c>, <c>max</c>) is the limit.</summary>
internal sealed class LimitByName : IFieldRoleRule
{
    public string Name => "LimitByName";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Limit);
        return f.NameWords.Overlaps(Lexicon.Limit);
    }
}
