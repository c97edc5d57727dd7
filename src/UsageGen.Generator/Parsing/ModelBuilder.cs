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
    /// <summary>The provider namespace's type names: schemas, responses, and the client and adapter the emitter writes.</summary>
    private readonly NameScope _typeNames = new();
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
        foreach (var reserved in new[] { clientName, name + "UsageAdapter", name + "Json", name + "Examples" }) _typeNames.Reserve(reserved);

        if (_doc.Components?.Schemas is { } schemas)
            foreach (var pair in schemas)
                _componentPointers[pair.Value] = "/components/schemas/" + YamlDocument.Escape(pair.Key);
        if (_doc.Definitions is { } definitions)
            foreach (var pair in definitions)
                if (!_componentPointers.ContainsKey(pair.Value))
                    _componentPointers[pair.Value] = "/definitions/" + YamlDocument.Escape(pair.Key);

        var security = BuildSecurity();
        var operations = BuildOperations(security, clientName);
        DrainPendingObjects();
        _cancellationToken.ThrowIfCancellationRequested();

        var server = _doc.Servers?.FirstOrDefault()?.Url;
        if (server is null && _doc.SchemaType == SchemaType.Swagger2 && !string.IsNullOrEmpty(_doc.Host))
            server = (_doc.Schemes?.FirstOrDefault().ToString().ToLowerInvariant() ?? "https") + "://" + _doc.Host + (_doc.BasePath ?? "");
        if (server is not null && !Uri.TryCreate(server, UriKind.Absolute, out _)) server = null;
        // A user and password in a server URL would end up in the generated code: credentials come from UsageCredentials.
        if (server is not null && new Uri(server).UserInfo.Length > 0)
            server = new Uri(server).GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);

        operations = LimitNesting(operations);
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
            var prefix = kind == AuthKindModel.ApiKeyHeader ? AuthSchemeWord.Read(parameter, s.Description) ?? AuthSchemeWord.ReadFromSamples(parameter, CodeSamples()) : null;
            result.Add(new SecuritySchemeModel(pair.Key, kind, parameter, s.Description, prefix));
        }
        return result;
    }

    /// <summary>The text of every operation's code samples (<c>x-codeSamples</c>, <c>x-code-samples</c>), as JSON.</summary>
    private IEnumerable<string> CodeSamples()
    {
        foreach (var path in _doc.Paths.Values)
        {
            if (path is null) continue;
            foreach (var op in path.Values)
            {
                if (op?.ExtensionData is not { } data) continue;
                foreach (var key in new[] { "x-codeSamples", "x-code-samples" })
                    if (data.TryGetValue(key, out var samples) && samples is not null)
                        yield return Newtonsoft.Json.JsonConvert.SerializeObject(samples);
            }
        }
    }

    // ---- operations ------------------------------------------------------------------------------------------

    private List<OperationModel> BuildOperations(List<SecuritySchemeModel> security, string clientName)
    {
        var result = new List<OperationModel>();
        // An operation is two public methods on the client: both names must be free (Foo and FooWithResponse meet otherwise).
        var names = NameScope.ForMembers(clientName, NameScope.ClientMembers);
        var known = new HashSet<string>(security.Select(s => s.Name), StringComparer.Ordinal);
        foreach (var pathPair in (_doc.Paths ?? new Dictionary<string, OpenApiPathItem>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pathPair.Value is null) continue;
            foreach (var method in Methods)
            {
                if (!pathPair.Value.TryGetValue(method, out var op) && !pathPair.Value.TryGetValue(method.ToUpperInvariant(), out op)) continue;
                // An operation written as null ('get:' with nothing after it) describes nothing.
                if (op is null) continue;
                _cancellationToken.ThrowIfCancellationRequested();
                var pointer = "/paths/" + YamlDocument.Escape(pathPair.Key) + "/" + method;
                var display = method.ToUpperInvariant() + " " + pathPair.Key;
                var baseName = Names.Pascal(op.OperationId ?? (method + " " + pathPair.Key.Replace("{", " by ").Replace("}", " ")));
                if (op.OperationId is not null && Names.Pascal(op.OperationId) != op.OperationId && !Names.IsIdentifier(op.OperationId))
                    _diagnostics.Add(DiagnosticDescriptors.RenamedIdentifier.Id, _yaml.ValueAt(pointer + "/operationId"), op.OperationId, baseName, "operationId");
                var opName = names.NewFamily(baseName, "{0}Async", "{0}WithResponseAsync");
                var operation = BuildOperation(op, opName, method, pathPair.Key, pointer, display, known);
                if (operation is not null) result.Add(operation);
            }
        }
        return result;
    }

    private OperationModel? BuildOperation(OpenApiOperation op, string name, string method, string path, string pointer, string display, HashSet<string> knownSchemes)
    {
        var responses = (op.Responses ?? new Dictionary<string, OpenApiResponse>())
            .Where(r => r.Value is not null)
            .Select(r => new KeyValuePair<string, OpenApiResponse>(r.Key, r.Value.ActualResponse ?? r.Value))
            .ToList();
        // The first 2xx is the success response; with none, 'default' is; with neither, the call has no typed body.
        var success = responses.Where(r => IsSuccess(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal).FirstOrDefault();
        if (success.Value is null) success = responses.FirstOrDefault(r => r.Key == "default");
        if (success.Value is null)
            _diagnostics.Add(DiagnosticDescriptors.NoSuccessResponse.Id, _yaml.KeyAt(pointer + "/responses") is var at && _yaml.Has(pointer + "/responses") ? at : _yaml.KeyAt(pointer), display);

        var responseTypeName = _typeNames.New(name + "Response", NameScope.ResponseMembers);
        ResponseModel successModel;
        if (success.Value is { } successResponse)
        {
            var successPointer = pointer + "/responses/" + YamlDocument.Escape(success.Key);
            var (bodySchema, mediaPointer, mediaExample) = JsonBody(successResponse, successPointer);
            var body = bodySchema is null ? null : Map(bodySchema, mediaPointer + "/schema", name + "Result", false);
            if (bodySchema is not null) _bodySchemaPointers[name] = mediaPointer + "/schema";
            var headers = BuildHeaders(successResponse, successPointer, responseTypeName);
            var example = bodySchema is null ? null : ExampleJson(mediaExample, bodySchema);
            var status = IsSuccess(success.Key) && int.TryParse(success.Key.Substring(0, 3).Replace("X", "0"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 200;
            successModel = new ResponseModel(status, body, headers.ToEquatableArray(), successResponse.Description, example);
        }
        else
        {
            successModel = new ResponseModel(200, null, EquatableArray<HeaderModel>.Empty, null, null);
        }

        var errors = new List<ErrorModel>();
        foreach (var pair in responses.Where(r => r.Key != success.Key).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var key = pair.Key;
            var errPointer = pointer + "/responses/" + YamlDocument.Escape(key);
            var response = pair.Value;
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
            if (requirement is null || requirement.Count == 0)
            {
                optional = true;
                continue;
            }
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

    private List<HeaderModel> BuildHeaders(OpenApiResponse response, string pointer, string responseTypeName)
    {
        var result = new List<HeaderModel>();
        if (response.Headers is null) return result;
        var names = NameScope.ForMembers(responseTypeName, NameScope.ResponseMembers);
        foreach (var pair in response.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            var header = pair.Value;
            if (header is null) continue;
            // A $ref'd header (components/headers, read by NSwag as a parameter) carries its description there.
            var description = header.Description ?? (header.Reference as OpenApiParameter)?.Description;
            var schema = header.Schema ?? (JsonSchema)header;
            var type = Map(schema, pointer + "/headers/" + YamlDocument.Escape(pair.Key) + "/schema", Names.Pascal(pair.Key) + "Header", false);
            if (type.Kind != TypeRefKind.Primitive || type.Primitive == PrimitiveKind.Json) type = TypeRef.Of(PrimitiveKind.String);
            var propertyName = names.New(Names.Pascal(StripX(pair.Key)));
            var example = header.Example ?? schema.Example;
            result.Add(new HeaderModel(pair.Key, propertyName, type.WithNullable(true), description, example is null ? null : Convert.ToString(example is JValue v ? v.Value : example, CultureInfo.InvariantCulture)));
        }
        return result;
    }

    /// <summary>The one value a parameter schema allows or defaults to: an enum of one value, else its default; null otherwise.</summary>
    private static string? FixedValue(JsonSchema schema)
    {
        var actual = schema.ActualSchema;
        object? value = actual.Enumeration.Count == 1 ? actual.Enumeration.First() : actual.Default ?? schema.Default;
        if (value is JValue j) value = j.Value;
        return value switch
        {
            null => null,
            bool b => b ? "true" : "false",
            string text => text,
            IFormattable f when value is not JToken => f.ToString(null, CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static string StripX(string header) =>
        header.StartsWith("X-", StringComparison.OrdinalIgnoreCase) && header.Length > 2 ? header.Substring(2) : header;

    /// <summary>
    /// The operation's parameters, then its path's that it does not redefine (by name and place), each with its
    /// pointer; null entries and references left unresolved (reported already) are skipped.
    /// </summary>
    private static IEnumerable<(OpenApiParameter Parameter, string Pointer)> Parameters(OpenApiOperation op, string pointer)
    {
        var seen = new HashSet<(string?, OpenApiParameterKind)>();
        var pathPointer = pointer.Substring(0, pointer.LastIndexOf('/'));
        foreach (var (list, listPointer) in new[] { (op.Parameters, pointer), (op.Parent?.Parameters, pathPointer) })
        {
            if (list is null) continue;
            var i = 0;
            foreach (var raw in list)
            {
                var at = listPointer + "/parameters/" + (i++).ToString(CultureInfo.InvariantCulture);
                var p = raw?.ActualParameter;
                if (p is null || !seen.Add((p.Name, p.Kind))) continue;
                yield return (p, at);
            }
        }
    }

    private List<ParameterModel> BuildParameters(OpenApiOperation op, string pointer, string operationName)
    {
        var result = new List<ParameterModel>();
        var names = new NameScope(new[] { "cancellationToken" });
        foreach (var (p, paramPointer) in Parameters(op, pointer))
        {
            var location = p.Kind switch
            {
                OpenApiParameterKind.Path => ParameterLocation.Path,
                OpenApiParameterKind.Query => ParameterLocation.Query,
                OpenApiParameterKind.Header => ParameterLocation.Header,
                OpenApiParameterKind.Cookie => ParameterLocation.Cookie,
                _ => (ParameterLocation?)null,
            };
            if (location is null || string.IsNullOrEmpty(p.Name)) continue;
            if (location == ParameterLocation.Header && p.Name is { } h &&
                (h.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || h.Equals("Accept", StringComparison.OrdinalIgnoreCase) || h.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
                continue;
            var schema = p.Schema ?? (JsonSchema)p;
            var type = Map(schema, paramPointer + "/schema", operationName + Names.Pascal(p.Name), false);
            var required = p.IsRequired || location == ParameterLocation.Path;
            var csharpName = names.New(Names.Camel(location == ParameterLocation.Header ? StripX(p.Name) : p.Name));
            result.Add(new ParameterModel(p.Name, csharpName, location.Value, type.WithNullable(!required), required, p.Description, FixedValue(schema)));
        }
        // Required first, so optional ones can default to null.
        return result.Where(r => r.Required).Concat(result.Where(r => !r.Required)).ToList();
    }

    // ---- schemas ---------------------------------------------------------------------------------------------

    private string PointerOf(JsonSchema schema, string fallback) =>
        _componentPointers.TryGetValue(schema, out var p) ? p : fallback;

    private string? ComponentName(JsonSchema schema) =>
        _componentPointers.TryGetValue(schema, out var p) ? p.Substring(p.LastIndexOf('/') + 1).Replace("~1", "/").Replace("~0", "~") : null;

    // Recursion over schemas is bounded by construction: a schema already on the stack is a cycle (objects are named
    // before their properties are mapped, so only a cycle with no object in it reaches that check), mappings nest at
    // most MaxDepth deep, and from DeferDepth on an object's properties wait in a work list instead of the stack.

    /// <summary>How many schema mappings may be on the stack; deeper is raw JSON with UG0006.</summary>
    internal const int MaxDepth = 64;

    /// <summary>From this depth on, an object's properties are mapped from <see cref="_pendingObjects"/>.</summary>
    private const int DeferDepth = 16;

    private int _depth;
    // Object types by name from the moment they are named (their model is added once their properties are mapped).
    private readonly HashSet<string> _objectNames = new(StringComparer.Ordinal);
    private readonly Queue<(JsonSchema Schema, string Pointer, string Name)> _pendingObjects = new();

    /// <summary>Follows a schema's references to the schema they name (never more than 64 hops).</summary>
    private static JsonSchema Resolve(JsonSchema schema, ref bool nullable)
    {
        var hops = 0;
        var target = schema;
        while (target.HasReference && target.Reference is not null && hops++ < 64)
        {
            nullable |= target.IsNullableRaw == true;
            target = target.Reference;
        }
        return target;
    }

    private static JsonSchema Resolve(JsonSchema schema)
    {
        var ignored = false;
        return Resolve(schema, ref ignored);
    }

    /// <summary>
    /// Follows references and the combinations that only stand for one schema (an <c>allOf</c> of one, a <c>oneOf</c>
    /// or <c>anyOf</c> of one besides null) to the schema that gives the type, so a cycle through them meets the
    /// object at its end; past a combination the type is named without the property's parent.
    /// </summary>
    private JsonSchema? ResolveAlias(JsonSchema schema, ref string pointer, ref bool nullable, ref string? parentName, out bool complete)
    {
        var target = schema;
        complete = false;
        HashSet<JsonSchema>? seen = null;
        for (var hops = 0; hops < 64; hops++)
        {
            // Back where it started with nothing but aliases on the way: it names only itself.
            if (hops > 0 && !(seen ??= new HashSet<JsonSchema> { schema }).Add(target)) return null;
            if (target.HasReference && target.Reference is not null)
            {
                nullable |= target.IsNullableRaw == true;
                target = target.Reference;
                pointer = PointerOf(target, pointer);
                continue;
            }
            if (target.AllOf.Count == 1 && target.Properties.Count == 0 && target.AdditionalPropertiesSchema is null)
            {
                nullable |= target.IsNullableRaw == true || target.Type.HasFlag(JsonObjectType.Null);
                target = target.AllOf.First();
                pointer += "/allOf/0";
                parentName = null;
                continue;
            }
            if (target.AllOf.Count == 0 && (target.OneOf.Count > 0 || target.AnyOf.Count > 0))
            {
                var keyword = target.OneOf.Count > 0 ? "oneOf" : "anyOf";
                var alternatives = target.OneOf.Count > 0 ? target.OneOf : target.AnyOf;
                JsonSchema? only = null;
                var onlyIndex = -1;
                var i = 0;
                foreach (var alternative in alternatives)
                {
                    if (!IsNullSchema(alternative))
                    {
                        if (only is not null) { only = null; break; }
                        only = alternative;
                        onlyIndex = i;
                    }
                    i++;
                }
                if (only is not null)
                {
                    nullable |= alternatives.Count > 1 || target.IsNullableRaw == true || target.Type.HasFlag(JsonObjectType.Null);
                    target = only;
                    pointer += "/" + keyword + "/" + onlyIndex.ToString(CultureInfo.InvariantCulture);
                    parentName = null;
                    continue;
                }
            }
            complete = true;
            break;
        }
        return target;
    }

    /// <summary>Maps a schema to a C# type, generating named types for objects, enums and unions.</summary>
    public TypeRef Map(JsonSchema schema, string pointer, string nameHint, bool nullable, string? parentName = null)
    {
        var site = pointer;
        // A long chain of aliases is followed 64 hops per level of recursion, so the depth limit bounds it too.
        var target = ResolveAlias(schema, ref pointer, ref nullable, ref parentName, out var complete);
        if (target is null)
        {
            Unsupported(pointer, "it contains itself as an allOf, oneOf or anyOf with nothing else in it");
            return TypeRef.Of(PrimitiveKind.Json, nullable);
        }
        nullable |= target.IsNullableRaw == true || target.Type.HasFlag(JsonObjectType.Null);
        pointer = PointerOf(target, pointer);
        var component = ComponentName(target);
        if (component is not null) nameHint = Names.Pascal(component);

        if (_mapped.TryGetValue(target, out var known)) return known.WithNullable(nullable || known.Nullable);
        if (_inProgress.Contains(target))
        {
            Unsupported(site, "it contains itself" + (component is null ? "" : " ('" + component + "')") + " with no object type in between, which no C# type can hold");
            return TypeRef.Of(PrimitiveKind.Json, nullable);
        }
        if (_depth >= MaxDepth)
        {
            Unsupported(site, "schemas nest deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels here");
            return TypeRef.Of(PrimitiveKind.Json, nullable);
        }

        TypeRef type;
        _inProgress.Add(target);
        _depth++;
        try
        {
            type = complete ? MapCore(target, pointer, nameHint, parentName, ref nullable) : Map(target, pointer, nameHint, false, parentName);
        }
        finally
        {
            _depth--;
            _inProgress.Remove(target);
        }
        if (component is not null || type.Kind == TypeRefKind.Named) _mapped[target] = type.WithNullable(false);
        return type.WithNullable(nullable || type.Nullable);
    }

    private void Unsupported(string pointer, string why)
    {
        _unsupported++;
        _diagnostics.Add(DiagnosticDescriptors.UnsupportedSchema.Id, _yaml.ValueAt(pointer), pointer, why);
    }

    /// <summary>How many schemas <see cref="Unsupported"/> has reported so far.</summary>
    private int _unsupported;

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
        return _typeNames.IsTaken(Names.Pascal(hint)) ? qualified : hint;
    }

    private static bool IsNullSchema(JsonSchema s) =>
        s.Type == JsonObjectType.Null ||
        (s.Type == JsonObjectType.None && s.IsNullableRaw == true && s.Properties.Count == 0 && !s.HasReference && s.AllOf.Count == 0);

    private static string Singular(string name) =>
        name.EndsWith("ies", StringComparison.Ordinal) ? name.Substring(0, name.Length - 3) + "y" :
        name.EndsWith("s", StringComparison.Ordinal) && !name.EndsWith("ss", StringComparison.Ordinal) ? name.Substring(0, name.Length - 1) : name + "Item";

    /// <summary>A free type name that is none of the members the type will declare (<paramref name="declares"/>: CS0542).</summary>
    private string ClaimTypeName(string hint, IReadOnlyCollection<string> declares)
    {
        return _typeNames.New(Names.Pascal(hint), declares);
    }

    private TypeRef ObjectType(JsonSchema s, string pointer, string nameHint)
    {
        var name = ClaimTypeName(nameHint, NameScope.ObjectTypeMembers);
        var self = TypeRef.Named(name);
        _mapped[s] = self;
        _objectNames.Add(name);
        // The type is named and registered: its properties can wait, so a long chain of objects never deepens the stack.
        if (_depth >= DeferDepth) _pendingObjects.Enqueue((s, pointer, name));
        else ObjectBody(s, pointer, name);
        return self;
    }

    private void DrainPendingObjects()
    {
        while (_pendingObjects.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var (s, pointer, name) = _pendingObjects.Dequeue();
            var depth = _depth;
            _depth = 0;
            ObjectBody(s, pointer, name);
            _depth = depth;
        }
    }

    private void ObjectBody(JsonSchema s, string pointer, string name)
    {
        // Gather properties from allOf parts (each part once, however often and deep it is included), then the schema's own.
        var props = new List<(string Name, JsonSchemaProperty Schema, string Pointer, bool Required)>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        var gathered = new HashSet<JsonSchema>();
        JsonSchema? additional = null;
        void Gather(JsonSchema part, string partPointer, int depth)
        {
            if (depth > MaxDepth) return;
            var actual = Resolve(part);
            if (!gathered.Add(actual)) return;
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

        var memberNames = NameScope.ForMembers(name, NameScope.ObjectTypeMembers);
        var properties = new List<PropertyModel>();
        foreach (var (jsonName, schema, propPointer, isRequiredFlag) in props)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var isRequired = isRequiredFlag || required.Contains(jsonName);
            var description = schema.Description ?? Resolve(schema).Description;
            var type = Map(schema, propPointer, Names.Pascal(jsonName), false, name);
            var nullable = type.Nullable || !isRequired;
            var csharpName = Names.Pascal(jsonName);
            var unique = memberNames.New(csharpName);
            if (unique != csharpName)
                _diagnostics.Add(DiagnosticDescriptors.RenamedIdentifier.Id, _yaml.KeyAt(propPointer), jsonName, unique, "the name is taken in " + name);
            properties.Add(new PropertyModel(jsonName, unique, type.WithNullable(nullable), isRequired, false, description));
        }

        var additionalType = additional is null ? null : Map(additional, pointer + "/additionalProperties", name + "Value", false);
        _types[name] = new TypeModel(name, TypeModelKind.Object, s.Description, pointer, properties.ToEquatableArray(), additionalType,
            EquatableArray<EnumMemberModel>.Empty, EquatableArray<UnionCaseModel>.Empty);
    }

    private TypeRef EnumType(JsonSchema s, string pointer, string nameHint, ref bool nullable)
    {
        var name = ClaimTypeName(nameHint, NameScope.EnumTypeDeclares);
        var members = new List<EnumMemberModel>();
        var memberNames = NameScope.ForMembers(name, NameScope.EnumTypeMembers);
        foreach (var value in s.Enumeration)
        {
            if (value is null) { nullable = true; continue; }
            var text = (string)value;
            if (members.Any(m => m.Value == text)) continue;
            members.Add(new EnumMemberModel(text, memberNames.New(Names.Pascal(text))));
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
        var name = ClaimTypeName(nameHint, NameScope.UnionTypeMembers);
        foreach (var (alt, altPointer) in alternatives)
        {
            var reported = _unsupported;
            var type = Map(alt, altPointer, name + "Option" + (cases.Count + 1).ToString(CultureInfo.InvariantCulture), false).WithNullable(false);
            var kind = KindOf(type);
            if (kind is null || !kinds.Add(kind.Value))
            {
                _typeNames.Release(name);
                // An alternative that is raw JSON for a reason already said (a cycle, a depth limit) explains this union too.
                if (!(kind is null && _unsupported > reported))
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
                if (_objectNames.Contains(type.Name!)) return JsonKind.Object;
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

    // ---- collection nesting ----------------------------------------------------------------------------------

    /// <summary>
    /// Arrays and maps nest at most this deep in generated types (GeoJSON's multipolygon needs 4); deeper, the value is
    /// raw JSON with UG0006, so a spec cannot make the emitter or the compiler walk an arbitrarily deep type.
    /// </summary>
    internal const int MaxCollectionNesting = 16;

    /// <summary>Where each operation's success body schema is, by operation name: the place a limit on it is reported.</summary>
    private readonly Dictionary<string, string> _bodySchemaPointers = new(StringComparer.Ordinal);

    /// <summary>Every type reference of the model (properties, additional values, union cases, bodies, parameters) within <see cref="MaxCollectionNesting"/>.</summary>
    private List<OperationModel> LimitNesting(List<OperationModel> operations)
    {
        foreach (var t in _types.Values.ToList())
        {
            var properties = t.Properties.Select(p => p with { Type = Limit(p.Type, t.SourcePointer + "/properties/" + YamlDocument.Escape(p.JsonName)) }).ToEquatableArray();
            var extra = t.AdditionalValues is { } av ? Limit(av, t.SourcePointer + "/additionalProperties") : null;
            var cases = t.UnionCases.Select(c => c with { Type = Limit(c.Type, t.SourcePointer) }).ToEquatableArray();
            _types[t.Name] = t with { Properties = properties, AdditionalValues = extra, UnionCases = cases };
        }
        return operations.Select(op =>
        {
            var pointer = UsageGen.Generator.Normalization.UsageNormalizer.OperationPointer(op);
            var body = op.Success.Body is { } b ? Limit(b, _bodySchemaPointers.TryGetValue(op.Name, out var at) ? at : pointer + "/responses") : null;
            return op with
            {
                Success = op.Success with { Body = body },
                Parameters = op.Parameters.Select(p => p with { Type = Limit(p.Type, pointer + "/parameters") }).ToEquatableArray(),
                Errors = op.Errors.Select(e => e with { Body = e.Body is { } eb ? Limit(eb, pointer + "/responses") : null }).ToEquatableArray(),
            };
        }).ToList();
    }

    private TypeRef Limit(TypeRef type, string pointer)
    {
        if (Nesting(type) <= MaxCollectionNesting) return type;
        _diagnostics.Add(DiagnosticDescriptors.UnsupportedSchema.Id, _yaml.ValueAt(pointer), pointer,
            "arrays and maps nested more than " + MaxCollectionNesting.ToString(CultureInfo.InvariantCulture) + " deep");
        return TypeRef.Of(PrimitiveKind.Json, type.Nullable);
    }

    private static int Nesting(TypeRef type)
    {
        var depth = 0;
        for (var t = type; t.Kind is TypeRefKind.Array or TypeRefKind.Map; t = t.Element!) depth++;
        return depth;
    }

    // ---- examples --------------------------------------------------------------------------------------------

    /// <summary>The documented example body: the media type's, else the schema's, else composed from property examples.</summary>
    private static string? ExampleJson(object? mediaExample, JsonSchema schema)
    {
        var budget = MaxComposedNodes;
        var token = ToToken(mediaExample) ?? Compose(schema, new HashSet<JsonSchema>(), ref budget);
        return token?.ToString(Formatting.None);
    }

    /// <summary>How many schemas composing one example may visit (a schema graph can branch at every level).</summary>
    private const int MaxComposedNodes = 2000;

    private static JToken? ToToken(object? value) => value switch
    {
        null => null,
        JToken t => t,
        _ => JToken.FromObject(value),
    };

    /// <summary>An example from the schema's own or its properties' examples; a schema already on the path is left out.</summary>
    private static JToken? Compose(JsonSchema schema, HashSet<JsonSchema> path, ref int budget)
    {
        var s = Resolve(schema);
        if (ToToken(schema.Example ?? s.Example) is { } direct) return direct;
        if (path.Count >= 16 || --budget < 0 || !path.Add(s)) return null;
        var obj = new JObject();
        foreach (var part in s.AllOf)
            if (Compose(part, path, ref budget) is JObject partObject)
                foreach (var p in partObject.Properties()) obj[p.Name] = p.Value;
        foreach (var pair in s.Properties)
            if (Compose(pair.Value, path, ref budget) is { } value) obj[pair.Key] = value;
        path.Remove(s);
        return obj.Count > 0 ? obj : null;
    }
}
