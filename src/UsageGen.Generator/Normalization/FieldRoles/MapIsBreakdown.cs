namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>A map in the body is a per-key breakdown (Sharpe's <c>by_endpoint</c>), never a figure.</summary>
internal sealed class MapIsBreakdown : IFieldRoleRule
{
    public string Name => "MapIsBreakdown";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        return f.IsMap;
    }
}
