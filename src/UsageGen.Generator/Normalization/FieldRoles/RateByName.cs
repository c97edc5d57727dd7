namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary><c>rpm</c>, or a per-minute number that is not a remaining count, is requests per minute.</summary>
internal sealed class RateByName : IFieldRoleRule
{
    public string Name => "RateByName";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Rpm);
        return f.NameWords.Overlaps(Lexicon.Rate) || (f.NameWords.Overlaps(Lexicon.PerMinute) && !f.NameWords.Overlaps(Lexicon.Remaining));
    }
}
