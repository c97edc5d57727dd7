namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>Last: a number whose name says nothing takes a weak role from its description (remaining, used, limit), or none.</summary>
internal sealed class RoleFromDescription : IFieldRoleRule
{
    public string Name => "RoleFromDescription";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        var d = f.DescriptionWords;
        match = new RoleMatch(
            d.Overlaps(Lexicon.Remaining) ? FieldRole.Remaining
            : d.Overlaps(Lexicon.DescribedAsUsed) ? FieldRole.Used
            : d.Overlaps(Lexicon.DescribedAsLimit) ? FieldRole.Limit
            : FieldRole.None,
            Weak: true);
        return true;
    }
}
