using System.Linq;

namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// The count of a unit in the current window is what was used: <c>current_month_calls</c>, SerpApi's
/// <c>this_hour_searches</c>, ScraperAPI's <c>concurrentRequests</c>, ScrapingBee's <c>current_concurrency</c>.
/// A credit count is left to <see cref="CreditsByDescription"/> (CoinGecko's <c>monthly_call_credit</c> is a limit);
/// a past window is a counter (<see cref="WindowNamedCounter"/>).
/// </summary>
internal sealed class CurrentCountIsUsed : IFieldRoleRule
{
    public string Name => "CurrentCountIsUsed";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Used);
        var n = f.NameWords;
        if (n.Overlaps(Lexicon.Credits) || n.Overlaps(Lexicon.PastWindow)) return false;
        var current = n.Overlaps(Lexicon.Current);
        var counted = Facets.UnitIn(f.Name) is not null;
        var window = Facets.WindowIn(f.Name) is not null;
        return (current && (counted || window)) || (counted && window);
    }
}
