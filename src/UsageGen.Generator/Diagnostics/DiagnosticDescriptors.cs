using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace UsageGen.Generator.Diagnostics;

/// <summary>Every diagnostic UsageGen reports. Ids are stable and never reused.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "UsageGen";
    private const string HelpLink = "https://github.com/usagegen/usagegen#diagnostics";

    public static readonly DiagnosticDescriptor InvalidDocument = Error("UG0001", "Spec is not valid YAML or JSON",
        "Spec '{0}' cannot be read: {1}");
    public static readonly DiagnosticDescriptor NotOpenApi = Error("UG0002", "Spec is not an OpenAPI document",
        "Spec '{0}' is not an OpenAPI document: {1}");
    public static readonly DiagnosticDescriptor UnsupportedVersion = Error("UG0003", "Unsupported OpenAPI version",
        "Spec '{0}' declares OpenAPI {1}; UsageGen reads Swagger 2.0 and OpenAPI 3.0.x (3.1 with info UG0017)");
    public static readonly DiagnosticDescriptor UnresolvedReference = Error("UG0004", "Unresolved $ref",
        "Spec '{0}': $ref '{1}' cannot be resolved: {2}");
    public static readonly DiagnosticDescriptor NoSuccessResponse = Info("UG0005", "Operation has no success response",
        "Spec '{0}': operation {1} documents no 2xx and no 'default' response; its method returns no typed body");
    public static readonly DiagnosticDescriptor UnsupportedSchema = Info("UG0006", "Schema shape not mapped",
        "Spec '{0}': schema at '{1}' ({2}) has no typed mapping; it is kept as raw JSON (System.Text.Json.JsonElement)");
    public static readonly DiagnosticDescriptor NoUsageOperation = Info("UG0007", "No usage operation",
        "Spec '{0}': no operation looks like an API-usage endpoint, so the client is generated without a UsageSnapshot adapter; if the API has one, mark it with 'x-usagegen: {{ usage: true }}'");
    public static readonly DiagnosticDescriptor AmbiguousFigure = Info("UG0008", "Ambiguous usage figure",
        "Spec '{0}': {1} could come from {2}; chose {3}. Set 'x-usagegen' on the operation to choose another.");
    public static readonly DiagnosticDescriptor MappingChosen = Info("UG0009", "Usage normalization chosen",
        "Spec '{0}': {1} normalized as {2}");
    public static readonly DiagnosticDescriptor InvalidOverride = Error("UG0010", "Invalid x-usagegen override",
        "Spec '{0}': x-usagegen {1}");
    public static readonly DiagnosticDescriptor InternalError = Error("UG0011", "UsageGen could not process the spec",
        "Spec '{0}' could not be processed ({1}); nothing is generated for it. Please report this with the spec.");
    public static readonly DiagnosticDescriptor DuplicateProvider = Error("UG0012", "Two specs claim one provider",
        "Spec '{0}' and spec '{1}' both generate provider '{2}'; set UsageGen_Provider metadata or x-usagegen.provider on one of them");
    public static readonly DiagnosticDescriptor EmptySpec = Error("UG0013", "Spec file is empty",
        "Spec '{0}' is empty");
    public static readonly DiagnosticDescriptor InvalidOption = Error("UG0014", "Invalid UsageGen option",
        "Spec '{0}': option {1} has invalid value '{2}': {3}");
    public static readonly DiagnosticDescriptor UnsupportedSecurity = Warning("UG0015", "Security scheme used as a bearer token",
        "Spec '{0}': security scheme '{1}' ({2}) is sent as a bearer token from UsageCredentials.ApiKey; UsageGen does not run OAuth flows");
    public static readonly DiagnosticDescriptor RenamedIdentifier = Info("UG0016", "Identifier renamed",
        "Spec '{0}': '{1}' becomes '{2}' in C# ({3})");
    public static readonly DiagnosticDescriptor PartialVersion = Info("UG0017", "OpenAPI 3.1 read as 3.0",
        "Spec '{0}' declares OpenAPI {1}; it is read with 3.0 rules, and 3.1-only keywords may be ignored");
    public static readonly DiagnosticDescriptor ReadingLimit = Error("UG0018", "Spec exceeds a reading limit",
        "Spec '{0}' is not read: {1} (UsageGen bounds nesting and alias expansion so that no spec can exhaust the compiler's stack or memory)");
    public static readonly DiagnosticDescriptor UnreadableValue = Error("UG0019", "Spec value cannot be read",
        "Spec '{0}': the value at '{1}' cannot be read ({2}); it is left out and the rest of the spec is generated");
    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error("UG0020", "C# version too old for the generated code",
        "The code UsageGen generates from '{0}' needs C# {1} or later, and this project compiles C# {2}; set <LangVersion>{1}</LangVersion> (or 'latest') in the project file (netstandard2.0 and .NET Framework projects default to 7.3). Nothing is generated until then.");

    public static readonly DiagnosticDescriptor UsageWithoutFigures = Warning("UG0021", "Marked usage operation reports no figure",
        "Spec '{0}': x-usagegen marks {1} as the usage operation, but no figure of its response can be read; name them with x-usagegen (used, limit, remaining, resetsAt, plan)");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = new()
    {
        [InvalidDocument.Id] = InvalidDocument, [NotOpenApi.Id] = NotOpenApi, [UnsupportedVersion.Id] = UnsupportedVersion,
        [UnresolvedReference.Id] = UnresolvedReference, [NoSuccessResponse.Id] = NoSuccessResponse,
        [UnsupportedSchema.Id] = UnsupportedSchema, [NoUsageOperation.Id] = NoUsageOperation,
        [AmbiguousFigure.Id] = AmbiguousFigure, [MappingChosen.Id] = MappingChosen, [InvalidOverride.Id] = InvalidOverride,
        [InternalError.Id] = InternalError, [DuplicateProvider.Id] = DuplicateProvider, [EmptySpec.Id] = EmptySpec,
        [InvalidOption.Id] = InvalidOption, [UnsupportedSecurity.Id] = UnsupportedSecurity,
        [RenamedIdentifier.Id] = RenamedIdentifier, [PartialVersion.Id] = PartialVersion, [ReadingLimit.Id] = ReadingLimit,
        [UnreadableValue.Id] = UnreadableValue, [LanguageVersionTooLow.Id] = LanguageVersionTooLow,
        [UsageWithoutFigures.Id] = UsageWithoutFigures,
    };

    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink);

    private static DiagnosticDescriptor Info(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink);
}
