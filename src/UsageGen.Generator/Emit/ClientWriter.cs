using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Emit;

/// <summary>Writes the provider's typed client: one method pair per operation, the call itself, and a response class per operation.</summary>
internal sealed class ClientWriter : ProviderWriter
{
    public ClientWriter(ProviderConventions conventions) : base(conventions)
    {
    }

    private static string AuthKindName(AuthKindModel k) => $"{RuntimeTypes.AuthKind}." + k;

    private string SchemeInfo(SecuritySchemeModel s) => s.Prefix is null
        ? $"new {RuntimeTypes.AuthSchemeInfo}({Escape.Literal(s.Name)}, {AuthKindName(s.Kind)}, {Escape.Literal(s.ParameterName)})"
        : $"new {RuntimeTypes.AuthSchemeInfo}({Escape.Literal(s.Name)}, {AuthKindName(s.Kind)}, {Escape.Literal(s.ParameterName)}, {Escape.Literal(s.Prefix)})";

    public override string Write()
    {
        var w = _c.Begin();
        var c = _p.ClientName;
        // Members are the model's (operations' public methods) and ours; private ones are taken from the same scope.
        var members = NameScope.ForMembers(c, NameScope.ClientMembers);
        foreach (var op in _p.Operations)
        {
            members.Reserve(op.Name + "Async");
            members.Reserve(op.Name + "WithResponseAsync");
            members.Reserve(ProviderConventions.CoreName(op));
        }
        var core = members.New("_core");
        var schemes = members.New("s_schemes");
        var infos = _p.Operations.Select(op => members.New("s_" + op.Name)).ToList();

        w.Doc($"Typed client for {Escape.Doc(_p.Title)}{(_p.Version is null ? "" : " " + Escape.Doc(_p.Version))}, generated from {Escape.Doc(_p.SpecFileName)}. " +
              "Built on a given <see cref=\"global::System.Net.Http.HttpClient\"/> (IHttpClientFactory-friendly): its BaseAddress, when set, overrides the spec's server.");
        w.Line(GeneratedCode);
        w.Open($"{_access} sealed partial class {c}");
        w.Doc("The provider's name as compiled in.");
        w.Line($"public const string ProviderName = {Escape.Literal(_p.Name)};");
        w.Doc("The spec's first server, used when neither <see cref=\"BaseAddress\"/> nor the HttpClient's BaseAddress is set.");
        w.Line($"public const string? DefaultServer = {Escape.Literal(_p.ServerUrl)};");
        w.Line($"private static readonly {RuntimeTypes.AuthSchemeInfo}[] {schemes} = {{ {string.Join(", ", _p.SecuritySchemes.Select(SchemeInfo))} }};");
        w.Line($"private readonly {RuntimeTypes.ClientCore} {core};");
        w.Line();
        w.Doc("A client over <paramref name=\"httpClient\"/> with <paramref name=\"credentials\"/> (API key, user and password).");
        w.Line($"public {c}(global::System.Net.Http.HttpClient httpClient, {RuntimeTypes.UsageCredentials}? credentials = null)");
        w.Line($"    => {core} = new {RuntimeTypes.ClientCore}(ProviderName, DefaultServer, httpClient, credentials, {_p.Operations.Count.ToString(CultureInfo.InvariantCulture)});");
        w.Line();
        w.Doc("Overrides both the HttpClient's BaseAddress and the spec's server.");
        w.Line($"public global::System.Uri? BaseAddress {{ get => {core}.BaseAddress; set => {core}.BaseAddress = value; }}");
        w.Line();
        w.Doc("Every security scheme the spec declares.");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{RuntimeTypes.AuthSchemeInfo}> SecuritySchemes => {schemes};");

        var bySchemeName = _p.SecuritySchemes.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i);
        for (var i = 0; i < _p.Operations.Count; i++) Operation(w, _p.Operations[i], i, infos[i], core, schemes, bySchemeName);
        w.Close();

        foreach (var op in _p.Operations)
        {
            w.Line();
            ResponseClass(w, op);
        }
        return ProviderConventions.End(w);
    }

    private void Operation(SourceWriter w, OperationModel op, int index, string info, string core, string schemes, Dictionary<string, int> bySchemeName)
    {
        var parameters = op.Parameters.Select(p => $"{_names.Of(p.Type)} {p.CSharpName}{(p.Required ? "" : " = default")}").ToList();
        parameters.Add("global::System.Threading.CancellationToken cancellationToken = default");
        var signature = string.Join(", ", parameters);
        var args = string.Join(", ", op.Parameters.Select(p => p.CSharpName).Concat(new[] { "cancellationToken" }));
        var summary = Escape.Doc(op.Summary ?? op.Description) is { Length: > 0 } s ? s + " " : "";
        var opSchemes = op.Security.Where(bySchemeName.ContainsKey).Select(n => $"{schemes}[{bySchemeName[n].ToString(CultureInfo.InvariantCulture)}]");
        // Locals yield to the spec's parameter names: a parameter called call or result keeps its name.
        var locals = new NameScope(op.Parameters.Select(p => p.CSharpName).Concat(new[] { "cancellationToken" }));
        var call = locals.New("call");
        var result = locals.New("result");

        w.Line();
        var errors = op.Errors.OrderBy(e => e.Status == 0 ? 1 : e.IsRange ? 0 : -1).ThenBy(e => e.Status).Select(ErrorInfo).ToList();
        w.Line($"private static readonly {RuntimeTypes.OperationInfo} {info} = new({index.ToString(CultureInfo.InvariantCulture)}, {Escape.Literal(op.Name)}, {HttpMethodExpression(op.HttpMethod)}, {Escape.Literal(op.Path)}, " +
               $"new {RuntimeTypes.AuthSchemeInfo}[] {{ {string.Join(", ", opSchemes)} }}, {(op.SecurityOptional ? "true" : "false")}{string.Concat(errors.Select(e => ", " + e))});");
        w.Line();
        w.Doc($"{summary}<c>{op.HttpMethod} {Escape.Doc(op.Path)}</c>: returns the body. Failures are <see cref=\"{RuntimeTypes.UsageGenException}\"/>.");
        // Every parameter gets a tag once one does (a documented method with an undocumented parameter is CS1573).
        var paramDocs = op.Parameters.Select(p => (Name: p.CSharpName.TrimStart('@'), Text: (p.In == ParameterLocation.Header ? "Header <c>" + Escape.Doc(p.Name) + "</c>. " : "") + Escape.Doc(p.Description))).ToList();
        if (paramDocs.Any(d => d.Text.Length > 0))
        {
            foreach (var (name, text) in paramDocs) w.Line($"/// <param name=\"{name}\">{text}</param>");
            w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
        }
        w.Line($"public async global::System.Threading.Tasks.Task<{_c.BodyType(op)}> {op.Name}Async({signature})");
        w.Line($"    => (await {ProviderConventions.CoreName(op)}({args}).ConfigureAwait(false)).Body;");
        w.Line();
        w.Doc($"As <see cref=\"{op.Name}Async\"/>, with the status and headers{(op.Success.Headers.Count > 0 ? " (typed: " + string.Join(", ", op.Success.Headers.Select(h => Escape.Doc(h.Name))) + ")" : "")}.");
        w.Line($"public async global::System.Threading.Tasks.Task<{_names.Generated(op.ResponseTypeName)}> {op.Name}WithResponseAsync({signature})");
        w.Line($"    => await {ProviderConventions.CoreName(op)}({args}).ConfigureAwait(false);");
        w.Line();
        // One task per public call: the call itself is a ValueTask the two methods above (and the usage adapter) await.
        w.Open($"internal async global::System.Threading.Tasks.ValueTask<{_names.Generated(op.ResponseTypeName)}> {ProviderConventions.CoreName(op)}({signature})");
        w.Line($"var {call} = {core}.Start({info});");
        foreach (var p in op.Parameters)
        {
            var method = p.In switch { ParameterLocation.Path => "Path", ParameterLocation.Query => "Query", ParameterLocation.Header => "Header", _ => "Cookie" };
            var name = p.In == ParameterLocation.Path ? "{" + p.Name + "}" : p.Name;
            w.Line($"{call}.{method}({Escape.Literal(name)}, {p.CSharpName});");
        }
        w.Line($"var {result} = await {call}.SendAsync(cancellationToken).ConfigureAwait(false);");
        var body = op.Success.Body is { } b ? $"{call}.Body({result}, {_names.Codec(b, TypeNames.SharedCodecs)})" : $"{call}.RawBody({result})";
        w.Line($"return new {_names.Generated(op.ResponseTypeName)}({result}, {body});");
        w.Close();
    }

    /// <summary>A documented error as the runtime's <c>ErrorInfo</c>: status, description and the codec of its body.</summary>
    private string ErrorInfo(ErrorModel e)
    {
        var head = $"{e.Status.ToString(CultureInfo.InvariantCulture)}, {(e.IsRange ? "true" : "false")}, {Escape.Literal(e.Description)}";
        return e.Body is { } body
            ? $"{RuntimeTypes.ErrorInfo}.Of({head}, {_names.Codec(body.WithNullable(false), TypeNames.SharedCodecs)})"
            : $"new {RuntimeTypes.ErrorInfo}({head})";
    }

    private void ResponseClass(SourceWriter w, OperationModel op)
    {
        var n = op.ResponseTypeName;
        var bodyType = _c.BodyType(op);
        w.Doc($"The response of <c>{op.HttpMethod} {Escape.Doc(op.Path)}</c>: body, status and headers.");
        w.Line(GeneratedCode);
        w.Open($"{_access} sealed partial class {n} : {RuntimeTypes.ApiResponse}<{bodyType}>");
        if (op.Success.Headers.Count == 0)
        {
            w.Line($"internal {n}({RuntimeTypes.HttpCallResult} result, {bodyType} body) : base(result, body) {{ }}");
            w.Close();
            return;
        }
        w.Open($"internal {n}({RuntimeTypes.HttpCallResult} result, {bodyType} body) : base(result, body)");
        foreach (var h in op.Success.Headers)
        {
            var read = h.Type.Primitive switch
            {
                PrimitiveKind.Int32 or PrimitiveKind.Int64 => $"{RuntimeTypes.HttpCall}.GetHeaderInt64(result, {Escape.Literal(h.Name)})",
                PrimitiveKind.Decimal or PrimitiveKind.Double => $"{RuntimeTypes.HttpCall}.GetHeaderDecimal(result, {Escape.Literal(h.Name)})",
                PrimitiveKind.Boolean => $"{RuntimeTypes.HttpCall}.GetHeaderBoolean(result, {Escape.Literal(h.Name)})",
                PrimitiveKind.DateTimeOffset => $"{RuntimeTypes.HttpCall}.GetHeaderDateTime(result, {Escape.Literal(h.Name)})",
                _ => $"result.GetHeader({Escape.Literal(h.Name)})",
            };
            w.Line($"{h.PropertyName} = {read};");
        }
        w.Close();
        foreach (var h in op.Success.Headers)
        {
            w.Doc($"Response header <c>{Escape.Doc(h.Name)}</c>{(h.Description is null ? "" : ": " + Escape.Doc(h.Description))}");
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
        _ => $"new global::System.Net.Http.HttpMethod({Escape.Literal(method)})",
    };
}
