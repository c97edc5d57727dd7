namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary><c>total_calls</c>, <c>totalRequests</c>: a total of calls or requests is what was used.</summary>
internal sealed class TotalCallsIsUsed : IFieldRoleRule
{
    public string Name => "TotalCallsIsUsed";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Used);
        return f.NameWords.Overlaps(Lexicon.Total) && f.NameWords.Overlaps(Lexicon.TotalCounts);
    }
}
