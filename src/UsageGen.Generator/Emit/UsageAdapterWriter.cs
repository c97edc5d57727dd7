using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Emit;

/// <summary>Writes the usage adapter: calls the usage operation and prints the normalized mapping (every figure's conversion already chosen) as a <c>UsageSnapshot</c>.</summary>
internal sealed class UsageAdapterWriter : ProviderWriter
{
    private readonly UsageMapping _usage;

    public UsageAdapterWriter(ProviderConventions conventions, UsageMapping usage) : base(conventions) => _usage = usage;

    public override string Write()
    {
        var u = _usage;
        var op = _p.Operations.First(o => o.Name == u.OperationName);
        var adapter = _c.AdapterName;
        var bodyType = _c.BodyType(op);
        var w = _c.Begin();
        w.Line("/// <summary>");
        w.Line($"/// Normalizes {Names.Xml(_p.Name)}'s <c>{Names.Xml(u.OperationDisplay)}</c> into <see cref=\"{RuntimeTypes.UsageSnapshot}\"/>. Mapping chosen:");
        w.Line("/// <list type=\"bullet\">");
        foreach (var line in u.Explanation) w.Line($"/// <item>{Names.Xml(line)}</item>");
        w.Line("/// </list>");
        w.Line("/// </summary>");
        w.Line(GeneratedCode);
        w.Open($"{_access} sealed partial class {adapter} : {RuntimeTypes.IUsageProvider}");
        w.Line($"private readonly {RuntimeTypes.UsageCredentials} _credentials;");
        w.Line();
        w.Open($"public {adapter}(global::System.Net.Http.HttpClient httpClient, {RuntimeTypes.UsageCredentials}? credentials = null)");
        w.Line($"_credentials = credentials ?? new {RuntimeTypes.UsageCredentials}();");
        w.Line($"Client = new {_p.ClientName}(httpClient, _credentials);");
        w.Close();
        w.Line();
        w.Doc("The typed client the adapter calls.");
        w.Line($"public {_p.ClientName} Client {{ get; }}");
        w.Line();
        w.Line($"public string Name => {_p.ClientName}.ProviderName;");
        w.Line();
        w.Doc("This provider's catalog entry.");
        var required = op.Parameters.Where(p => p.Required).Select(p => Names.Literal(p.Name)).ToList();
        var example = op.Success.ExampleJson is { } ex
            ? $"new {RuntimeTypes.ExampleResponse}({Names.Literal(op.HttpMethod)}, {Names.Literal(op.Path)}, {op.Success.Status}, {Names.Literal(ex)}, {ExampleHeaders(op)})"
            : "null";
        w.Line($"public static {RuntimeTypes.UsageProviderInfo} Info {{ get; }} = new {RuntimeTypes.UsageProviderInfo}(");
        w.Indent();
        w.Line($"{Names.Literal(_p.Name)}, {Names.Literal(_p.Title)}, {Names.Literal(_p.SpecFileName)},");
        w.Line($"{(_p.ServerUrl is null ? "null" : "new global::System.Uri(" + Names.Literal(_p.ServerUrl) + ")")},");
        w.Line($"{_p.ClientName}.SecuritySchemes,");
        w.Line(required.Count == 0 ? "global::System.Array.Empty<string>()," : $"new string[] {{ {string.Join(", ", required)} }},");
        w.Line($"{Names.Literal(u.OperationDisplay)},");
        w.Line($"{example},");
        w.Line($"static (http, credentials) => new {adapter}(http, credentials));");
        w.Outdent();
        w.Line();
        w.Doc($"Calls <c>{Names.Xml(u.OperationDisplay)}</c> and normalizes the answer.");
        w.Line($"public async global::System.Threading.Tasks.Task<{RuntimeTypes.UsageSnapshot}<{bodyType}>> GetUsageAsync(global::System.Threading.CancellationToken cancellationToken = default)");
        w.Line("    => await GetUsageCoreAsync(cancellationToken).ConfigureAwait(false);");
        w.Line();
        w.Line($"async global::System.Threading.Tasks.Task<{RuntimeTypes.UsageSnapshot}> {RuntimeTypes.IUsageProvider}.GetUsageAsync(global::System.Threading.CancellationToken cancellationToken)");
        w.Line("    => await GetUsageCoreAsync(cancellationToken).ConfigureAwait(false);");
        w.Line();
        w.Open($"private async global::System.Threading.Tasks.ValueTask<{RuntimeTypes.UsageSnapshot}<{bodyType}>> GetUsageCoreAsync(global::System.Threading.CancellationToken cancellationToken)");
        var args = new List<string>();
        foreach (var p in op.Parameters)
        {
            var raw = p.Required
                ? $"{RuntimeTypes.Figures}.RequiredParameter(_credentials, {Names.Literal(p.Name)}, Name, {Names.Literal(op.Name)})"
                : $"{RuntimeTypes.Figures}.OptionalParameter(_credentials, {Names.Literal(p.Name)})";
            var local = "arg" + args.Count.ToString(CultureInfo.InvariantCulture);
            w.Line($"var {local}Text = {raw};");
            w.Line($"var {local} = {ConvertParameter(p, local + "Text", op.Name)};");
            args.Add(local);
        }
        args.Add("cancellationToken");
        w.Line($"var response = await Client.{ProviderConventions.CoreName(op)}({string.Join(", ", args)}).ConfigureAwait(false);");
        w.Line("return ToSnapshot(response);");
        w.Close();
        w.Line();
        w.Doc("Normalizes a response already received.");
        w.Open($"public static {RuntimeTypes.UsageSnapshot}<{bodyType}> ToSnapshot({op.ResponseTypeName} response)");
        w.Line("if (response is null) throw new global::System.ArgumentNullException(nameof(response));");
        w.Line("var body = response.Body;");
        w.Line("var rateLimit = response.RateLimit;");
        w.Line($"var quotas = new global::System.Collections.Generic.List<{RuntimeTypes.UsageQuota}>({u.Quotas.Count.ToString(CultureInfo.InvariantCulture)});");
        // Declared only when assigned: an unused local is CS0168 under warnings as errors.
        if (u.Quotas.Count > 0) w.Line($"{RuntimeTypes.UsageQuota} quota;");
        foreach (var q in u.Quotas)
        {
            var unlimited = q.Unlimited is { } flag ? UnlimitedExpr(op, flag) : "false";
            var source = string.Join(", ", new[] { ("used", q.Used), ("limit", q.Limit), ("remaining", q.Remaining) }.Where(x => x.Item2 is not null).Select(x => x.Item1 + "=" + x.Item2!.Display));
            w.Line($"quota = {RuntimeTypes.UsageQuota}.Create(");
            w.Indent();
            w.Line($"{Names.Literal(q.Name)}, {RuntimeTypes.QuotaScope}.{q.Scope},");
            w.Line($"used: {Print(op, q.Used)},");
            w.Line($"limit: {Print(op, q.Limit)},");
            w.Line($"remaining: {Print(op, q.Remaining)},");
            w.Line($"isUnlimited: {unlimited},");
            w.Line($"unit: {Names.Literal(q.Unit)}, window: {Names.Literal(q.Window)},");
            w.Line($"resetsAt: {Print(op, q.ResetsAt)},");
            w.Line($"requestsPerMinute: {Print(op, q.RequestsPerMinute)},");
            w.Line($"source: {Names.Literal(source)});");
            w.Outdent();
            w.Line("if (!quota.IsEmpty) quotas.Add(quota);");
        }
        w.Line($"var breakdown = new global::System.Collections.Generic.List<{RuntimeTypes.UsageBreakdownItem}>({u.Categories.Count.ToString(CultureInfo.InvariantCulture)});");
        foreach (var c in u.Categories)
        {
            w.Line($"if ({Print(op, c.Source)} is {{ }} {Local(c.Source)}) breakdown.Add(new {RuntimeTypes.UsageBreakdownItem} {{ Name = {Names.Literal(c.Category)}, Scope = {Names.Literal(c.Scope)}, Window = {Names.Literal(c.Window)}, Used = {Local(c.Source)}, Metrics = {RuntimeTypes.Figures}.Metrics({Names.Literal(c.Source.Source.Path.Last().JsonName)}, {Local(c.Source)}) }});");
        }
        var m = 0;
        foreach (var map in u.Maps)
        {
            var mv = "map" + (m++).ToString(CultureInfo.InvariantCulture);
            w.Open($"if ({Access(op, map.Map)} is {{ }} {mv})");
            w.Line($"if (breakdown.Capacity < breakdown.Count + {mv}.Count) breakdown.Capacity = breakdown.Count + {mv}.Count;");
            w.Open($"foreach (var entry in {mv})");
            if (map.UsedProperty == "")
            {
                w.Line($"breakdown.Add(new {RuntimeTypes.UsageBreakdownItem} {{ Name = entry.Key, Scope = {Names.Literal(map.Scope)}, Window = {Names.Literal(map.Window)}, Used = {RuntimeTypes.Figures}.ToDecimal(entry.Value), Metrics = {RuntimeTypes.Figures}.Metrics(\"value\", {RuntimeTypes.Figures}.ToDecimal(entry.Value)) }});");
            }
            else
            {
                string Prop(string? name) => name is null ? "null" : $"{RuntimeTypes.Figures}.ToDecimal(entry.Value?.{name})";
                // Up to four figures: flat arguments, one exact-size array; more: the params overload.
                var metrics = map.NumericProperties.Count is >= 1 and <= 4
                    ? string.Join(", ", map.NumericProperties.Select(p => $"{Names.Literal(p.JsonName)}, {Prop(p.PropertyName)}"))
                    : string.Join(", ", map.NumericProperties.Select(p => $"({Names.Literal(p.JsonName)}, {Prop(p.PropertyName)})"));
                w.Line($"breakdown.Add(new {RuntimeTypes.UsageBreakdownItem} {{ Name = entry.Key, Scope = {Names.Literal(map.Scope)}, Window = {Names.Literal(map.Window)}, Used = {Prop(map.UsedProperty)}, Errors = {Prop(map.ErrorsProperty)}, AverageResponseMilliseconds = {Prop(map.AverageMsProperty)}, Metrics = {RuntimeTypes.Figures}.Metrics({metrics}) }});");
            }
            w.Close();
            w.Close();
        }
        w.Line(u.Counters.Count == 0
            ? $"var counters = global::System.Array.Empty<{RuntimeTypes.RequestCounter}>();"
            : $"var counters = new global::System.Collections.Generic.List<{RuntimeTypes.RequestCounter}>({u.Counters.Count.ToString(CultureInfo.InvariantCulture)});");
        foreach (var c in u.Counters)
            w.Line($"if ({Print(op, c.Source)} is {{ }} {Local(c.Source)}) counters.Add(new {RuntimeTypes.RequestCounter} {{ Window = {Names.Literal(c.Window)}, Count = {Local(c.Source)} }});");
        w.Line(u.Attributes.Count == 0
            ? "var attributes = global::System.Array.Empty<global::System.Collections.Generic.KeyValuePair<string, string>>();"
            : $"var attributes = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>>({u.Attributes.Count.ToString(CultureInfo.InvariantCulture)});");
        foreach (var a in u.Attributes)
            w.Line($"if ({Print(op, a)} is {{ }} {Local(a)}) attributes.Add(new({Names.Literal(a.Source.HeaderName ?? a.Display)}, {Local(a)}));");
        w.Open($"return new {RuntimeTypes.UsageSnapshot}<{bodyType}>");
        w.Line($"Provider = {_p.ClientName}.ProviderName,");
        w.Line($"Plan = {Print(op, u.Plan)},");
        w.Line("Quotas = quotas,");
        w.Line($"ResetsAt = {OrElse(Print(op, u.ResetsAt), "(quotas.Count > 0 ? quotas[0].ResetsAt : null)")},");
        w.Line($"RequestsPerMinute = {OrElse(Print(op, u.RequestsPerMinute), "rateLimit?.RequestsPerMinute")},");
        w.Line("Breakdown = breakdown,");
        w.Line("RequestCounters = counters,");
        w.Line("RateLimit = rateLimit,");
        w.Line("Attributes = attributes,");
        w.Line("ObservedAt = response.ReceivedAt,");
        w.Line("Raw = body,");
        w.Close(";");
        w.Close();
        w.Close();
        return ProviderConventions.End(w);
    }

    private static string OrElse(string expression, string fallback) => expression == "null" ? fallback : expression + " ?? " + fallback;

    private static string ExampleHeaders(OperationModel op)
    {
        var headers = op.Success.Headers.Where(h => h.Example is not null).Select(h => $"new({Names.Literal(h.Name)}, {Names.Literal(h.Example)})").ToList();
        return headers.Count == 0
            ? "global::System.Array.Empty<global::System.Collections.Generic.KeyValuePair<string, string>>()"
            : $"new global::System.Collections.Generic.KeyValuePair<string, string>[] {{ {string.Join(", ", headers)} }}";
    }

    private string ConvertParameter(ParameterModel p, string text, string opName)
    {
        var name = Names.Literal(p.Name);
        var ctx = $"{_p.ClientName}.ProviderName, {Names.Literal(opName)}, {name}";
        string Wrap(string expr) => p.Required ? expr : $"{text} is null ? default({_names.Of(p.Type.WithNullable(true))}) : {expr}";
        var t = p.Type;
        if (t.Kind == TypeRefKind.Named && _c.FindType(t.Name!) is { Kind: TypeModelKind.Enum })
            return Wrap($"new global::{_p.Namespace}.{t.Name}({text})");
        if (t.Kind != TypeRefKind.Primitive) return $"default({_names.Of(p.Type)})!";
        return t.Primitive switch
        {
            PrimitiveKind.String => text,
            PrimitiveKind.Int64 => Wrap($"{RuntimeTypes.Figures}.ParseInt64({text}, {ctx})"),
            PrimitiveKind.Int32 => Wrap($"(int){RuntimeTypes.Figures}.ParseInt64({text}, {ctx})"),
            PrimitiveKind.Decimal => Wrap($"{RuntimeTypes.Figures}.ParseDecimal({text}, {ctx})"),
            PrimitiveKind.Double => Wrap($"(double){RuntimeTypes.Figures}.ParseDecimal({text}, {ctx})"),
            PrimitiveKind.Boolean => Wrap($"{RuntimeTypes.Figures}.ParseBoolean({text}, {ctx})"),
            _ => $"default({_names.Of(p.Type)})!",
        };
    }

    private static string Local(Figure f) =>
        "f" + string.Concat((f.Source.HeaderName ?? f.Display).Where(char.IsLetterOrDigit));

    /// <summary>Whether the object at the end of <paramref name="path"/> (the body when empty) may be null.</summary>
    private static bool MayBeNull(OperationModel op, EquatableArray<PathStep> path) =>
        path.Count == 0 ? op.Success.Body?.Nullable ?? true : path[path.Count - 1].Nullable;

    /// <summary><c>body.Data?.Quota?.Used</c>: null-conditional after each step that may be null.</summary>
    private static string Access(OperationModel op, ValueSource s)
    {
        if (s.Kind == ValueSourceKind.Header)
        {
            var declared = DeclaredHeader(op, s);
            return declared is not null ? "response." + declared.PropertyName : $"response.GetHeader({Names.Literal(s.HeaderName)})";
        }
        return BodyAccess(op, s.Path);
    }

    private static string BodyAccess(OperationModel op, EquatableArray<PathStep> path)
    {
        var expr = "body";
        var nullable = op.Success.Body?.Nullable ?? true;
        foreach (var step in path)
        {
            expr += (nullable ? "?." : ".") + step.PropertyName;
            nullable = step.Nullable;
        }
        return expr;
    }

    private static HeaderModel? DeclaredHeader(OperationModel op, ValueSource s) =>
        op.Success.Headers.FirstOrDefault(h => string.Equals(h.Name, s.HeaderName, System.StringComparison.OrdinalIgnoreCase));

    /// <summary>The runtime call that converts the figure as its <see cref="FigureConversion"/> says; "null" for no figure.</summary>
    private static string Print(OperationModel op, Figure? f)
    {
        if (f is null) return "null";
        var s = f.Source;
        var access = Access(op, s);
        var header = s.Kind == ValueSourceKind.Header;
        // A header's value is typed (declared) or a string; ToString() gives its text either way.
        var text = header ? $"(string?)({access})?.ToString()" : $"{RuntimeTypes.Figures}.Text((object?)({access}))";
        return f.Conversion switch
        {
            FigureConversion.Number => header
                ? $"{RuntimeTypes.Figures}.ToDecimal({access})"
                : $"{RuntimeTypes.Figures}.ToDecimal(({NumberCast(s.Type)})({access}))",
            FigureConversion.NumberInText => $"{RuntimeTypes.Figures}.ToDecimal({text})",
            FigureConversion.DateTime => $"{RuntimeTypes.Figures}.ToInstant((global::System.DateTimeOffset?)({access}))",
            FigureConversion.Date => $"{RuntimeTypes.Figures}.ToInstant((global::System.DateOnly?)({access}))",
            FigureConversion.UnixSeconds => $"{RuntimeTypes.Figures}.ToInstant((long?)({access}))",
            FigureConversion.InstantInText => $"{RuntimeTypes.Figures}.ToInstant({text})",
            _ => $"{RuntimeTypes.Figures}.Text({access})",
        };
    }

    private static string NumberCast(TypeRef t) => t.Primitive switch
    {
        PrimitiveKind.Int32 => "int?",
        PrimitiveKind.Int64 => "long?",
        PrimitiveKind.Decimal => "decimal?",
        _ => "double?",
    };

    /// <summary>
    /// The limit's object was sent and says the limit is unlimited (null). The flag is read with <c>?.</c> only when
    /// that object may be null: a <c>?.</c> on a non-null object would teach the compiler it may be null (CS8602 after).
    /// </summary>
    private static string UnlimitedExpr(OperationModel op, UnlimitedFlag flag) =>
        $"{BodyAccess(op, flag.Parent)}{(MayBeNull(op, flag.Parent) ? "?." : ".")}{flag.FlagProperty} == true";
}
