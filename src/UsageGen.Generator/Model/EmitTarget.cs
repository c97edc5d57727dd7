namespace UsageGen.Generator.Model;

/// <summary>
/// The few facts about the consumer's compilation the emitted code depends on, selected from it as booleans (never the
/// compilation itself): whether <c>System.DateOnly</c> exists (netstandard2.0 and .NET Framework have none: a
/// <c>format: date</c> is then a <c>DateTimeOffset</c>), whether <c>init</c> needs our <c>IsExternalInit</c>, and whether
/// the C# version is one the generated code compiles with.
/// </summary>
internal sealed record EmitTarget(bool HasDateOnly, bool NeedsIsExternalInit, bool LanguageVersionSupported, string LanguageVersion)
{
    /// <summary>The oldest C# the generated code compiles with: <c>init</c>, target-typed <c>new</c>, static lambdas, <c>or</c> patterns.</summary>
    public const string MinimumLanguageVersion = "9.0";

    /// <summary>A current .NET consumer (net8.0 and later): what <c>usagegen generate</c> writes for.</summary>
    public static EmitTarget Modern { get; } = new(HasDateOnly: true, NeedsIsExternalInit: false, LanguageVersionSupported: true, "latest");
}
