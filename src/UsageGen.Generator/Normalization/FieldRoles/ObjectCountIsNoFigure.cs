namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A count of things that is no unit of usage is not a quota figure: Apify's <c>actorCount</c> and
/// <c>maxActorCount</c>, DataForSEO's <c>tasks_count</c>. A count of a unit is usage (<c>character_count</c>, left to
/// <see cref="CountOfUnitIsUsed"/>).
/// </summary>
internal sealed class ObjectCountIsNoFigure : IFieldRoleRule
{
    public string Name => "ObjectCountIsNoFigure";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        return f.NameWords.Overlaps(Lexicon.Count) && Facets.UnitIn(f.Name) is null && !f.NameWords.Overlaps(Lexicon.Used) &&
               !f.NameWords.Overlaps(Lexicon.Remaining);
    }
}
