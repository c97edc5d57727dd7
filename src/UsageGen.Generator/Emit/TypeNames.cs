using System;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Emit;

/// <summary>C# spellings of model types, and the runtime codec that reads and writes each.</summary>
internal sealed class TypeNames
{
    public const string JsonElement = "global::System.Text.Json.JsonElement";
    public const string Reader = "global::System.Text.Json.Utf8JsonReader";
    public const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    public const string JsonRead = RuntimeTypes.JsonRead;
    public const string TokenType = "global::System.Text.Json.JsonTokenType";
    /// <summary>The codecs' shared instance, where no create function hands it over.</summary>
    public const string SharedCodecs = RuntimeTypes.JsonCodecs + ".Shared";

    private readonly string _ns;
    private readonly Func<string, TypeModelKind?> _kindOf;
    private readonly bool _hasDateOnly;

    public TypeNames(string ns, Func<string, TypeModelKind?> kindOf, bool hasDateOnly = true)
    {
        _ns = ns;
        _kindOf = kindOf;
        _hasDateOnly = hasDateOnly;
    }

    /// <summary>A generated type's name, <c>global::</c>-qualified (a schema named <c>Type</c> or <c>System</c> binds to nothing else).</summary>
    public string Generated(string name) => "global::" + _ns + "." + name;

    public string Of(TypeRef t) => OfNonNull(t) + (t.Nullable ? "?" : "");

    public string OfNonNull(TypeRef t) => t.Kind switch
    {
        TypeRefKind.Named => Generated(t.Name!),
        TypeRefKind.Array => "global::System.Collections.Generic.IReadOnlyList<" + Of(t.Element!) + ">",
        TypeRefKind.Map => "global::System.Collections.Generic.IReadOnlyDictionary<string, " + Of(t.Element!) + ">",
        _ => t.Primitive switch
        {
            PrimitiveKind.String => "string",
            PrimitiveKind.Int32 => "int",
            PrimitiveKind.Int64 => "long",
            PrimitiveKind.Decimal => "decimal",
            PrimitiveKind.Double => "double",
            PrimitiveKind.Boolean => "bool",
            PrimitiveKind.DateTimeOffset => "global::System.DateTimeOffset",
            PrimitiveKind.Date => _hasDateOnly ? "global::System.DateOnly" : "global::System.DateTimeOffset",
            PrimitiveKind.Guid => "global::System.Guid",
            _ => JsonElement,
        },
    };

    /// <summary>
    /// The codec of <paramref name="t"/>, its nullability included, as an expression over the codecs instance
    /// <paramref name="c"/>: <c>c.Int64OrNull</c>, <c>c.List(c.String)</c>, <c>c.OrNull(global::Ns.Key.__Json)</c>. Its
    /// C# type is exactly <see cref="Of"/>'s, so nested lists and maps are typed as the DTO declares them.
    /// </summary>
    public string Codec(TypeRef t, string c, string? owner = null)
    {
        if (t.Kind == TypeRefKind.Primitive)
        {
            var name = t.Primitive switch
            {
                PrimitiveKind.String => "String",
                PrimitiveKind.Int32 => "Int32",
                PrimitiveKind.Int64 => "Int64",
                PrimitiveKind.Decimal => "Decimal",
                PrimitiveKind.Double => "Double",
                PrimitiveKind.Boolean => "Boolean",
                PrimitiveKind.DateTimeOffset => "DateTimeOffset",
                PrimitiveKind.Date => _hasDateOnly ? "Date" : "DateAsDateTimeOffset",
                PrimitiveKind.Guid => "Guid",
                _ => "Element",
            };
            return c + "." + name + (t.Nullable ? "OrNull" : "");
        }
        string core;
        bool isStruct = false;
        switch (t.Kind)
        {
            case TypeRefKind.Named:
                // A type's own codec read inside its own field initializer: not null by then (the create function runs on
                // first use), but the compiler's flow analysis of a static initializer cannot know that.
                core = Generated(t.Name!) + "." + NameScope.CodecField + (t.Name == owner ? "!" : "");
                isStruct = _kindOf(t.Name!) == TypeModelKind.Enum;
                break;
            case TypeRefKind.Array:
                core = c + ".List(" + Codec(t.Element!, c, owner) + ")";
                break;
            default:
                core = c + ".Map(" + Codec(t.Element!, c, owner) + ")";
                break;
        }
        if (!t.Nullable) return core;
        return c + (isStruct ? ".Nullable(" : ".OrNull(") + core + ")";
    }
}
