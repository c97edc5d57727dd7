namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>Past the plan and reset rules, a field that is not a number is no figure.</summary>
internal sealed class OnlyNumbersAreFigures : IFieldRoleRule
{
    public string Name => "OnlyNumbersAreFigures";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        return !f.Type.IsNumeric;
    }
}
