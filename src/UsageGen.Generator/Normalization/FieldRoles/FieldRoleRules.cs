namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// The field-role rules in order; the first that matches decides. To add a rule: write one class implementing
/// <see cref="IFieldRoleRule"/> (its words in <see cref="Lexicon"/>), insert it here where it must win, and test it
/// alone and against its neighbours in <c>tests/UsageGen.Generator.Tests/Normalization</c>.
/// </summary>
/// <remarks>
/// The order, in short: maps and resets and plans first (they are not numbers); then what is no figure at all (text,
/// costs, lifetime sums, page sizes, counts of things); then names that say their role (rate, <c>max</c>, the head
/// role word, per-window limits, counts of a unit, totals); then the parent's role, window-named counts, the
/// current window's count, bare credits; last, the description.
/// </remarks>
internal static class FieldRoleRules
{
    public static readonly IFieldRoleRule[] Ordered =
    {
        new MapIsBreakdown(),
        new ResetByName(),
        new PlanByName(),
        new PlanFromParent(),
        new OnlyNumbersAreFigures(),
        new CostIsNoFigure(),
        new LifetimeIsNoFigure(),
        new PageSizeIsNoFigure(),
        new ObjectCountIsNoFigure(),
        new RateByName(),
        new MaxIsLimit(),
        new RoleByHeadWord(),
        new PerWindowIsLimit(),
        new CountOfUnitIsUsed(),
        new TotalCallsIsUsed(),
        new TotalBesideUsedIsLimit(),
        new ParentRole(),
        new WindowNamedCounter(),
        new CurrentCountIsUsed(),
        new CreditsByDescription(),
        new RoleFromDescription(),
    };
}
