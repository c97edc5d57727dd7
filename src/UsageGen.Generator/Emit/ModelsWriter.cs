using System.Linq;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Emit;

/// <summary>
/// Writes the provider's DTOs: object classes read and written by the runtime's table-driven
/// <c>JsonShape&lt;T&gt;</c> (each property named once in a create function and once in a write function), open string
/// enums, and unions of JSON kinds. Every type's codec sits in its <c>__Json</c> field, which other generated code reads.
/// </summary>
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

    /// <summary>The attributes every type carries: tool and version, and the System.Text.Json converter over its codec.</summary>
    private void TypeAttributes(SourceWriter w, string name)
    {
        w.Line(GeneratedCode);
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({_names.Generated(name)}.{NameScope.ConverterClass}))]");
    }

    /// <summary>The converter <see cref="TypeAttributes"/> names: private, over the type's codec field.</summary>
    private static void Converter(SourceWriter w, string self) =>
        w.Line($"private sealed class {NameScope.ConverterClass} : {RuntimeTypes.JsonCodecConverter}<{self}> {{ public {NameScope.ConverterClass}() : base({NameScope.CodecField}) {{ }} }}");

    private void ObjectType(SourceWriter w, TypeModel t)
    {
        // Inside its own body a type is named simply: no member may take its name (CS0542), so nothing can capture it.
        var self = t.Name;
        w.Doc(Escape.Doc(t.Description) is { Length: > 0 } d ? d : $"Schema <c>{Escape.Doc(t.SourcePointer)}</c>.");
        TypeAttributes(w, t.Name);
        w.Open($"{_access} sealed partial class {t.Name} : {RuntimeTypes.IJsonWritable}");
        // The create and write functions' parameters: free among the type's members, though only members could meet them.
        var scope = NameScope.ForMembers(t.Name, NameScope.ObjectTypeMembers);
        foreach (var p in t.Properties) scope.Reserve(p.Name);
        var flags = t.Properties.Where(p => p.NullMeansUnlimited).ToDictionary(p => p.Name, p => NullTrackedProperty.FlagName(t, p.Name));
        foreach (var f in flags.Values) scope.Reserve(f);
        var (v, c, wr, o) = (scope.New("v"), scope.New("c"), scope.New("w"), scope.New("o"));

        foreach (var p in t.Properties)
        {
            var doc = Escape.Doc(p.Description);
            w.Doc($"<c>{Escape.Doc(p.JsonName)}</c>{(p.Required ? " (required)" : "")}{(doc.Length > 0 ? ": " + doc : "")}");
            w.Line($"public {_names.Of(p.Type)} {p.Name} {{ get; init; }}{(!p.Type.Nullable && !_c.IsValueType(p.Type) ? " = default!;" : "")}");
            if (p.NullMeansUnlimited)
            {
                w.Doc($"True when <c>{Escape.Doc(p.JsonName)}</c> was sent as null, which the spec says means unlimited (absent is not unlimited).");
                w.Line($"public bool {flags[p.Name]} {{ get; init; }}");
            }
        }
        var extraType = t.AdditionalValues is { } av ? _names.Of(av) : TypeNames.JsonElement;
        w.Doc("Properties the spec does not declare, as sent.");
        w.Line($"public global::System.Collections.Generic.IReadOnlyDictionary<string, {extraType}>? AdditionalProperties {{ get; init; }}");
        w.Line();
        Converter(w, self);
        // The table: each property once in the create function (JSON name, codec, required) and once in the write function.
        w.Line($"internal static readonly {RuntimeTypes.JsonShape}<{self}> {NameScope.CodecField} = new({Escape.Literal(t.Name)}, static ({v}, {c}) => new()");
        w.Line("{");
        w.Indent();
        foreach (var p in t.Properties)
        {
            w.Line($"{p.Name} = {v}.{(p.Required ? "Required" : "Get")}({Escape.Literal(p.JsonName)}, {_names.Codec(p.Type, c, t.Name)}),");
            if (p.NullMeansUnlimited) w.Line($"{flags[p.Name]} = {v}.WasNull({Escape.Literal(p.JsonName)}),");
        }
        w.Line($"AdditionalProperties = {v}.Extra({(t.AdditionalValues is { } values ? _names.Codec(values, c, t.Name) : "")}),");
        w.Outdent();
        w.Line($"}}, static ({wr}, {o}) =>");
        w.Line("{");
        w.Indent();
        foreach (var p in t.Properties) w.Line($"{wr}.Write({o}.{p.Name});");
        w.Line($"{wr}.Extra({o}.AdditionalProperties);");
        w.Outdent();
        w.Line("});");
        w.Line();
        w.Line($"public static {self} Read(ref {TypeNames.Reader} reader) => {NameScope.CodecField}.Read(ref reader, {Escape.Literal(t.Name)});");
        w.Line($"public void Write({TypeNames.Writer} writer) => {NameScope.CodecField}.Write(writer, this);");
        ParseAndToJson(w, self);
        w.Close();
    }

    /// <summary>Parse and ToJson: the same one-liners on objects and unions, over the type's codec.</summary>
    private static void ParseAndToJson(SourceWriter w, string self)
    {
        w.Line($"public static {self} Parse(global::System.ReadOnlySpan<byte> utf8Json) => {NameScope.CodecField}.Parse(utf8Json);");
        w.Line($"public string ToJson() => {NameScope.CodecField}.ToJson(this);");
    }

    private void EnumType(SourceWriter w, TypeModel t)
    {
        var n = t.Name;
        var self = n;
        w.Doc((Escape.Doc(t.Description) is { Length: > 0 } d ? d + " " : "") +
              "An open set: values the spec does not list are kept (see <see cref=\"IsKnown\"/>).");
        TypeAttributes(w, n);
        w.Open($"{_access} readonly partial struct {n} : global::System.IEquatable<{_names.Generated(n)}>, {RuntimeTypes.IJsonWritable}");
        Converter(w, self);
        w.Line($"internal static readonly {RuntimeTypes.JsonEnumCodec}<{self}> {NameScope.CodecField} = new({Escape.Literal(n)}, static value => new(value));");
        w.Line("private readonly string? _value;");
        w.Line($"public {n}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        w.Doc("The value as sent.");
        w.Line("public string Value => _value ?? \"\";");
        foreach (var m in t.EnumMembers) w.Line($"public static {self} {m.Name} {{ get; }} = new({Escape.Literal(m.Value)});");
        w.Doc("True when the value is one the spec lists.");
        var known = t.EnumMembers.Count == 0 ? "false" : "Value is " + string.Join(" or ", t.EnumMembers.Select(m => Escape.Literal(m.Value)));
        w.Line($"public bool IsKnown => {known};");
        w.Line($"public static {self} Read(ref {TypeNames.Reader} reader) => {NameScope.CodecField}.Read(ref reader, {Escape.Literal(n)});");
        w.Line($"public void Write({TypeNames.Writer} writer) => writer.WriteStringValue(Value);");
        w.Line($"public bool Equals({self} other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        w.Line($"public override bool Equals(object? obj) => obj is {self} other && Equals(other);");
        w.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
        w.Line("public override string ToString() => Value;");
        w.Line($"public static bool operator ==({self} left, {self} right) => left.Equals(right);");
        w.Line($"public static bool operator !=({self} left, {self} right) => !left.Equals(right);");
        w.Close();
    }

    private void UnionType(SourceWriter w, TypeModel t)
    {
        var n = t.Name;
        var self = n;
        w.Doc($"One of: {string.Join(", ", t.UnionCases.Select(c => c.Kind.ToString().ToLowerInvariant()))} (schema <c>{Escape.Doc(t.SourcePointer)}</c>); the JSON token decides.");
        TypeAttributes(w, n);
        w.Open($"{_access} sealed partial class {n} : {RuntimeTypes.IJsonWritable}");
        Converter(w, self);
        w.Line($"internal static readonly {RuntimeTypes.JsonCodec}<{self}> {NameScope.CodecField} = {RuntimeTypes.JsonCodecs}.Custom<{self}>({Escape.Literal(n)}, Read, static (writer, value) => value.Write(writer));");
        foreach (var c in t.UnionCases)
        {
            w.Doc($"The value when the JSON was {Article(c.Kind)}.");
            w.Line($"public {_names.Of(c.Type.WithNullable(true))} As{c.Name} {{ get; init; }}");
            w.Line($"public bool Is{c.Name} {{ get; init; }}");
        }
        w.Open($"public static {self} Read(ref {TypeNames.Reader} reader)");
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
            w.Line($"if ({test}) return new {self} {{ As{c.Name} = {_names.Codec(c.Type.WithNullable(false), TypeNames.SharedCodecs)}.Read(ref reader, {Escape.Literal(n)}), Is{c.Name} = true }};");
        }
        w.Line($"throw {TypeNames.JsonRead}.Unexpected(ref reader, {Escape.Literal(n)}, {Escape.Literal(string.Join(" or ", t.UnionCases.Select(c => Article(c.Kind))))});");
        w.Close();
        w.Open($"public void Write({TypeNames.Writer} writer)");
        foreach (var c in t.UnionCases)
        {
            var local = c.Name.ToLowerInvariant() + "Value";
            w.Open($"if (Is{c.Name} && As{c.Name} is {{ }} {local})");
            w.Line($"{_names.Codec(c.Type.WithNullable(false), TypeNames.SharedCodecs)}.Write(writer, {local});");
            w.Line("return;");
            w.Close();
        }
        w.Line("writer.WriteNullValue();");
        w.Close();
        ParseAndToJson(w, self);
        w.Close();
    }

    private static string Article(JsonKind kind) => kind switch
    {
        JsonKind.String => "a string", JsonKind.Number => "a number", JsonKind.Integer => "an integer",
        JsonKind.Boolean => "a boolean", JsonKind.Object => "an object", _ => "an array",
    };
}
