using System;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Emit;

/// <summary>C# spellings of model types, and the reader/writer code for each.</summary>
internal sealed class TypeNames
{
    public const string JsonElement = "global::System.Text.Json.JsonElement";
    public const string Reader = "global::System.Text.Json.Utf8JsonReader";
    public const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    public const string JsonRead = RuntimeTypes.JsonRead;
    public const string TokenType = "global::System.Text.Json.JsonTokenType";

    private readonly string _ns;
    private readonly Func<string, TypeModelKind?> _kindOf;

    public TypeNames(string ns, Func<string, TypeModelKind?> kindOf)
    {
        _ns = ns;
        _kindOf = kindOf;
    }

    public string Of(TypeRef t) => OfNonNull(t) + (t.Nullable ? "?" : "");

    public string OfNonNull(TypeRef t) => t.Kind switch
    {
        TypeRefKind.Named => "global::" + _ns + "." + t.Name,
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
            PrimitiveKind.Date => "global::System.DateOnly",
            PrimitiveKind.Guid => "global::System.Guid",
            _ => JsonElement,
        },
    };

    /// <summary>An expression reading <paramref name="t"/> at <paramref name="reader"/>'s current token.</summary>
    public string Read(TypeRef t, string reader, string where, int depth = 0)
    {
        var w = Names.Literal(where);
        if (t.Kind == TypeRefKind.Primitive)
        {
            var method = t.Primitive switch
            {
                PrimitiveKind.String => "String",
                PrimitiveKind.Int32 => "Int32",
                PrimitiveKind.Int64 => "Int64",
                PrimitiveKind.Decimal => "Decimal",
                PrimitiveKind.Double => "Double",
                PrimitiveKind.Boolean => "Boolean",
                PrimitiveKind.DateTimeOffset => "DateTimeOffset",
                PrimitiveKind.Date => "Date",
                PrimitiveKind.Guid => "Guid",
                _ => null,
            };
            if (method is null)
                return t.Nullable
                    ? $"({JsonElement}?){JsonRead}.Element(ref {reader}, {w})"
                    : $"{JsonRead}.Element(ref {reader}, {w})";
            return $"{JsonRead}.{method}{(t.Nullable ? "OrNull" : "")}(ref {reader}, {w})";
        }

        string core;
        var r = "r" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (t.Kind)
        {
            case TypeRefKind.Named:
                core = $"global::{_ns}.{t.Name}.Read(ref {reader})";
                break;
            case TypeRefKind.Array:
                core = $"{JsonRead}.Array(ref {reader}, {w}, static (ref {Reader} {r}) => {Read(t.Element!, r, where + "[]", depth + 1)})";
                break;
            default:
                core = $"{JsonRead}.Map(ref {reader}, {w}, static (ref {Reader} {r}) => {Read(t.Element!, r, where + "{}", depth + 1)})";
                break;
        }
        if (!t.Nullable) return core;
        return $"{reader}.TokenType == {TokenType}.Null ? null : ({Of(t)}){core}";
    }

    /// <summary>Statements writing non-null <paramref name="value"/>.</summary>
    public void Write(SourceWriter w, TypeRef t, string value, int depth = 0)
    {
        var d = depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (t.Kind)
        {
            case TypeRefKind.Named:
                w.Line($"{value}.Write(writer);");
                return;
            case TypeRefKind.Array:
                w.Line("writer.WriteStartArray();");
                w.Open($"foreach (var item{d} in {value})");
                WriteMaybeNull(w, t.Element!, "item" + d, depth + 1);
                w.Close();
                w.Line("writer.WriteEndArray();");
                return;
            case TypeRefKind.Map:
                w.Line("writer.WriteStartObject();");
                w.Open($"foreach (var pair{d} in {value})");
                w.Line($"writer.WritePropertyName(pair{d}.Key);");
                WriteMaybeNull(w, t.Element!, $"pair{d}.Value", depth + 1);
                w.Close();
                w.Line("writer.WriteEndObject();");
                return;
        }
        switch (t.Primitive)
        {
            case PrimitiveKind.String:
            case PrimitiveKind.DateTimeOffset:
            case PrimitiveKind.Guid:
                w.Line($"writer.WriteStringValue({value});");
                break;
            case PrimitiveKind.Date:
                w.Line($"writer.WriteStringValue({value}.ToString(\"yyyy-MM-dd\", global::System.Globalization.CultureInfo.InvariantCulture));");
                break;
            case PrimitiveKind.Int32:
            case PrimitiveKind.Int64:
            case PrimitiveKind.Decimal:
            case PrimitiveKind.Double:
                w.Line($"writer.WriteNumberValue({value});");
                break;
            case PrimitiveKind.Boolean:
                w.Line($"writer.WriteBooleanValue({value});");
                break;
            default:
                w.Line($"{value}.WriteTo(writer);");
                break;
        }
    }

    public void WriteMaybeNull(SourceWriter w, TypeRef t, string value, int depth)
    {
        if (!t.Nullable)
        {
            Write(w, t, value, depth);
            return;
        }
        var v = "v" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
        w.Line($"if ({value} is {{ }} {v})");
        w.Line("{");
        w.Indent();
        Write(w, t.WithNullable(false), v, depth);
        w.Outdent();
        w.Line("}");
        w.Line("else writer.WriteNullValue();");
    }
}
