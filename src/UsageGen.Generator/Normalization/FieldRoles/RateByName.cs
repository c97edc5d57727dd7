using System.Linq;

namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// Requests per minute: <c>rpm</c>, or a per-minute limit (<c>requests_per_minute</c>, <c>rate_limit_minute</c>).
/// A count in the minute (<c>calls_made.minute</c>, <c>requests_left</c>) is not the rate.
/// </summary>
internal sealed class RateByName : IFieldRoleRule
{
    public string Name => "RateByName";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Rpm, Window: "minute");
        var n = f.NameWords;
        if (n.Overlaps(Lexicon.Rate)) return true;
        return Facets.WindowIn(f.Name) == "minute" && !n.Overlaps(Lexicon.Used) && !n.Overlaps(Lexicon.Remaining) &&
               (n.Overlaps(Lexicon.Limit) || n.Contains(Lexicon.Per) || n.Contains("rate"));
    }
}
