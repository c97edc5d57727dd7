namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// "<c>searches_per_month</c>" (SerpApi: "your plan's monthly limit"): a count per window is that window's limit.
/// </summary>
internal sealed class PerWindowIsLimit : IFieldRoleRule
{
    public string Name => "PerWindowIsLimit";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Limit);
        for (var i = 0; i + 1 < f.Name.Count; i++)
            if (f.Name[i] == Lexicon.Per && Facets.WindowIn(new[] { f.Name[i + 1] }) is { } window)
            {
                match = new RoleMatch(FieldRole.Limit, Window: window);
                return true;
            }
        return false;
    }
}
