namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A count of a unit is what was used: DeepL's and ElevenLabs' <c>character_count</c> beside <c>character_limit</c>,
/// ScraperAPI's <c>requestCount</c> beside <c>requestLimit</c>.
/// </summary>
internal sealed class CountOfUnitIsUsed : IFieldRoleRule
{
    public string Name => "CountOfUnitIsUsed";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Used);
        return f.NameWords.Overlaps(Lexicon.Count) && Facets.UnitIn(f.Name) is not null;
    }
}
