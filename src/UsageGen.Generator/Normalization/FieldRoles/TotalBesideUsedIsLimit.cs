using System.Linq;

namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A bare <c>total</c> beside a used or remaining count is the limit: SendGrid's <c>total</c> next to <c>used</c>
/// and <c>remain</c>, CoinStats' <c>totalCredits</c> next to <c>usedCredits</c>.
/// </summary>
internal sealed class TotalBesideUsedIsLimit : IFieldRoleRule
{
    public string Name => "TotalBesideUsedIsLimit";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Limit);
        return f.NameWords.Overlaps(Lexicon.Total) && f.Name.All(w => Lexicon.Total.Contains(w) || Facets.IsUnitWord(w)) &&
               (f.SiblingWords.Overlaps(Lexicon.Used) || f.SiblingWords.Overlaps(Lexicon.Remaining));
    }
}
