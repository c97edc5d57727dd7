namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>A number named only as a window (<c>today</c>, <c>thisWeek</c>) counts requests in that window.</summary>
internal sealed class WindowNamedCounter : IFieldRoleRule
{
    public string Name => "WindowNamedCounter";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Counter, Window: f.JsonName);
        return f.Name.Count > 0 && System.Linq.Enumerable.All(f.Name, Lexicon.Window.Contains);
    }
}
