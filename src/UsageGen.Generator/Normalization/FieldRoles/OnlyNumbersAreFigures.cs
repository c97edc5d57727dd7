using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// Past the plan and reset rules, a field that is not a number is no figure, unless it is a plain string named as a
/// figure (a number sent as text: ZeroBounce's <c>Credits</c>, Twilio's <c>balance</c>, DeepSeek's <c>total_balance</c>).
/// </summary>
internal sealed class OnlyNumbersAreFigures : IFieldRoleRule
{
    public string Name => "OnlyNumbersAreFigures";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        if (f.Type.IsNumeric) return false;
        var numberInText = f.Type.Kind == TypeRefKind.Primitive && f.Type.Primitive == PrimitiveKind.String &&
                           (f.NameWords.Overlaps(Lexicon.FigureRoles) || f.NameWords.Overlaps(Lexicon.Credits)) &&
                           !f.NameWords.Overlaps(Lexicon.NotANumberInText) && !f.NameWords.Overlaps(Lexicon.Reset);
        return !numberInText;
    }
}
