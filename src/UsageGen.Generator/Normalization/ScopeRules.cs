using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization;

/// <summary>Which quota a figure belongs to, from scope words (<see cref="Lexicon.Scope"/>) in its name or its parents.</summary>
internal static class ScopeRules
{
    /// <summary>The first scope word in <paramref name="words"/>, or null.</summary>
    public static (string Name, QuotaScopeModel Kind)? Of(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (Lexicon.Scope.TryGetValue(words[i], out var scope))
            {
                // requests_per_key is a rate, not the key's quota.
                if (scope.Kind == QuotaScopeModel.ApiKey && i > 0 && words[i - 1] == Lexicon.Per) continue;
                return scope;
            }
            foreach (var (phrase, name, kind) in Lexicon.ScopePhrases)
                if (i + phrase.Length <= words.Count && phrase.Select((w, k) => words[i + k] == w).All(x => x))
                    return (name, kind);
        }
        return null;
    }

    /// <summary>A scope word in the name wins, else the nearest parent that has one, else unscoped ("").</summary>
    public static (string Name, QuotaScopeModel Kind) OfField(Field field) =>
        Of(field.Name) ?? field.Parents.AsEnumerable().Reverse().Select(p => Of(p)).FirstOrDefault(s => s is not null) ?? ("", QuotaScopeModel.Account);

    /// <summary>Whether one word alone is a scope word (categories never hold one).</summary>
    public static bool IsScopeWord(string word) => Of(new[] { word }) is not null;
}
