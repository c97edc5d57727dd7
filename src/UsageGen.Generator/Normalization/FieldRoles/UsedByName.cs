namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>A number named with a usage word (<c>used</c>, <c>usage</c>, <c>consumed</c>) is what was used.</summary>
internal sealed class UsedByName : IFieldRoleRule
{
    public string Name => "UsedByName";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Used);
        return f.NameWords.Overlaps(Lexicon.Used);
    }
}
