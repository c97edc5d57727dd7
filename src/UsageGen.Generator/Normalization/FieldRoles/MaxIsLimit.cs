namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A name starting with <c>max</c> is a limit, whatever it limits (Apify's <c>maxMonthlyUsageUsd</c> is the monthly
/// spend limit, not the usage; ScrapingBee's <c>max_api_credit</c>).
/// </summary>
internal sealed class MaxIsLimit : IFieldRoleRule
{
    public string Name => "MaxIsLimit";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.Limit);
        return f.Name.Count > 1 && Lexicon.LimitPrefix.Contains(f.Name[0]);
    }
}
