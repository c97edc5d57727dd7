namespace UsageGen.Generator;

/// <summary>Names of the pipeline steps, for tests that check what re-ran.</summary>
internal static class TrackingNames
{
    public const string SpecInput = "UsageGen.SpecInput";
    public const string ProviderSpec = "UsageGen.ProviderSpec";
    public const string ProviderModel = "UsageGen.ProviderModel";
    public const string Diagnostics = "UsageGen.Diagnostics";
    public const string Claims = "UsageGen.Claims";
    public const string EmitInput = "UsageGen.EmitInput";
    public const string CatalogEntries = "UsageGen.CatalogEntries";
    public const string Settings = "UsageGen.Settings";
    public const string Hosting = "UsageGen.Hosting";
}
