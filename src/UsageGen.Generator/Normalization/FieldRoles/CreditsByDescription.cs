namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>A credits number with no role word: its description says limit, remaining or used; else it is the limit.</summary>
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
            : FieldRole.Limit);
        return f.NameWords.Overlaps(Lexicon.Credits);
    }
}
