using System.Linq;

namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A number whose name has no role takes its parent's: CryptoCompare's <c>calls_made.month</c> is used and
/// <c>calls_left.month</c> remaining (in the month window), Shodan's <c>usage_limits.query_credits</c> a limit,
/// Apify's <c>current.monthlyProxySerps</c> used.
/// </summary>
internal sealed class ParentRole : IFieldRoleRule
{
    public string Name => "ParentRole";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        var parent = f.NearestParent;
        if (parent.Count == 0) return false;
        var role = RoleByHeadWord.HeadRole(parent) ?? (parent.Count == 1 && Lexicon.Current.Contains(parent[0]) ? FieldRole.Used : null);
        if (role is not { } r) return false;
        match = new RoleMatch(r, Window: f.Name.All(Facets.IsWindowWord) ? Facets.WindowIn(f.Name) : null);
        return true;
    }
}
