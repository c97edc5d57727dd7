using UsageGen.Generator.Diagnostics;

namespace UsageGen.Generator.Model;

// Every model here is a record of strings, bools, enums, ints and EquatableArrays: the incremental driver compares
// them by value, so an unchanged spec yields an equal model and nothing downstream runs again. No NSwag, YamlDotNet
// or Roslyn object is kept.

/// <summary>One spec file as the pipeline first sees it: path, text and per-file options.</summary>
internal sealed record SpecInput(string Path, string Text, SpecOptions Options);

/// <summary>Per-spec settings from MSBuild item metadata (<c>UsageGen_Provider</c>, ...), null when unset.</summary>
internal sealed record SpecOptions(string? Provider, string? Namespace, string? ClientName, string? Accessibility, bool ExplicitlyMarked);

/// <summary>The result of parsing one spec: the model (null when the spec is unusable) and what was found wrong.</summary>
internal sealed record ProviderSpec(ProviderModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

internal sealed record ProviderModel(
    string Name,
    string Namespace,
    string ClientName,
    bool IsPublic,
    string SpecPath,
    string SpecFileName,
    string Title,
    string? Version,
    string? ServerUrl,
    EquatableArray<SecuritySchemeModel> SecuritySchemes,
    EquatableArray<TypeModel> Types,
    EquatableArray<OperationModel> Operations,
    UsageMapping? Usage);

internal enum AuthKindModel { ApiKeyHeader, ApiKeyQuery, ApiKeyCookie, Bearer, Basic }

/// <param name="Prefix">For an apiKey scheme in the Authorization header: the scheme word its description shows before the key (sent as <c>Prefix key</c>); null sends the key raw.</param>
internal sealed record SecuritySchemeModel(string Name, AuthKindModel Kind, string? ParameterName, string? Description, string? Prefix = null);

internal enum PrimitiveKind { None, String, Int32, Int64, Decimal, Double, Boolean, DateTimeOffset, Date, Guid, Json }

internal enum TypeRefKind { Primitive, Named, Array, Map }

/// <summary>A C# type for a schema. <see cref="Nullable"/>: the value may be absent or JSON null.</summary>
internal sealed record TypeRef(TypeRefKind Kind, PrimitiveKind Primitive, string? Name, TypeRef? Element, bool Nullable)
{
    public static TypeRef Of(PrimitiveKind p, bool nullable = false) => new(TypeRefKind.Primitive, p, null, null, nullable);
    public static TypeRef Named(string name, bool nullable = false) => new(TypeRefKind.Named, PrimitiveKind.None, name, null, nullable);
    public static TypeRef ArrayOf(TypeRef element, bool nullable = false) => new(TypeRefKind.Array, PrimitiveKind.None, null, element, nullable);
    public static TypeRef MapOf(TypeRef element, bool nullable = false) => new(TypeRefKind.Map, PrimitiveKind.None, null, element, nullable);
    public TypeRef WithNullable(bool nullable) => this with { Nullable = nullable };
    public bool IsNumeric => Kind == TypeRefKind.Primitive && Primitive is PrimitiveKind.Int32 or PrimitiveKind.Int64 or PrimitiveKind.Decimal or PrimitiveKind.Double;
}

internal enum TypeModelKind { Object, Enum, Union }

/// <summary>A generated type: a DTO class, an extensible string enum, or a union of JSON kinds.</summary>
internal sealed record TypeModel(
    string Name,
    TypeModelKind Kind,
    string? Description,
    string SourcePointer,
    EquatableArray<PropertyModel> Properties,
    TypeRef? AdditionalValues,
    EquatableArray<EnumMemberModel> EnumMembers,
    EquatableArray<UnionCaseModel> UnionCases);

/// <summary>
/// A DTO property. <see cref="NullMeansUnlimited"/> is set by the normalization stage (never by the schema mapper) on
/// the properties its mapping reads as "null means unlimited" (<see cref="UsageMapping.NullTracked"/>): the models
/// writer then tracks "sent as null" in an <c>XxxIsUnlimited</c> flag.
/// </summary>
internal sealed record PropertyModel(string JsonName, string Name, TypeRef Type, bool Required, bool NullMeansUnlimited, string? Description);

internal sealed record EnumMemberModel(string Value, string Name);

internal enum JsonKind { String, Number, Integer, Boolean, Object, Array }

internal sealed record UnionCaseModel(JsonKind Kind, TypeRef Type, string Name);

internal enum ParameterLocation { Path, Query, Header, Cookie }

internal sealed record ParameterModel(string Name, string CSharpName, ParameterLocation In, TypeRef Type, bool Required, string? Description);

internal sealed record HeaderModel(string Name, string PropertyName, TypeRef Type, string? Description, string? Example);

internal sealed record ResponseModel(int Status, TypeRef? Body, EquatableArray<HeaderModel> Headers, string? Description, string? ExampleJson);

/// <summary>A documented error response; <see cref="Status"/> 0 is the spec's <c>default</c>, 400/500 with <see cref="IsRange"/> are 4XX/5XX.</summary>
internal sealed record ErrorModel(int Status, bool IsRange, TypeRef? Body, string? Description);

internal sealed record OperationModel(
    string Name,
    string HttpMethod,
    string Path,
    string? Summary,
    string? Description,
    EquatableArray<ParameterModel> Parameters,
    ResponseModel Success,
    EquatableArray<ErrorModel> Errors,
    EquatableArray<string> Security,
    bool SecurityOptional,
    string ResponseTypeName);
