using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Emit;

/// <summary>Writes the provider's DTOs: objects with a reader and writer over <c>Utf8JsonReader</c>, open string enums, unions of JSON kinds.</summary>
internal sealed class ModelsWriter : ProviderWriter
{
    public ModelsWriter(ProviderConventions conventions) : base(conventions)
    {
    }

    public override string Write()
    {
        var w = _c.Begin();
        var first = true;
        foreach (var t in _p.Types)
        {
            if (!first) w.Line();
            first = false;
            switch (t.Kind)
            {
                case TypeModelKind.Object: ObjectType(w, t); break;
                case TypeModelKind.Enum: EnumType(w, t); break;
                default: UnionType(w, t); break;
            }
        }
        return ProviderConventions.End(w);
    }

    private void Converter(SourceWriter w, string name)
    {
        w.Doc($"System.Text.Json converter for <see cref=\"{name}\"/>, over the generated reader and writer (no reflection).");
        w.Line(GeneratedCode);
        w.Open($"{_access} sealed class {name}JsonConverter : global::System.Text.Json.Serialization.JsonConverter<{name}>");
        w.Line($"public override {name} Read(ref {TypeNames.Reader} reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options) => {name}.Read(ref reader);");
        w.Line($"public override void Write({TypeNames.Writer} writer, {name} value, global::System.Text.Json.JsonSerializerOptions options) => value.Write(writer);");
        w.Close();
    }

    private void ObjectType(SourceWriter w, TypeModel t)
    {
        w.Doc(Names.Xml(t.Description) is { Length: > 0 } d ? d : $"Schema <c>{Names.Xml(t.SourcePointer)}</c> of {Names.Xml(_p.SpecFileName)}.");
        w.Line(GeneratedCode);
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({t.Name}JsonConverter))]");
        w.Open($"{_access} sealed partial class {t.Name} : {RuntimeTypes.IJsonWritable}");
        foreach (var p in t.Properties)
        {
            var doc = Names.Xml(p.Description);
            w.Doc($"<c>{Names.Xml(p.JsonName)}</c>{(p.Required ? " (required)" : "")}{(doc.Length > 0 ? ": " + doc : "")}");
            w.Line($"public {_names.Of(p.Type)} {p.Name} {{ get; init; }}{(!p.Type.Nullable && NeedsInitializer(p.Type) ? " = default!;" : "")}");
            if (p.NullMeansUnlimited)
            {
                w.Doc($"True when <c>{Names.Xml(p.JsonName)}</c> was sent as null, which the spec says means unlimited (absent is not unlimited).");
                w.Line($"public bool {NullTrackedProperty.FlagName(p.Name)} {{ get; init; }}");
            }
        }
        var extraType = t.AdditionalValues is { } av ? _names.Of(av) : TypeNames.JsonElement;
        w.Doc("Properties the spec does not declare, as sent, so nothing the provider reports is lost.");
        w.Line($"public global::System.Collections.Generic.IReadOnlyDictionary<string, {extraType}>? AdditionalProperties {{ get; init; }}");
        w.Line();

        // Reader.
        w.Doc($"Reads a <see cref=\"{t.Name}\"/> at the reader's current token (an object).");
        w.Open($"public static {t.Name} Read(ref {TypeNames.Reader} reader)");
        w.Line($"{TypeNames.JsonRead}.ExpectStartObject(ref reader, {Names.Literal(t.Name)});");
        var i = 0;
        var locals = new List<(PropertyModel P, string Local, string Has)>();
        foreach (var p in t.Properties)
        {
            var local = "p" + (i++).ToString(CultureInfo.InvariantCulture);
            locals.Add((p, local, "has" + local));
            w.Line($"{_names.Of(p.Type.WithNullable(true))} {local} = default;");
            if (p.Required) w.Line($"bool has{local} = false;");
            if (p.NullMeansUnlimited) w.Line($"bool unlimited{local} = false;");
        }
        w.Line($"global::System.Collections.Generic.Dictionary<string, {extraType}>? extra = null;");
        w.Open("while (true)");
        w.Line($"if (!reader.Read()) throw new {RuntimeTypes.JsonReadException}(\"the body ends inside {t.Name}\", {Names.Literal(t.Name)});");
        w.Line($"if (reader.TokenType == {TypeNames.TokenType}.EndObject) break;");
        foreach (var (p, local, has) in locals)
        {
            w.Open($"if (reader.ValueTextEquals({Names.Literal(p.JsonName)}u8))");
            w.Line($"{TypeNames.JsonRead}.NextValue(ref reader);");
            if (p.NullMeansUnlimited) w.Line($"unlimited{local} = reader.TokenType == {TypeNames.TokenType}.Null;");
            w.Line($"{local} = {_names.Read(p.Type.WithNullable(true), "reader", p.JsonName)};");
            if (p.Required) w.Line($"{has} = true;");
            w.Line("continue;");
            w.Close();
        }
        w.Line($"var name = {TypeNames.JsonRead}.PropertyName(ref reader);");
        w.Line($"{TypeNames.JsonRead}.NextValue(ref reader);");
        if (t.AdditionalValues is { } values)
        {
            w.Line($"extra ??= new global::System.Collections.Generic.Dictionary<string, {extraType}>(global::System.StringComparer.Ordinal);");
            w.Line($"extra[name] = {_names.Read(values, "reader", t.Name + "{}")};");
        }
        else
        {
            w.Line($"{TypeNames.JsonRead}.AddUnknown(ref extra, name, ref reader);");
        }
        w.Close();
        foreach (var (p, local, has) in locals)
        {
            if (p.Required) w.Line($"if (!{has}) throw {TypeNames.JsonRead}.MissingRequired({Names.Literal(t.Name)}, {Names.Literal(p.JsonName)});");
            if (!p.Type.Nullable) w.Line($"if ({local} is null) throw {TypeNames.JsonRead}.NullNotAllowed({Names.Literal(p.JsonName)});");
        }
        w.Open($"return new {t.Name}");
        foreach (var (p, local, _) in locals)
        {
            var value = !p.Type.Nullable && _c.IsValueType(p.Type) ? local + ".Value" : local + (!p.Type.Nullable ? "!" : "");
            // A non-null reference local after the null check needs no '!'; keep it for the compiler's flow analysis across the throw.
            w.Line($"{p.Name} = {value},");
            if (p.NullMeansUnlimited) w.Line($"{NullTrackedProperty.FlagName(p.Name)} = unlimited{local},");
        }
        w.Line("AdditionalProperties = extra,");
        w.Close(";");
        w.Close();
        w.Line();

        // Writer.
        w.Doc("Writes this object as the provider sends it.");
        w.Open($"public void Write({TypeNames.Writer} writer)");
        w.Line("writer.WriteStartObject();");
        var k = 0;
        foreach (var p in t.Properties)
        {
            var v = "w" + (k++).ToString(CultureInfo.InvariantCulture);
            if (p.Type.Nullable)
            {
                w.Open($"if ({p.Name} is {{ }} {v})");
                w.Line($"writer.WritePropertyName({Names.Literal(p.JsonName)}u8);");
                _names.Write(w, p.Type.WithNullable(false), v);
                w.Close();
                if (p.Required || p.NullMeansUnlimited)
                {
                    w.Line($"else {{ writer.WritePropertyName({Names.Literal(p.JsonName)}u8); writer.WriteNullValue(); }}");
                }
            }
            else
            {
                w.Line($"writer.WritePropertyName({Names.Literal(p.JsonName)}u8);");
                _names.Write(w, p.Type, p.Name);
            }
        }
        w.Open("if (AdditionalProperties is not null)");
        w.Open("foreach (var pair in AdditionalProperties)");
        w.Line("writer.WritePropertyName(pair.Key);");
        if (t.AdditionalValues is { } av2) _names.WriteMaybeNull(w, av2, "pair.Value", 1);
        else w.Line("pair.Value.WriteTo(writer);");
        w.Close();
        w.Close();
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Line();
        ParseAndJson(w, t.Name);
        w.Close();
        w.Line();
        Converter(w, t.Name);
    }

    private void ParseAndJson(SourceWriter w, string name)
    {
        w.Doc($"Parses UTF-8 JSON into a <see cref=\"{name}\"/>; throws <see cref=\"{RuntimeTypes.JsonReadException}\"/> when it does not match the spec.");
        w.Line($"public static {name} Parse(global::System.ReadOnlySpan<byte> utf8Json) => {TypeNames.JsonRead}.Parse(utf8Json, Read);");
        w.Doc("This value as JSON.");
        w.Open("public string ToJson()");
        w.Line("var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();");
        w.Line($"using (var writer = new {TypeNames.Writer}(buffer)) Write(writer);");
        w.Line("return global::System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);");
        w.Close();
    }

    private bool NeedsInitializer(TypeRef t) => !_c.IsValueType(t);

    private void EnumType(SourceWriter w, TypeModel t)
    {
        var n = t.Name;
        w.Doc((Names.Xml(t.Description) is { Length: > 0 } d ? d + " " : "") +
              "An open set: values the spec does not list are kept (see <see cref=\"IsKnown\"/>).");
        w.Line(GeneratedCode);
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({n}JsonConverter))]");
        w.Open($"{_access} readonly partial struct {n} : global::System.IEquatable<{n}>, {RuntimeTypes.IJsonWritable}");
        w.Line("private readonly string? _value;");
        w.Line($"public {n}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        w.Doc("The value as sent.");
        w.Line("public string Value => _value ?? \"\";");
        foreach (var m in t.EnumMembers)
        {
            w.Doc($"<c>{Names.Xml(m.Value)}</c>");
            w.Line($"public static {n} {m.Name} {{ get; }} = new({Names.Literal(m.Value)});");
        }
        w.Doc("True when the value is one the spec lists.");
        var known = t.EnumMembers.Count == 0 ? "false" : "Value is " + string.Join(" or ", t.EnumMembers.Select(m => Names.Literal(m.Value)));
        w.Line($"public bool IsKnown => {known};");
        w.Line($"public static {n} Read(ref {TypeNames.Reader} reader) => new({TypeNames.JsonRead}.String(ref reader, {Names.Literal(n)}));");
        w.Line($"public void Write({TypeNames.Writer} writer) => writer.WriteStringValue(Value);");
        w.Line($"public bool Equals({n} other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        w.Line($"public override bool Equals(object? obj) => obj is {n} other && Equals(other);");
        w.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
        w.Line("public override string ToString() => Value;");
        w.Line($"public static bool operator ==({n} left, {n} right) => left.Equals(right);");
        w.Line($"public static bool operator !=({n} left, {n} right) => !left.Equals(right);");
        w.Close();
        w.Line();
        Converter(w, n);
    }

    private void UnionType(SourceWriter w, TypeModel t)
    {
        var n = t.Name;
        w.Doc($"One of: {string.Join(", ", t.UnionCases.Select(c => c.Kind.ToString().ToLowerInvariant()))} (schema <c>{Names.Xml(t.SourcePointer)}</c>); the JSON token decides.");
        w.Line(GeneratedCode);
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({n}JsonConverter))]");
        w.Open($"{_access} sealed partial class {n} : {RuntimeTypes.IJsonWritable}");
        foreach (var c in t.UnionCases)
        {
            w.Doc($"The value when the JSON was {Article(c.Kind)}.");
            w.Line($"public {_names.Of(c.Type.WithNullable(true))} As{c.Name} {{ get; init; }}");
            w.Line($"public bool Is{c.Name} {{ get; init; }}");
        }
        w.Open($"public static {n} Read(ref {TypeNames.Reader} reader)");
        foreach (var c in t.UnionCases)
        {
            var test = c.Kind switch
            {
                JsonKind.String => $"reader.TokenType == {TypeNames.TokenType}.String",
                JsonKind.Number or JsonKind.Integer => $"reader.TokenType == {TypeNames.TokenType}.Number",
                JsonKind.Boolean => $"reader.TokenType is {TypeNames.TokenType}.True or {TypeNames.TokenType}.False",
                JsonKind.Object => $"reader.TokenType == {TypeNames.TokenType}.StartObject",
                _ => $"reader.TokenType == {TypeNames.TokenType}.StartArray",
            };
            w.Line($"if ({test}) return new {n} {{ As{c.Name} = {_names.Read(c.Type, "reader", n)}, Is{c.Name} = true }};");
        }
        w.Line($"throw {TypeNames.JsonRead}.Unexpected(ref reader, {Names.Literal(n)}, {Names.Literal(string.Join(" or ", t.UnionCases.Select(c => Article(c.Kind))))});");
        w.Close();
        w.Open($"public void Write({TypeNames.Writer} writer)");
        foreach (var c in t.UnionCases)
        {
            w.Open($"if (Is{c.Name} && As{c.Name} is {{ }} {c.Name.ToLowerInvariant()}Value)");
            _names.Write(w, c.Type.WithNullable(false), c.Name.ToLowerInvariant() + "Value");
            w.Line("return;");
            w.Close();
        }
        w.Line("writer.WriteNullValue();");
        w.Close();
        ParseAndJson(w, n);
        w.Close();
        w.Line();
        Converter(w, n);
    }

    private static string Article(JsonKind kind) => kind switch
    {
        JsonKind.String => "a string", JsonKind.Number => "a number", JsonKind.Integer => "an integer",
        JsonKind.Boolean => "a boolean", JsonKind.Object => "an object", _ => "an array",
    };

}
