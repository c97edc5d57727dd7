using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Emit;

/// <summary>Writes the provider's typed client: one method pair per operation, the call itself, and a response class per operation.</summary>
internal sealed class ClientWriter : ProviderWriter
{
    public ClientWriter(ProviderConventions conventions) : base(conventions)
    {
    }

    private static string AuthKindName(AuthKindModel k) => $"{RuntimeTypes.AuthKind}." + k;

    private string SchemeInfo(SecuritySchemeModel s) => s.Prefix is null
        ? $"new {RuntimeTypes.AuthSchemeInfo}({Names.Literal(s.Name)}, {AuthKindName(s.Kind)}, {Names.Literal(s.ParameterName)})"
        : $"new {RuntimeTypes.AuthSchemeInfo}({Names.Literal(s.Name)}, {AuthKindName(s.Kind)}, {Names.Literal(s.ParameterName)}, {Names.Literal(s.Prefix)})";

    public override string Write()
    {
        var w = _c.Begin();
        var c = _p.ClientName;
        w.Doc($"Typed client for {Names.Xml(_p.Title)}{(_p.Version is null ? "" : " " + Names.Xml(_p.Version))}, generated from {Names.Xml(_p.SpecFileName)}. " +
              "Built on a given <see cref=\"global::System.Net.Http.HttpClient\"/> (IHttpClientFactory-friendly): its BaseAddress, when set, overrides the spec's server.");
        w.Line(GeneratedCode);
        w.Open($"{_access} sealed partial class {c}");
        w.Doc("The provider's name as compiled in.");
        w.Line($"public const string ProviderName = {Names.Literal(_p.Name)};");
        w.Doc("The spec's first server, used when neither <see cref=\"BaseAddress\"/> nor the HttpClient's BaseAddress is set.");
        w.Line($"public const string? DefaultServer = {Names.Literal(_p.ServerUrl)};");
        w.Line("private readonly global::System.Net.Http.HttpClient _http;");
        w.Line($"private readonly {RuntimeTypes.UsageCredentials} _credentials;");
        w.Line();
        w.Doc("A client over <paramref name=\"httpClient\"/> with <paramref name=\"credentials\"/> (API key, user and password).");
        w.Open($"public {c}(global::System.Net.Http.HttpClient httpClient, {RuntimeTypes.UsageCredentials}? credentials = null)");
        w.Line("_http = httpClient ?? throw new global::System.ArgumentNullException(nameof(httpClient));");
        w.Line($"_credentials = credentials ?? new {RuntimeTypes.UsageCredentials}();");
        w.Close();
        w.Line();
        w.Doc("Overrides both the HttpClient's BaseAddress and the spec's server.");
        w.Line("public global::System.Uri? BaseAddress { get; set; }");
        w.Line();
        w.Doc("Every security scheme the spec declares.");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{RuntimeTypes.AuthSchemeInfo}> SecuritySchemes {{ get; }} = new {RuntimeTypes.AuthSchemeInfo}[] {{ {string.Join(", ", _p.SecuritySchemes.Select(SchemeInfo))} }};");

        foreach (var op in _p.Operations) Operation(w, op);
        w.Close();

        foreach (var op in _p.Operations)
        {
            w.Line();
            ResponseClass(w, op);
        }
        return ProviderConventions.End(w);
    }

    /// <summary>The internal method that makes the call; its leading underscores keep it apart from every operation's public names.</summary>
    private static string UriCacheField(OperationModel op) => "_uri" + op.Name;

    /// <summary>The operation's context, made on first use: it only holds constants and the client's credentials.</summary>
    private static string ContextField(OperationModel op) => "_context" + op.Name;

    private void Operation(SourceWriter w, OperationModel op)
    {
        var parameters = op.Parameters.Select(p => $"{_names.Of(p.Type)} {p.CSharpName}{(p.Required ? "" : " = default")}").ToList();
        parameters.Add("global::System.Threading.CancellationToken cancellationToken = default");
        var signature = string.Join(", ", parameters);
        var args = string.Join(", ", op.Parameters.Select(p => p.CSharpName).Concat(new[] { "cancellationToken" }));
        var summary = Names.Xml(op.Summary ?? op.Description) is { Length: > 0 } s ? s + " " : "";
        var schemesField = "s_auth" + op.Name;
        var byName = _p.SecuritySchemes.ToDictionary(x => x.Name);

        w.Line();
        w.Line($"private static readonly {RuntimeTypes.AuthSchemeInfo}[] {schemesField} = {{ {string.Join(", ", op.Security.Where(byName.ContainsKey).Select(n => SchemeInfo(byName[n])))} }};");
        w.Line($"private readonly {RuntimeTypes.UriCache} {UriCacheField(op)} = new {RuntimeTypes.UriCache}();");
        w.Line($"private {RuntimeTypes.OperationContext}? {ContextField(op)};");
        w.Line();
        w.Doc($"{summary}<c>{op.HttpMethod} {Names.Xml(op.Path)}</c>: returns the body. Failures are <see cref=\"{RuntimeTypes.UsageGenException}\"/>.");
        foreach (var p in op.Parameters) w.Line($"/// <param name=\"{p.CSharpName.TrimStart('@')}\">{(p.In == ParameterLocation.Header ? "Header <c>" + Names.Xml(p.Name) + "</c>. " : "")}{Names.Xml(p.Description)}</param>");
        w.Line($"public async global::System.Threading.Tasks.Task<{_c.BodyType(op)}> {op.Name}Async({signature})");
        w.Line($"    => (await {ProviderConventions.CoreName(op)}({args}).ConfigureAwait(false)).Body;");
        w.Line();
        w.Doc($"{summary}<c>{op.HttpMethod} {Names.Xml(op.Path)}</c>: returns the body with status and headers{(op.Success.Headers.Count > 0 ? " (typed: " + string.Join(", ", op.Success.Headers.Select(h => Names.Xml(h.Name))) + ")" : "")}.");
        w.Line($"public async global::System.Threading.Tasks.Task<{op.ResponseTypeName}> {op.Name}WithResponseAsync({signature})");
        w.Line($"    => await {ProviderConventions.CoreName(op)}({args}).ConfigureAwait(false);");
        w.Line();
        // One task per public call: the call itself is a ValueTask the two methods above (and the usage adapter) await.
        w.Open($"internal async global::System.Threading.Tasks.ValueTask<{op.ResponseTypeName}> {ProviderConventions.CoreName(op)}({signature})");
        w.Line($"var context = {ContextField(op)} ??= new {RuntimeTypes.OperationContext}(ProviderName, {Names.Literal(op.Name)}, _credentials);");
        w.Line($"var auth = {RuntimeTypes.Auth}.Choose(_credentials, {schemesField}, optional: {(op.SecurityOptional ? "true" : "false")}, context);");
        var queryParameters = op.Parameters.Where(p => p.In == ParameterLocation.Query).ToList();
        if (queryParameters.Count == 0)
            w.Line($"var query = {RuntimeTypes.Auth}.Query(auth, _credentials);");
        else
            w.Line("var query = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string?>>();");
        foreach (var p in queryParameters)
        {
            if (p.Type.Kind == TypeRefKind.Array)
                w.Line($"if ({p.CSharpName} is not null) foreach (var item in {p.CSharpName}) query.Add(new({Names.Literal(p.Name)}, {RuntimeTypes.Figures}.Format(item)));");
            else if (p.Type.Nullable)
                w.Line($"if ({p.CSharpName} is {{ }} {p.CSharpName.TrimStart('@')}Value) query.Add(new({Names.Literal(p.Name)}, {RuntimeTypes.Figures}.Format({p.CSharpName.TrimStart('@')}Value)));");
            else
                w.Line($"query.Add(new({Names.Literal(p.Name)}, {RuntimeTypes.Figures}.Format({p.CSharpName})));");
        }
        if (queryParameters.Count > 0) w.Line($"{RuntimeTypes.Auth}.AddQuery(auth, _credentials, query);");
        var path = Names.Literal(op.Path);
        foreach (var p in op.Parameters.Where(p => p.In == ParameterLocation.Path))
            path += $".Replace({Names.Literal("{" + p.Name + "}")}, global::System.Uri.EscapeDataString({RuntimeTypes.Figures}.Format({p.CSharpName})))";
        w.Line($"var uri = {RuntimeTypes.HttpCall}.BuildUri({UriCacheField(op)}, BaseAddress ?? _http.BaseAddress, DefaultServer, {path}, query);");
        w.Line($"var request = new global::System.Net.Http.HttpRequestMessage({HttpMethodExpression(op.HttpMethod)}, uri);");
        // Unparsed: the handler sends the text as is, and nothing is allocated to parse it.
        w.Line("request.Headers.TryAddWithoutValidation(\"Accept\", \"application/json\");");
        foreach (var p in op.Parameters.Where(p => p.In == ParameterLocation.Header))
        {
            if (p.Type.Nullable)
                w.Line($"if ({p.CSharpName} is {{ }} {p.CSharpName.TrimStart('@')}Header) request.Headers.TryAddWithoutValidation({Names.Literal(p.Name)}, {RuntimeTypes.Figures}.Format({p.CSharpName.TrimStart('@')}Header));");
            else
                w.Line($"request.Headers.TryAddWithoutValidation({Names.Literal(p.Name)}, {RuntimeTypes.Figures}.Format({p.CSharpName}));");
        }
        foreach (var p in op.Parameters.Where(p => p.In == ParameterLocation.Cookie))
            w.Line($"if ({p.CSharpName} is {{ }} {p.CSharpName.TrimStart('@')}Cookie) request.Headers.TryAddWithoutValidation(\"Cookie\", {Names.Literal(p.Name + "=")} + global::System.Uri.EscapeDataString({RuntimeTypes.Figures}.Format({p.CSharpName.TrimStart('@')}Cookie)));");
        w.Line($"{RuntimeTypes.Auth}.Apply(request, auth, _credentials);");
        w.Line($"var result = await {RuntimeTypes.HttpCall}.SendAsync(_http, request, context, cancellationToken).ConfigureAwait(false);");
        w.Open("if (!result.IsSuccess)");
        w.Line("object? error = null;");
        w.Line("string? description = null;");
        w.Line("var status = (int)result.Status;");
        var first = true;
        foreach (var e in op.Errors.OrderBy(e => e.Status == 0 ? 1 : e.IsRange ? 0 : -1).ThenBy(e => e.Status))
        {
            var cond = e.Status == 0 ? "true" : e.IsRange ? $"status / 100 == {e.Status / 100}" : $"status == {e.Status}";
            w.Line($"{(first ? "" : "else ")}if ({cond})");
            w.Line("{");
            w.Indent();
            w.Line($"description = {Names.Literal(e.Description)};");
            if (e.Body is { } body)
                w.Line($"error = {RuntimeTypes.HttpCall}.TryParseError(result, static (ref {TypeNames.Reader} r) => {_names.Read(body.WithNullable(false), "r", "error")});");
            else
                w.Line($"error = {RuntimeTypes.HttpCall}.TryParseError(result, static (ref {TypeNames.Reader} r) => {TypeNames.JsonRead}.Element(ref r, \"error\"));");
            w.Outdent();
            w.Line("}");
            first = false;
        }
        if (op.Errors.All(e => e.Status != 0))
            w.Line($"{(first ? "" : "else ")}error = {RuntimeTypes.HttpCall}.TryParseError(result, static (ref {TypeNames.Reader} r) => {TypeNames.JsonRead}.Element(ref r, \"error\"));");
        w.Line($"throw {RuntimeTypes.HttpCall}.StatusError(result, context, error, description);");
        w.Close();
        if (op.Success.Body is { } successBody)
            w.Line($"var body = {RuntimeTypes.HttpCall}.ParseBody(result, context, static (ref {TypeNames.Reader} r) => {_names.Read(successBody, "r", "$")});");
        else
            w.Line($"{TypeNames.JsonElement}? body = result.Body.Length == 0 ? null : {RuntimeTypes.HttpCall}.ParseBody(result, context, static (ref {TypeNames.Reader} r) => {TypeNames.JsonRead}.Element(ref r, \"$\"));");
        w.Line($"return new {op.ResponseTypeName}(result, body);");
        w.Close();
    }

    private void ResponseClass(SourceWriter w, OperationModel op)
    {
        var n = op.ResponseTypeName;
        w.Doc($"The response of <c>{op.HttpMethod} {Names.Xml(op.Path)}</c>: body, status and headers.");
        w.Line(GeneratedCode);
        w.Open($"{_access} sealed partial class {n} : {RuntimeTypes.ApiResponse}<{_c.BodyType(op)}>");
        w.Open($"internal {n}({RuntimeTypes.HttpCallResult} result, {_c.BodyType(op)} body) : base(result, body)");
        foreach (var h in op.Success.Headers)
        {
            var read = h.Type.Primitive switch
            {
                PrimitiveKind.Int32 or PrimitiveKind.Int64 => $"{RuntimeTypes.HttpCall}.GetHeaderInt64(result, {Names.Literal(h.Name)})",
                PrimitiveKind.Decimal or PrimitiveKind.Double => $"{RuntimeTypes.HttpCall}.GetHeaderDecimal(result, {Names.Literal(h.Name)})",
                PrimitiveKind.Boolean => $"{RuntimeTypes.HttpCall}.GetHeaderBoolean(result, {Names.Literal(h.Name)})",
                PrimitiveKind.DateTimeOffset => $"{RuntimeTypes.HttpCall}.GetHeaderDateTime(result, {Names.Literal(h.Name)})",
                _ => $"result.GetHeader({Names.Literal(h.Name)})",
            };
            w.Line($"{h.PropertyName} = {read};");
        }
        w.Close();
        foreach (var h in op.Success.Headers)
        {
            w.Doc($"Response header <c>{Names.Xml(h.Name)}</c>{(h.Description is null ? "" : ": " + Names.Xml(h.Description))}");
            w.Line($"public {HeaderType(h.Type)} {h.PropertyName} {{ get; }}");
        }
        w.Close();
    }

    private static string HeaderType(TypeRef t) => t.Primitive switch
    {
        PrimitiveKind.Int32 or PrimitiveKind.Int64 => "long?",
        PrimitiveKind.Decimal or PrimitiveKind.Double => "decimal?",
        PrimitiveKind.Boolean => "bool?",
        PrimitiveKind.DateTimeOffset => "global::System.DateTimeOffset?",
        _ => "string?",
    };

    /// <summary>The shared HttpMethod instance for the standard methods (no allocation per request).</summary>
    private static string HttpMethodExpression(string method) => method.ToUpperInvariant() switch
    {
        "GET" => "global::System.Net.Http.HttpMethod.Get",
        "POST" => "global::System.Net.Http.HttpMethod.Post",
        "PUT" => "global::System.Net.Http.HttpMethod.Put",
        "DELETE" => "global::System.Net.Http.HttpMethod.Delete",
        "HEAD" => "global::System.Net.Http.HttpMethod.Head",
        "OPTIONS" => "global::System.Net.Http.HttpMethod.Options",
        "TRACE" => "global::System.Net.Http.HttpMethod.Trace",
        _ => $"new global::System.Net.Http.HttpMethod({Names.Literal(method)})",
    };
}
