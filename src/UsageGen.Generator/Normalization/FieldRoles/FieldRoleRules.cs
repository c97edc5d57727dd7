namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// The field-role rules in order; the first that matches decides. To add a rule: write one class implementing
/// <see cref="IFieldRoleRule"/> (its words in <see cref="Lexicon"/>), insert it here where it must win, and test it
/// alone and against its neighbours in <c>tests/UsageGen.Generator.Tests/Normalization</c>.
/// </summary>
internal static class FieldRoleRules
{
    public static readonly IFieldRoleRule[] Ordered =
    {
        new MapIsBreakdown(),
        new PlanByName(),
        new PlanFromParent(),
        new ResetByName(),
        new OnlyNumbersAreFigures(),
        new CostIsNoFigure(),
        new RateByName(),
        new RemainingByName(),
        new UsedByName(),
        new LimitByName(),
        new CurrentCountIsUsed(),
        new TotalCallsIsUsed(),
        new CreditsByDescription(),
        new WindowNamedCounter(),
        new RoleFromDescription(),
    };
}
