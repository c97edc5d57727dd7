namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>What a rule decided: the role, whether it is only read from the description (weak), and a window the field itself names.</summary>
internal readonly record struct RoleMatch(FieldRole Role, bool Weak = false, string? Window = null);

/// <summary>
/// One field-role rule. <see cref="FieldRoleRules.Ordered"/> asks each in turn and the first that matches decides
/// (a match may be <see cref="FieldRole.None"/>: "this field is no figure, stop").
/// </summary>
internal interface IFieldRoleRule
{
    /// <summary>Shown in explanations and tests.</summary>
    string Name { get; }

    bool TryMatch(Field field, out RoleMatch match);
}
