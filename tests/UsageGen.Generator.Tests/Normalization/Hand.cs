using System;
using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Normalization;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Tests.Normalization;

/// <summary>Hand-built fields and models for rule tests: no YAML, no NSwag.</summary>
internal static class Hand
{
    public static readonly TypeRef Int = TypeRef.Of(PrimitiveKind.Int64, true);
    public static readonly TypeRef Int32 = TypeRef.Of(PrimitiveKind.Int32, true);
    public static readonly TypeRef Number = TypeRef.Of(PrimitiveKind.Decimal, true);
    public static readonly TypeRef Text = TypeRef.Of(PrimitiveKind.String, true);
    public static readonly TypeRef Instant = TypeRef.Of(PrimitiveKind.DateTimeOffset, true);
    public static readonly TypeRef Date = TypeRef.Of(PrimitiveKind.Date, true);
    public static readonly TypeRef Flag = TypeRef.Of(PrimitiveKind.Boolean, true);
    public static TypeRef MapOf(TypeRef element) => TypeRef.MapOf(element, true);
    public static TypeRef Named(string name, bool nullable = true) => TypeRef.Named(name, nullable);

    /// <summary>A body field at a dotted path (<c>data.quota.used</c>); its parents are the path's earlier names.</summary>
    public static Field Body(string dotted, TypeRef type, string? description = null, bool isEnum = false)
    {
        var names = dotted.Split('.');
        var steps = names.Select(n => new PathStep(n, Names.Pascal(n), true)).ToEquatableArray();
        return new Field(new ValueSource(ValueSourceKind.Body, steps, null, type, dotted), names[names.Length - 1], description,
            names.Take(names.Length - 1).ToArray(), "Owner", isEnum);
    }

    public static Field Header(string name, TypeRef? type = null, string? description = null) =>
        new(new ValueSource(ValueSourceKind.Header, EquatableArray<PathStep>.Empty, name, type ?? Text, "header " + name), name, description, Array.Empty<string>());

    // ---- models ----------------------------------------------------------------------------------------------

    public static PropertyModel Prop(string json, TypeRef type, string? description = null, bool required = false) =>
        new(json, Names.Pascal(json), type, required, false, description);

    public static TypeModel Object(string name, params PropertyModel[] properties) =>
        new(name, TypeModelKind.Object, null, "/components/schemas/" + name, properties.ToEquatableArray(), null,
            EquatableArray<EnumMemberModel>.Empty, EquatableArray<UnionCaseModel>.Empty);

    public static OperationModel Operation(string method, string path, string name, TypeRef? body, params HeaderModel[] headers) =>
        new(name, method, path, null, null, EquatableArray<ParameterModel>.Empty, new ResponseModel(200, body, headers.ToEquatableArray(), null, null),
            EquatableArray<ErrorModel>.Empty, EquatableArray<string>.Empty, true, name + "Response");

    public static OperationModel Get(string path, string name, TypeRef? body, params HeaderModel[] headers) => Operation("GET", path, name, body, headers);

    public static HeaderModel ResponseHeader(string name, TypeRef type) => new(name, Names.Pascal(name), type, null, null);

    public static ProviderModel Provider(TypeModel[] types, params OperationModel[] operations) =>
        new("Acme", "Acme.Api", "AcmeClient", true, "/x/acme.yaml", "acme.yaml", "Acme", "1", null, EquatableArray<SecuritySchemeModel>.Empty,
            types.ToEquatableArray(), operations.ToEquatableArray(), null);

    public static OperationOverride Override(string pointer, bool? usage = null, bool? unlimitedWhenNull = null, params FieldOverride[] fields) =>
        new(pointer, usage, unlimitedWhenNull, null, null, null, fields.ToEquatableArray());
}
