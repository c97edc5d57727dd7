using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Normalization.FieldRoles;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// Reads one field: its scope (<see cref="ScopeRules"/>), the window its parents name, its role from the first
/// matching rule of <see cref="FieldRoleRules.Ordered"/>, then two refinements: usage under a window object is a
/// request counter (<c>last_24h.total_requests</c>), and the words left after role, noise and scope name a category
/// (<c>search_usage</c>).
/// </summary>
internal static class FieldClassifier
{
    public static FieldReading Classify(Field field) => Classify(field, FieldRoleRules.Ordered);

    public static FieldReading Classify(Field field, IReadOnlyList<IFieldRoleRule> rules)
    {
        var (scope, scopeKind) = ScopeRules.OfField(field);
        var window = ParentWindow(field);

        var match = new RoleMatch(FieldRole.None);
        var rule = "";
        foreach (var r in rules)
        {
            if (!r.TryMatch(field, out match)) continue;
            rule = r.Name;
            break;
        }
        var role = match.Role;
        window = match.Window ?? window;

        // Counters: usage under a window-named object (last_24h.total_requests).
        if (window is not null && role == FieldRole.Used && !field.IsHeader)
            return new FieldReading(field, FieldRole.Counter, match.Weak, scope, scopeKind, null, window, rule);

        string? category = null;
        if (role is FieldRole.Used or FieldRole.Limit or FieldRole.Remaining)
        {
            var rest = field.Name.Where(w => !Lexicon.FigureRoles.Contains(w) && !Lexicon.Noise.Contains(w) && !ScopeRules.IsScopeWord(w) && !Lexicon.NotCategory.Contains(w)).ToList();
            if (rest.Count > 0) category = string.Join("_", rest);
        }
        return new FieldReading(field, role, match.Weak, scope, scopeKind, category, window, rule);
    }

    /// <summary>The JSON name of the nearest parent named only with window words (<c>last_24h</c>), or null.</summary>
    private static string? ParentWindow(Field field)
    {
        for (var i = field.Parents.Count - 1; i >= 0; i--)
        {
            var words = field.Parents[i];
            if (words.Count > 0 && words.All(Lexicon.Window.Contains)) return field.ScopedParentJsonNames.ElementAt(i);
        }
        return null;
    }
}
