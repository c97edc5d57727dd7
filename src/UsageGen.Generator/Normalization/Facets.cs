using System.Collections.Generic;
using System.Linq;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// The facets that tell which quota a figure belongs to, besides its scope (<see cref="ScopeRules"/>): its window,
/// its unit and its subject. Figures with the same scope, subject and window (and compatible units) are one quota
/// (<see cref="QuotaGrouping"/>): <c>character_count</c> and <c>character_limit</c>, or CoinMarketCap's
/// <c>plan.credit_limit_monthly</c> and <c>usage.current_month.credits_used</c>.
/// </summary>
internal static class Facets
{
    /// <summary>
    /// The window of a quota figure: the first window word of its name (<c>credit_limit_monthly</c>), else of its
    /// nearest parent (<c>current_month</c>, <c>api_requests_hourly</c>), else the one window its description names
    /// ("per billing period", "(requests/minute)"); null when none or several.
    /// </summary>
    public static string? Window(Field f)
    {
        if (WindowIn(f.Name) is { } own) return own;
        for (var i = f.Parents.Count - 1; i >= 0; i--)
            if (WindowIn(f.Parents[i]) is { } parent) return parent;
        return OnlyWindowIn(f.DescriptionWords);
    }

    /// <summary>The first window word of <paramref name="words"/>, as a window name.</summary>
    public static string? WindowIn(IEnumerable<string> words)
    {
        foreach (var w in words)
            foreach (var (candidates, window) in Lexicon.Windows)
                if (candidates.Contains(w)) return window;
        return null;
    }

    /// <summary>The window <paramref name="words"/> name, when they name exactly one.</summary>
    public static string? OnlyWindowIn(HashSet<string> words)
    {
        string? found = null;
        foreach (var (candidates, window) in Lexicon.Windows)
        {
            if (!candidates.Any(words.Contains)) continue;
            if (found is not null && found != window) return null;
            found = window;
        }
        return found;
    }

    /// <summary>The window a grouping compares: the month and the billing cycle are one billing window.</summary>
    public static string? Key(string? window) => window is not null && Lexicon.BillingWindows.Contains(window) ? "month" : window;

    /// <summary>The unit the field's name counts, else its innermost parent's (<c>requests.credits.used</c> is in credits).</summary>
    public static string? Unit(Field f)
    {
        if (UnitIn(f.Name) is { } own) return own;
        for (var i = f.Parents.Count - 1; i >= 0; i--)
            if (UnitIn(f.Parents[i]) is { } parent) return parent;
        return null;
    }

    public static string? UnitIn(IEnumerable<string> words)
    {
        var set = words as ICollection<string> ?? words.ToList();
        foreach (var (candidates, unit) in Lexicon.Units)
            if (candidates.Any(set.Contains)) return unit;
        return null;
    }

    public static bool IsUnitWord(string word) => Lexicon.Units.Any(u => u.Words.Contains(word));

    public static bool IsWindowWord(string word) => Lexicon.Window.Contains(word) || Lexicon.Windows.Any(w => w.Words.Contains(word));

    /// <summary>
    /// What the figure is about besides role, unit, window, scope and noise, from its parents and name: empty for the
    /// account's own quota (<c>credits_used</c>, <c>rate.limit</c>), <c>search</c> for Tavily's <c>search_usage</c>,
    /// <c>resources_core</c> for GitHub's <c>resources.core.limit</c>.
    /// </summary>
    public static string Subject(Field f)
    {
        var words = f.Parents.SelectMany(p => p).Concat(f.Name)
            .Where(w => !IsLeftOut(w))
            .Distinct()
            .ToList();
        return string.Join("_", words);
    }

    private static bool IsLeftOut(string w) =>
        Lexicon.FigureRoles.Contains(w) || Lexicon.Noise.Contains(w) || Lexicon.NotCategory.Contains(w) || ScopeRules.IsScopeWord(w) ||
        IsUnitWord(w) || IsWindowWord(w) || Lexicon.Reset.Contains(w) || Lexicon.End.Contains(w) || Lexicon.InstantWords.Contains(w) ||
        Lexicon.LimitPrefix.Contains(w) || Lexicon.Count.Contains(w) || Lexicon.Plan.Contains(w);
}
