using System.Linq;

namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A number named only as a window (<c>today</c>, <c>thisWeek</c>) counts requests in that window; beside a limit or
/// remaining figure of its object it is that window's usage (IPinfo's <c>requests.month</c> next to <c>requests.limit</c>).
/// </summary>
internal sealed class WindowNamedCounter : IFieldRoleRule
{
    public string Name => "WindowNamedCounter";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        var window = Facets.WindowIn(f.Name);
        var isUsage = window is not null && !f.NameWords.Overlaps(Lexicon.PastWindow) &&
                      (f.SiblingWords.Overlaps(Lexicon.Limit) || f.SiblingWords.Overlaps(Lexicon.Remaining));
        match = isUsage ? new RoleMatch(FieldRole.Used, Window: window) : new RoleMatch(FieldRole.Counter, Window: f.JsonName);
        return f.Name.Count > 0 && f.Name.All(Lexicon.Window.Contains);
    }
}
