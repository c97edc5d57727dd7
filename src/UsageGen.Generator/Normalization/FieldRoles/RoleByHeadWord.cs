namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A number named with role words takes the role of the last one, the head of the name: <c>credits_used</c> used,
/// <c>usage_limit</c> limit, <c>limit_remaining</c> (OpenRouter) remaining, <c>creditsAvailable</c> remaining.
/// </summary>
internal sealed class RoleByHeadWord : IFieldRoleRule
{
    public string Name => "RoleByHeadWord";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        if (HeadRole(f.Name) is not { } role) return false;
        match = new RoleMatch(role);
        return true;
    }

    /// <summary>The role of the last role word in <paramref name="words"/>, or null.</summary>
    public static FieldRole? HeadRole(System.Collections.Generic.IReadOnlyList<string> words)
    {
        for (var i = words.Count - 1; i >= 0; i--)
        {
            var w = words[i];
            if (Lexicon.Remaining.Contains(w)) return FieldRole.Remaining;
            if (Lexicon.Used.Contains(w)) return FieldRole.Used;
            if (Lexicon.Limit.Contains(w)) return FieldRole.Limit;
        }
        return null;
    }
}
