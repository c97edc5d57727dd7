namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>A number named with a remaining word (<c>remaining</c>, <c>left</c>, <c>balance</c>) is what remains.</summary>
internal sealed class RemainingByName : IFieldRoleRule
{
    public string Name => "RemainingByName";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Remaining);
        return f.NameWords.Overlaps(Lexicon.Remaining);
    }
}
