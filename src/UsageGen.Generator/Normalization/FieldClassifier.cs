using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Normalization.FieldRoles;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// Reads one field: its scope (<see cref="ScopeRules"/>), its role from the first matching rule of
/// <see cref="FieldRoleRules.Ordered"/>, then its facets (<see cref="Facets"/>): window, unit and subject. Usage
/// under an object named as a past window is a request counter (Sharpe's <c>last_24h.total_requests</c>).
/// </summary>
internal static class FieldClassifier
{
    public static FieldReading Classify(Field field) => Classify(field, FieldRoleRules.Ordered);

    public static FieldReading Classify(Field field, IReadOnlyList<IFieldRoleRule> rules)
    {
        var (scope, scopeKind) = ScopeRules.OfField(field);

        var match = new RoleMatch(FieldRole.None);
        var rule = "";
        foreach (var r in rules)
        {
            if (!r.TryMatch(field, out match)) continue;
            rule = r.Name;
            break;
        }
        var role = match.Role;

        if (role == FieldRole.Counter)
            return new FieldReading(field, role, match.Weak, scope, scopeKind, null, match.Window, rule);

        // Counters: usage under a past window object (last_24h.total_requests).
        if (role == FieldRole.Used && !field.IsHeader && WindowParent(field, past: true) is { } past)
            return new FieldReading(field, FieldRole.Counter, match.Weak, scope, scopeKind, null, past, rule);

        // A map's window is the window object holding it (Sharpe's last_24h.by_endpoint).
        if (field.IsMap) return new FieldReading(field, role, match.Weak, scope, scopeKind, null, WindowParent(field, past: false), rule);

        if (role is not (FieldRole.Used or FieldRole.Limit or FieldRole.Remaining or FieldRole.Credits or FieldRole.Rpm or FieldRole.Reset))
            return new FieldReading(field, role, match.Weak, scope, scopeKind, null, null, rule);

        var window = match.Window ?? Facets.Window(field);
        var subject = Facets.Subject(field);
        return new FieldReading(field, role, match.Weak, scope, scopeKind, subject.Length == 0 ? null : subject, window, rule, Facets.Unit(field));
    }

    /// <summary>
    /// The JSON name of the nearest parent named only with window words (with <paramref name="past"/>, one of them a
    /// past window: <c>last_24h</c>, not <c>current_month</c>), or null.
    /// </summary>
    private static string? WindowParent(Field field, bool past)
    {
        for (var i = field.Parents.Count - 1; i >= 0; i--)
        {
            var words = field.Parents[i];
            if (words.Count > 0 && words.All(Lexicon.Window.Contains) && (!past || words.Any(Lexicon.PastWindow.Contains)))
                return field.ScopedParentJsonNames.ElementAt(i);
        }
        return null;
    }
}
