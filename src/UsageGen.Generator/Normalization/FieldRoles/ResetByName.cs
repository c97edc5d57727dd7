namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>A field named with a reset word (<c>reset_at</c>, <c>renews</c>) that holds an instant, a date, text or Unix seconds is the reset time.</summary>
internal sealed class ResetByName : IFieldRoleRule
{
    public string Name => "ResetByName";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Reset);
        return f.NameWords.Overlaps(Lexicon.Reset) &&
               f.Type.Primitive is Model.PrimitiveKind.DateTimeOffset or Model.PrimitiveKind.Date or Model.PrimitiveKind.String or Model.PrimitiveKind.Int64;
    }
}
