using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NSwag;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Parsing;

/// <summary>Projects an NSwag document into our records: types, operations, security; then runs the normalization stage.</summary>
internal sealed class ModelBuilder
{
    private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    private readonly SpecInput _input;
    private readonly YamlDocument _yaml;
    private readonly OpenApiDocument _doc;
    private readonly DiagnosticBag _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<JsonSchema, string> _componentPointers = new();
    private readonly Dictionary<JsonSchema, TypeRef> _mapped = new();
    private readonly Dictionary<string, TypeModel> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _typeNames = new(StringComparer.Ordinal);
    private readonly HashSet<JsonSchema> _inProgress = new();

    public ModelBuilder(SpecInput input, YamlDocument yaml, OpenApiDocument doc, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        _input = input;
        _yaml = yaml;
        _doc = doc;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    public string FileName => _diagnostics.FileName;

    public ProviderModel? Build()
    {
        var overrides = UsageOverrides.Read(_yaml, _diagnostics);
        var name = ProviderName(overrides);
        if (name is null) return null;
        var ns = _input.Options.Namespace ?? overrides.Namespace ?? "UsageGen.Providers." + name;
        if (!Names.IsNamespace(ns))
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidOption.Id, SpecPosition.FileStart, "namespace", ns, "not a C# namespace");
            return null;
        }
        var clientName = _input.Options.ClientName ?? name + "Client";
        if (!Names.IsIdentifier(clientName))
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidOption.Id, SpecPosition.FileStart, "client name", clientName, "not a C# identifier");
            return null;
        }
        var isPublic = true;
        if (_input.Options.Accessibility is { } access)
        {
            if (string.Equals(access, "internal", StringComparison.OrdinalIgnoreCase)) isPublic = false;
            else if (!string.Equals(access, "public", StringComparison.OrdinalIgnoreCase))
                _diagnostics.Add(DiagnosticDescriptors.InvalidOption.Id, SpecPosition.FileStart, "accessibility", access, "use 'public' or 'internal'");
        }

        // Infrastructure names the emitter uses; schemas get other names.
        foreach (var reserved in new[] { clientName, name + "UsageAdapter", name + "Json", name + "Examples" }) _typeNames.Add(reserved);

        if (_doc.Components?.Schemas is { } schemas)
            foreach (var pair in schemas)
                _componentPointers[pair.Value] = "/components/schemas/" + YamlDocument.Escape(pair.Key);
        if (_doc.Definitions is { } definitions)
            foreach (var pair in definitions)
                if (!_componentPointers.ContainsKey(pair.Value))
                    _componentPointers[pair.Value] = "/definitions/" + YamlDocument.Escape(pair.Key);

        var security = BuildSecurity();
        var operations = BuildOperations(security);
        _cancellationToken.ThrowIfCancellationRequested();

        var server = _doc.Servers?.FirstOrDefault()?.Url;
        if (server is null && _doc.SchemaType == SchemaType.Swagger2 && !string.IsNullOrEmpty(_doc.Host))
            server = (_doc.Schemes?.FirstOrDefault().ToString().ToLowerInvariant() ?? "https") + "://" + _doc.Host + (_doc.BasePath ?? "");
        if (server is not null && !Uri.TryCreate(server, UriKind.Absolute, out _)) server = null;

        var types = _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToEquatableArray();
        var model = new ProviderModel(name, ns, clientName, isPublic, _input.Path, FileName, _doc.Info?.Title ?? name, _doc.Info?.Version,
            server, security.ToEquatableArray(), types, operations.ToEquatableArray(), null);

        return SpecNormalization.Run(model, overrides, _yaml, _diagnostics);
    }

    // ---- provider name ---------------------------------------------------------------------------------------

    private string? ProviderName(UsageOverrides overrides)
    {
        var explicitName = _input.Options.Provider ?? overrides.Provider;
        if (explicitName is not null)
        {
            if (Names.IsIdentifier(explicitName)) return explicitName;
            _diagnostics.Add(DiagnosticDescriptors.InvalidOption.Id, overrides.ProviderPosition ?? SpecPosition.FileStart, "provider", explicitName, "not a C# identifier");
            return null;
        }
        return InferProviderName(System.IO.Path.GetFileNameWithoutExtension(_input.Path), _doc.Info?.Title);
    }

    /// <summary>
    /// The file name, cased as the title writes it when the title spells it: <c>coingecko.yaml</c> + "CoinGecko Pro API"
    /// gives <c>CoinGecko</c>; otherwise the file name in Pascal case.
    /// </summary>
    internal static string InferProviderName(string fileName, string? title)
    {
        var stem = fileName.Split('.')[0];
        var key = new string(stem.Where(char.IsLetterOrDigit).ToArray());
        var titleWords = Regex.Split(title ?? "", @"[^A-Za-z0-9]+").Where(w => w.Length > 0).ToArray();
        for (var i = 0; i < titleWords.Length; i++)
        {
            var joined = "";
            for (var j = i; j < titleWords.Length && joined.Length < key.Length; j++)
            {
                var w = titleWords[j];
                joined += char.ToUpperInvariant(w[0]) + w.Substring(1);
                if (string.Equals(joined, key, StringComparison.OrdinalIgnoreCase)) return joined;
            }
        }
        return Names.Pascal(stem);
    }

    // ---- security --------------------------------------------------------------------------------------------

    private List<SecuritySchemeModel> BuildSecurity()
    {
        var result = new List<SecuritySchemeModel>();
        var schemes = _doc.Components?.SecuritySchemes ?? new Dictionary<string, OpenApiSecurityScheme>();
        foreach (var pair in schemes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var pointer = (_doc.SchemaType == SchemaType.Swagger2 ? "/securityDefinitions/" : "/components/securitySchemes/") + YamlDocument.Escape(pair.Key);
            var s = pair.Value;
            if (s is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.InvalidDocument.Id, _yaml.ValueAt(pointer), "security scheme '" + pair.Key + "' is empty");
                continue;
            }
            AuthKindModel kind;
            string? parameter = null;
            switch (s.Type)
            {
                case OpenApiSecuritySchemeType.ApiKey:
                    kind = s.In switch
                    {
                        OpenApiSecurityApiKeyLocation.Query => AuthKindModel.ApiKeyQuery,
                        OpenApiSecurityApiKeyLocation.Cookie => AuthKindModel.ApiKeyCookie,
                        _ => AuthKindModel.ApiKeyHeader,
                    };
                    parameter = s.Name;
                    if (string.IsNullOrEmpty(parameter))
                    {
                        _diagnostics.Add(DiagnosticDescriptors.InvalidDocument.Id, _yaml.ValueAt(pointer), "apiKey security scheme '" + pair.Key + "' has no 'name'");
                        continue;
                    }
                    break;
                case OpenApiSecuritySchemeType.Basic:
                    kind = AuthKindModel.Basic;
                    break;
                case OpenApiSecuritySchemeType.Http:
                    if (string.Equals(s.Scheme, "basic", StringComparison.OrdinalIgnoreCase)) kind = AuthKindModel.Basic;
                    else
                    {
                        kind = AuthKindModel.Bearer;
                        if (!string.Equals(s.Scheme, "bearer", StringComparison.OrdinalIgnoreCase))
                            _diagnostics.Add(DiagnosticDescriptors.UnsupportedSecurity.Id, _yaml.ValueAt(pointer), pair.Key, "http " + s.Scheme);
                    }
                    break;
                default:
                    kind = AuthKindModel.Bearer;
                    _diagnostics.Add(DiagnosticDescriptors.UnsupportedSecurity.Id, _yaml.ValueAt(pointer), pair.Key, s.Type.ToString());
                    break;
            }
            var prefix = kind == AuthKindModel.ApiKeyHeader ? AuthSchemeWord.Read(parameter, s.Description) : null;
            result.Add(new SecuritySchemeModel(pair.Key, kind, parameter, s.Description, prefix));
        }
        return result;
    }

    // ---- operations ------------------------------------------------------------------------------------------

    private List<OperationModel> BuildOperations(List<SecuritySchemeModel> security)
    {
        var result = new List<OperationModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var known = new HashSet<string>(security.Select(s => s.Name), StringComparer.Ordinal);
        foreach (var pathPair in (_doc.Paths ?? new Dictionary<string, OpenApiPathItem>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var method in Methods)
            {
                if (!pathPair.Value.TryGetValue(method, out var op) && !pathPair.Value.TryGetValue(method.ToUpperInvariant(), out op)) continue;
                _cancellationToken.ThrowIfCancellationRequested();
                var pointer = "/paths/" + YamlDocument.Escape(pathPair.Key) + "/" + method;
                var display = method.ToUpperInvariant() + " " + pathPair.Key;
                var baseName = Names.Pascal(op.OperationId ?? (method + " " + pathPair.Key.Replace("{", " by ").Replace("}", " ")));
                if (op.OperationId is not null && Names.Pascal(op.OperationId) != op.OperationId && !Names.IsIdentifier(op.OperationId))
                    _diagnostics.Add(DiagnosticDescriptors.RenamedIdentifier.Id, _yaml.ValueAt(pointer + "/operationId"), op.OperationId, baseName, "operationId");
                var opName = Names.Unique(baseName, names);
                var operation = BuildOperation(op, opName, method, pathPair.Key, pointer, display, known);
                if (operation is not null) result.Add(operation);
            }
        }
        return result;
    }

    private OperationModel? BuildOperation(OpenApiOperation op, string name, string method, string path, string pointer, string display, HashSet<string> knownSchemes)
    {
        var responses = op.ActualResponses ?? new Dictionary<string, OpenApiResponse>();
        var success = responses.Where(r => IsSuccess(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal).FirstOrDefault();
        if (success.Value is null)
        {
            _diagnostics.Add(DiagnosticDescriptors.NoSuccessResponse.Id, _yaml.KeyAt(pointer + "/responses") is var at && _yaml.Has(pointer + "/responses") ? at : _yaml.KeyAt(pointer), display);
            return null;
        }

        var responseTypeName = Names.Unique(name + "Response", _typeNames);
        var successPointer = pointer + "/responses/" + YamlDocument.Escape(success.Key);
        var successResponse = success.Value.ActualResponse ?? success.Value;
        var (bodySchema, mediaPointer, mediaExample) = JsonBody(successResponse, successPointer);
        var body = bodySchema is null ? null : Map(bodySchema, mediaPointer + "/schema", name + "Result", false);
        var headers = BuildHeaders(successResponse, successPointer);
        var example = bodySchema is null ? null : ExampleJson(mediaExample, bodySchema);
        var status = int.TryParse(success.Key.Substring(0, 3).Replace("X", "0"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 200;
        var successModel = new ResponseModel(status, body, headers.ToEquatableArray(), successResponse.Description, example);

        var errors = new List<ErrorModel>();
        foreach (var pair in responses.Where(r => !IsSuccess(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var key = pair.Key;
            var errPointer = pointer + "/responses/" + YamlDocument.Escape(key);
            var response = pair.Value.ActualResponse ?? pair.Value;
            var (errSchema, errMedia, _) = JsonBody(response, errPointer);
            int code;
            var range = false;
            if (key == "default") code = 0;
            else if (key.Length == 3 && (key[1] is 'X' or 'x') && int.TryParse(key.Substring(0, 1), out var first)) { code = first * 100; range = true; }
            else if (!int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out code)) continue;
            var errType = errSchema is null ? null : Map(errSchema, errMedia + "/schema", name + StatusName(key) + "Error", false);
            errors.Add(new ErrorModel(code, range, errType, response.Description));
        }

        var parameters = BuildParameters(op, pointer, name);

        var requirements = op.Security ?? _doc.Security ?? new List<OpenApiSecurityRequirement>();
        var schemes = new List<string>();
        var optional = requirements.Count == 0;
        foreach (var requirement in requirements)
        {
            if (requirement.Count == 0) optional = true;
            foreach (var schemeName in requirement.Keys)
                if (knownSchemes.Contains(schemeName) && !schemes.Contains(schemeName)) schemes.Add(schemeName);
        }

        return new OperationModel(name, method.ToUpperInvariant(), path, op.Summary, op.Description, parameters.ToEquatableArray(),
            successModel, errors.ToEquatableArray(), schemes.ToEquatableArray(), optional, responseTypeName);
    }

    private static bool IsSuccess(string key) => key.Length == 3 && key[0] == '2';

    private static string StatusName(string key) => key switch
    {
        "400" => "BadRequest", "401" => "Unauthorized", "402" => "PaymentRequired", "403" => "Forbidden", "404" => "NotFound",
        "409" => "Conflict", "422" => "UnprocessableEntity", "429" => "TooManyRequests", "500" => "InternalServerError",
        "502" => "BadGateway", "503" => "ServiceUnavailable", "504" => "GatewayTimeout", "default" => "Default",
        _ => "Status" + key.ToUpperInvariant(),
    };

    private (JsonSchema? Schema, string Pointer, object? Example) JsonBody(OpenApiResponse response, string pointer)
    {
        if (response.Content is { Count: > 0 } content)
        {
            var pair = content.FirstOrDefault(c => c.Key.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0);
            if (pair.Value is null) pair = content.FirstOrDefault(c => c.Key == "*/*");
            if (pair.Value is null) return (null, pointer, null);
            var mediaPointer = pointer + "/content/" + YamlDocument.Escape(pair.Key);
            var example = pair.Value.Example ?? pair.Value.Examples?.Values.FirstOrDefault()?.Value;
            // A media type with only an example still has a JSON body: read it as raw JSON.
            return (pair.Value.Schema ?? (example is not null ? new JsonSchema() : null), mediaPointer, example);
        }
        // Swagger 2.0: the schema sits on the response.
        if (response.Schema is not null) return (response.Schema, pointer, response.Examples);
        return (null, pointer, null);
    }

    private List<HeaderModel> BuildHeaders(OpenApiResponse response, string pointer)
    {
        var result = new List<HeaderModel>();
        if (response.Headers is null) return result;
        var names = new HashSet<string>(StringComparer.Ordinal) { "Body", "StatusCode", "Headers", "ReceivedAt", "RateLimit" };
        foreach (var pair in response.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            var header = pair.Value;
            var schema = header.Schema ?? (JsonSchema)header;
            var type = Map(schema, pointer + "/headers/" + YamlDocument.Escape(pair.Key) + "/schema", Names.Pascal(pair.Key) + "Header", false);
            if (type.Kind != TypeRefKind.Primitive || type.Primitive == PrimitiveKind.Json) type = TypeRef.Of(PrimitiveKind.String);
            var propertyName = Names.Unique(Names.Pascal(StripX(pair.Key)), names);
            var example = header.Example ?? schema.Example;
            result.Add(new HeaderModel(pair.Key, propertyName, type.WithNullable(true), header.Description, example is null ? null : Convert.ToString(example is JValue v ? v.Value : example, CultureInfo.InvariantCulture)));
        }
        return result;
    }

    private static string StripX(string header) =>
        header.StartsWith("X-", StringComparison.OrdinalIgnoreCase) && header.Length > 2 ? header.Substring(2) : header;

    private List<ParameterModel> BuildParameters(OpenApiOperation op, string pointer, string operationName)
    {
        var result = new List<ParameterModel>();
        var names = new HashSet<string>(StringComparer.Ordinal) { "cancellationToken" };
        var index = 0;
        foreach (var p in op.ActualParameters)
        {
            var location = p.Kind switch
            {
                OpenApiParameterKind.Path => ParameterLocation.Path,
                OpenApiParameterKind.Query => ParameterLocation.Query,
                OpenApiParameterKind.Header => ParameterLocation.Header,
                OpenApiParameterKind.Cookie => ParameterLocation.Cookie,
                _ => (ParameterLocation?)null,
            };
            var paramPointer = pointer + "/parameters/" + (index++).ToString(CultureInfo.InvariantCulture);
            if (location is null) continue;
            if (location == ParameterLocation.Header && p.Name is { } h &&
                (h.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || h.Equals("Accept", StringComparison.OrdinalIgnoreCase) || h.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
                continue;
            var schema = p.Schema ?? (JsonSchema)p;
            var type = Map(schema, paramPointer + "/schema", operationName + Names.Pascal(p.Name), false);
            var required = p.IsRequired || location == ParameterLocation.Path;
            var csharpName = Names.Unique(Names.Camel(location == ParameterLocation.Header ? StripX(p.Name) : p.Name), names);
            result.Add(new ParameterModel(p.Name, csharpName, location.Value, type.WithNullable(!required), required, p.Description));
        }
        // Required first, so optional ones can default to null.
        return result.Where(r => r.Required).Concat(result.Where(r => !r.Required)).ToList();
    }

    // ---- schemas ---------------------------------------------------------------------------------------------

    private string PointerOf(JsonSchema schema, string fallback) =>
        _componentPointers.TryGetValue(schema, out var p) ? p : fallback;

    private string? ComponentName(JsonSchema schema) =>
        _componentPointers.TryGetValue(schema, out var p) ? p.Substring(p.LastIndexOf('/') + 1).Replace("~1", "/").Replace("~0", "~") : null;

    /// <summary>Maps a schema to a C# type, generating named types for objects, enums and unions.</summary>
    public TypeRef Map(JsonSchema schema, string pointer, string nameHint, bool nullable, string? parentName = null)
    {
        var depth = 0;
        var target = schema;
        while (target.HasReference && target.Reference is not null && depth++ < 64)
        {
            nullable |= target.IsNullableRaw == true;
            target = target.Reference;
        }
        nullable |= target.IsNullableRaw == true || target.Type.HasFlag(JsonObjectType.Null);
        pointer = PointerOf(target, pointer);
        var component = ComponentName(target);
        if (component is not null) nameHint = Names.Pascal(component);

        if (_mapped.TryGetValue(target, out var known)) return known.WithNullable(nullable || known.Nullable);

        var type = MapCore(target, pointer, nameHint, parentName, ref nullable);
        if (component is not null || type.Kind == TypeRefKind.Named) _mapped[target] = type.WithNullable(false);
        return type.WithNullable(nullable || type.Nullable);
    }

    private TypeRef MapCore(JsonSchema s, string pointer, string nameHint, string? parentName, ref bool nullable)
    {
        // allOf: flatten into one object.
        if (s.AllOf.Count > 0)
        {
            if (s.AllOf.Count == 1 && s.Properties.Count == 0 && s.AdditionalPropertiesSchema is null)
            {
                var only = Map(s.AllOf.First(), pointer + "/allOf/0", nameHint, false);
                return only;
            }
            return ObjectType(s, pointer, ComponentName(s) is null ? QualifiedHint(nameHint, parentName, false) : nameHint);
        }

        var alternatives = s.OneOf.Count > 0 ? s.OneOf : s.AnyOf;
        if (alternatives.Count > 0)
        {
            var keyword = s.OneOf.Count > 0 ? "oneOf" : "anyOf";
            var list = alternatives.Select((a, i) => (Schema: a, Pointer: pointer + "/" + keyword + "/" + i.ToString(CultureInfo.InvariantCulture))).ToList();
            var nonNull = list.Where(a => !IsNullSchema(a.Schema)).ToList();
            if (nonNull.Count < list.Count) nullable = true;
            if (nonNull.Count == 0) return TypeRef.Of(PrimitiveKind.Json);
            if (nonNull.Count == 1) return Map(nonNull[0].Schema, nonNull[0].Pointer, nameHint, false);
            return UnionType(nonNull, pointer, nameHint, keyword);
        }

        var t = s.Type & ~JsonObjectType.Null;
        if (s.IsEnumeration && (t == JsonObjectType.String || t == JsonObjectType.None) && s.Enumeration.All(e => e is null || e is string))
            return EnumType(s, pointer, ComponentName(s) is null ? QualifiedHint(nameHint, parentName, true) : nameHint, ref nullable);

        if (t == JsonObjectType.None && (s.Properties.Count > 0 || s.AdditionalPropertiesSchema is not null)) t = JsonObjectType.Object;
        if (t == JsonObjectType.None && s.Item is not null) t = JsonObjectType.Array;

        switch (t)
        {
            case JsonObjectType.Object:
                if (s.Properties.Count == 0)
                {
                    var values = s.AdditionalPropertiesSchema is { } ap ? Map(ap, pointer + "/additionalProperties", nameHint + "Value", false) : TypeRef.Of(PrimitiveKind.Json);
                    return TypeRef.MapOf(values);
                }
                return ObjectType(s, pointer, ComponentName(s) is null ? QualifiedHint(nameHint, parentName, false) : nameHint);
            case JsonObjectType.Array:
                var item = s.Item is { } it ? Map(it, pointer + "/items", Singular(nameHint), false) : TypeRef.Of(PrimitiveKind.Json);
                return TypeRef.ArrayOf(item);
            case JsonObjectType.String:
                return TypeRef.Of(s.Format switch
                {
                    "date-time" => PrimitiveKind.DateTimeOffset,
                    "date" => PrimitiveKind.Date,
                    "uuid" or "guid" => PrimitiveKind.Guid,
                    _ => PrimitiveKind.String,
                });
            case JsonObjectType.Integer:
                return TypeRef.Of(s.Format == "int32" ? PrimitiveKind.Int32 : PrimitiveKind.Int64);
            case JsonObjectType.Number:
                return TypeRef.Of(s.Format is "double" or "float" ? PrimitiveKind.Double : PrimitiveKind.Decimal);
            case JsonObjectType.Boolean:
                return TypeRef.Of(PrimitiveKind.Boolean);
            case JsonObjectType.None:
                return TypeRef.Of(PrimitiveKind.Json);
            default:
                _diagnostics.Add(DiagnosticDescriptors.UnsupportedSchema.Id, _yaml.ValueAt(pointer), pointer, "type " + t.ToString().ToLowerInvariant());
                return TypeRef.Of(PrimitiveKind.Json);
        }
    }

    /// <summary>
    /// An inline schema's type name: the property's own (<c>Key</c>) while free, else prefixed with its parent
    /// (<c>GetUsageTooManyRequestsErrorDetail</c>); enums always take the prefix (<c>PlanTier</c>, not <c>Tier</c>).
    /// </summary>
    private string QualifiedHint(string hint, string? parentName, bool preferQualified)
    {
        if (parentName is null) return hint;
        var qualified = hint.StartsWith(parentName, StringComparison.Ordinal) ? hint : parentName + hint;
        if (preferQualified) return qualified;
        return _typeNames.Contains(Names.Pascal(hint)) ? qualified : hint;
    }

    private static bool IsNullSchema(JsonSchema s) =>
        s.Type == JsonObjectType.Null ||
        (s.Type == JsonObjectType.None && s.IsNullableRaw == true && s.Properties.Count == 0 && !s.HasReference && s.AllOf.Count == 0);

    private static string Singular(string name) =>
        name.EndsWith("ies", StringComparison.Ordinal) ? name.Substring(0, name.Length - 3) + "y" :
        name.EndsWith("s", StringComparison.Ordinal) && !name.EndsWith("ss", StringComparison.Ordinal) ? name.Substring(0, name.Length - 1) : name + "Item";

    private string ClaimTypeName(string hint)
    {
        var name = Names.Pascal(hint);
        return Names.Unique(name, _typeNames);
    }

    private TypeRef ObjectType(JsonSchema s, string pointer, string nameHint)
    {
        var name = ClaimTypeName(nameHint);
        var self = TypeRef.Named(name);
        _mapped[s] = self;

        // Gather properties from allOf parts (recursively), then the schema's own.
        var props = new List<(string Name, JsonSchemaProperty Schema, string Pointer, bool Required)>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        JsonSchema? additional = null;
        void Gather(JsonSchema part, string partPointer, int depth)
        {
            if (depth > 32) return;
            var actual = part;
            var guard = 0;
            while (actual.HasReference && actual.Reference is not null && guard++ < 64) actual = actual.Reference;
            partPointer = PointerOf(actual, partPointer);
            var i = 0;
            foreach (var sub in actual.AllOf) Gather(sub, partPointer + "/allOf/" + (i++).ToString(CultureInfo.InvariantCulture), depth + 1);
            foreach (var r in actual.RequiredProperties) required.Add(r);
            foreach (var pair in actual.Properties)
            {
                props.RemoveAll(p => p.Name == pair.Key);
                props.Add((pair.Key, pair.Value, partPointer + "/properties/" + YamlDocument.Escape(pair.Key), pair.Value.IsRequired));
            }
            if (actual.AdditionalPropertiesSchema is not null) additional = actual.AdditionalPropertiesSchema;
        }
        Gather(s, pointer, 0);

        var memberNames = new HashSet<string>(StringComparer.Ordinal) { name, "AdditionalProperties", "Read", "Write", "ToString", "Equals", "GetHashCode", "GetType" };
        var properties = new List<PropertyModel>();
        foreach (var (jsonName, schema, propPointer, isRequiredFlag) in props)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var isRequired = isRequiredFlag || required.Contains(jsonName);
            var description = schema.Description ?? schema.ActualSchema?.Description;
            var type = Map(schema, propPointer, Names.Pascal(jsonName), false, name);
            var nullable = type.Nullable || !isRequired;
            var csharpName = Names.Pascal(jsonName);
            var unique = Names.Unique(csharpName, memberNames);
            if (unique != csharpName)
                _diagnostics.Add(DiagnosticDescriptors.RenamedIdentifier.Id, _yaml.KeyAt(propPointer), jsonName, unique, "the name is taken in " + name);
            properties.Add(new PropertyModel(jsonName, unique, type.WithNullable(nullable), isRequired, false, description));
        }

        var additionalType = additional is null ? null : Map(additional, pointer + "/additionalProperties", name + "Value", false);
        _types[name] = new TypeModel(name, TypeModelKind.Object, s.Description, pointer, properties.ToEquatableArray(), additionalType,
            EquatableArray<EnumMemberModel>.Empty, EquatableArray<UnionCaseModel>.Empty);
        return self;
    }

    private TypeRef EnumType(JsonSchema s, string pointer, string nameHint, ref bool nullable)
    {
        var name = ClaimTypeName(nameHint);
        var members = new List<EnumMemberModel>();
        var memberNames = new HashSet<string>(StringComparer.Ordinal) { name, "Value", "IsKnown", "Known" };
        foreach (var value in s.Enumeration)
        {
            if (value is null) { nullable = true; continue; }
            var text = (string)value;
            if (members.Any(m => m.Value == text)) continue;
            members.Add(new EnumMemberModel(text, Names.Unique(Names.Pascal(text), memberNames)));
        }
        _types[name] = new TypeModel(name, TypeModelKind.Enum, s.Description, pointer, EquatableArray<PropertyModel>.Empty, null,
            members.ToEquatableArray(), EquatableArray<UnionCaseModel>.Empty);
        var self = TypeRef.Named(name);
        _mapped[s] = self;
        return self;
    }

    private TypeRef UnionType(List<(JsonSchema Schema, string Pointer)> alternatives, string pointer, string nameHint, string keyword)
    {
        var cases = new List<UnionCaseModel>();
        var kinds = new HashSet<JsonKind>();
        var name = ClaimTypeName(nameHint);
        foreach (var (alt, altPointer) in alternatives)
        {
            var type = Map(alt, altPointer, name + "Option" + (cases.Count + 1).ToString(CultureInfo.InvariantCulture), false).WithNullable(false);
            var kind = KindOf(type);
            if (kind is null || !kinds.Add(kind.Value))
            {
                _typeNames.Remove(name);
                _diagnostics.Add(DiagnosticDescriptors.UnsupportedSchema.Id, _yaml.ValueAt(pointer), pointer,
                    keyword + " whose alternatives share a JSON kind (" + (kind?.ToString().ToLowerInvariant() ?? "any") + ") and no discriminator UsageGen can use");
                return TypeRef.Of(PrimitiveKind.Json);
            }
            var caseName = kind.Value switch
            {
                JsonKind.String => "String", JsonKind.Number => "Number", JsonKind.Integer => "Integer",
                JsonKind.Boolean => "Boolean", JsonKind.Object => "Object", _ => "Array",
            };
            cases.Add(new UnionCaseModel(kind.Value, type, caseName));
        }
        // An integer case and a number case cannot be told apart by the token alone: keep the number.
        if (kinds.Contains(JsonKind.Integer) && kinds.Contains(JsonKind.Number)) cases.RemoveAll(c => c.Kind == JsonKind.Integer);
        _types[name] = new TypeModel(name, TypeModelKind.Union, null, pointer, EquatableArray<PropertyModel>.Empty, null,
            EquatableArray<EnumMemberModel>.Empty, cases.ToEquatableArray());
        return TypeRef.Named(name);
    }

    private JsonKind? KindOf(TypeRef type)
    {
        switch (type.Kind)
        {
            case TypeRefKind.Array: return JsonKind.Array;
            case TypeRefKind.Map: return JsonKind.Object;
            case TypeRefKind.Named:
                var t = _types.TryGetValue(type.Name!, out var model) ? model : null;
                return t?.Kind switch { TypeModelKind.Enum => JsonKind.String, TypeModelKind.Object => JsonKind.Object, _ => null };
            default:
                return type.Primitive switch
                {
                    PrimitiveKind.String or PrimitiveKind.DateTimeOffset or PrimitiveKind.Date or PrimitiveKind.Guid => JsonKind.String,
                    PrimitiveKind.Int32 or PrimitiveKind.Int64 => JsonKind.Integer,
                    PrimitiveKind.Decimal or PrimitiveKind.Double => JsonKind.Number,
                    PrimitiveKind.Boolean => JsonKind.Boolean,
                    _ => null,
                };
        }
    }

    public TypeModel? FindType(string name) => _types.TryGetValue(name, out var t) ? t : null;

    // ---- examples --------------------------------------------------------------------------------------------

    /// <summary>The documented example body: the media type's, else the schema's, else composed from property examples.</summary>
    private static string? ExampleJson(object? mediaExample, JsonSchema schema)
    {
        var token = ToToken(mediaExample) ?? Compose(schema, 0);
        return token?.ToString(Formatting.None);
    }

    private static JToken? ToToken(object? value) => value switch
    {
        null => null,
        JToken t => t,
        _ => JToken.FromObject(value),
    };

    private static JToken? Compose(JsonSchema schema, int depth)
    {
        if (depth > 16) return null;
        var s = schema.ActualSchema;
        if (ToToken(schema.Example ?? s.Example) is { } direct) return direct;
        var obj = new JObject();
        foreach (var part in s.AllOf)
            if (Compose(part, depth + 1) is JObject partObject)
                foreach (var p in partObject.Properties()) obj[p.Name] = p.Value;
        foreach (var pair in s.Properties)
            if (Compose(pair.Value, depth + 1) is { } value) obj[pair.Key] = value;
        return obj.Count > 0 ? obj : null;
    }
}
