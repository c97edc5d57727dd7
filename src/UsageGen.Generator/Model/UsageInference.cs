using System;
using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Model;

/// <summary>
/// Chooses the usage operation and maps its response to the normalized model from names, descriptions, types and
/// formats alone, so that a provider's own unannotated spec normalizes; <c>x-usagegen</c> overrides any choice.
/// The rules, in order:
/// <list type="number">
/// <item>Operation: marked <c>x-usagegen: {usage: true}</c>, else the best-scoring GET whose path, id, summary or tags
/// say usage/quota/credits/limits/key and whose response holds quota figures.</item>
/// <item>Each numeric field gets a role from its name (<c>used|usage|consumed</c>, <c>limit|quota|cap|max|budget</c>,
/// <c>remaining|left|available</c>, <c>per_minute|rpm</c>; <c>current/total + calls|requests</c> is used;
/// <c>credits</c> alone is a limit), else from its description.</item>
/// <item>Its scope: a scope word in its name (<c>key</c>, <c>account</c>, <c>plan</c>, <c>paygo</c>, <c>project</c>), else in
/// its parent objects; other leftover words make it a category (<c>search_usage</c>).</item>
/// <item>Fields under a window-named object (<c>last_24h</c>) or named as windows (<c>today</c>, <c>thisWeek</c>) are
/// request counters; maps of objects with counts are per-key breakdowns.</item>
/// <item>The main quota is the scope with the most figures (used, limit, remaining, reset), preferring the
/// unscoped/account/plan scope over key, and pay-as-you-go last.</item>
/// <item>Plan: a string field named plan/tier/subscription (body first, then response headers).</item>
/// <item>A limit whose description says null means unlimited makes null a visible "unlimited".</item>
/// </list>
/// </summary>
internal sealed class UsageInference
{
    private static readonly HashSet<string> UsedWords = new() { "used", "usage", "consumed", "spent", "spend", "consumption" };
    private static readonly HashSet<string> LimitWords = new() { "limit", "quota", "cap", "max", "maximum", "allowance", "allotment", "budget", "allowed", "ceiling" };
    private static readonly HashSet<string> RemainingWords = new() { "remaining", "left", "remain", "available", "balance" };
    private static readonly HashSet<string> UnitWords = new() { "call", "calls", "request", "requests", "credit", "credits" };
    private static readonly HashSet<string> NoiseWords = new()
    {
        "current", "total", "monthly", "month", "daily", "day", "call", "calls", "credit", "credits", "request", "requests",
        "this", "period", "billing", "cycle", "count", "number", "of", "the", "api", "units", "unit", "amount", "value", "in",
        "for", "num", "cur", "per", "minute", "rate", "rpm", "hour", "second", "sec", "reset", "resets", "at",
    };
    private static readonly HashSet<string> WindowWords = new() { "today", "yesterday", "this", "week", "month", "day", "hour", "last", "24h", "7d", "30d", "weekly", "daily", "hourly", "past", "previous", "minute" };
    private static readonly HashSet<string> EnvelopeWords = new() { "data", "result", "results", "response", "payload", "body" };
    private static readonly HashSet<string> PlanWords = new() { "plan", "tier", "subscription", "package", "edition" };
    private static readonly HashSet<string> ResetWords = new() { "reset", "resets", "renew", "renews", "renewal", "expires", "expiry", "refresh" };

    private readonly ModelBuilder _builder;
    private readonly ProviderModel _model;
    private readonly UsageOverrides _overrides;
    private readonly List<string> _explanation = new();

    public UsageInference(ModelBuilder builder, ProviderModel model, UsageOverrides overrides)
    {
        _builder = builder;
        _model = model;
        _overrides = overrides;
    }

    private DiagnosticBag Diagnostics => _builder.Diagnostics;

    // ---- leaves ----------------------------------------------------------------------------------------------

    private enum Role { None, Used, Limit, Remaining, Rpm, Reset, Plan, Counter }

    private sealed class Leaf
    {
        public ValueSource Source = null!;
        public TypeRef Type = null!;
        public string JsonName = "";
        public string? Description;
        public List<string> Name = new();
        public List<List<string>> Parents = new();
        public List<string> ParentJsonNames = new();
        public bool NullMeansUnlimited;
        public bool IsHeader;
        public bool IsMap;
        public Role Role;
        public bool WeakRole;
        public string Scope = "";
        public QuotaScopeModel ScopeKind = QuotaScopeModel.Account;
        public string? Category;
        public string? Window;
    }

    private static string OperationPointer(OperationModel op) =>
        "/paths/" + YamlDocument.Escape(op.Path) + "/" + op.HttpMethod.ToLowerInvariant();

    public UsageMapping? Infer()
    {
        var operation = ChooseOperation(out var opOverride);
        if (operation is null) return null;
        var display = operation.HttpMethod + " " + operation.Path;
        var leaves = Collect(operation);
        foreach (var leaf in leaves) Classify(leaf);

        var mapping = Build(operation, display, leaves, opOverride);
        if (mapping is null) return null;
        var summary = string.Join("; ", _explanation);
        Diagnostics.Add(DiagnosticDescriptors.MappingChosen.Id, _builder.Yaml.KeyAt(OperationPointer(operation)), display, summary);
        return mapping;
    }

    private OperationModel? ChooseOperation(out OperationOverride? chosenOverride)
    {
        chosenOverride = null;
        var marked = _model.Operations.Where(o => _overrides.Operations.TryGetValue(OperationPointer(o), out var ov) && ov.Usage == true).ToList();
        if (marked.Count > 0)
        {
            chosenOverride = _overrides.Operations[OperationPointer(marked[0])];
            return marked[0];
        }

        var scored = new List<(OperationModel Op, int Score)>();
        foreach (var op in _model.Operations)
        {
            if (_overrides.Operations.TryGetValue(OperationPointer(op), out var ov) && ov.Usage == false) continue;
            if (op.Success.Body is null && op.Success.Headers.Count == 0) continue;
            var words = new HashSet<string>(Names.Words(op.Path).Concat(Names.Words(op.Name)).Concat(Names.Words(op.Summary)));
            var score = 0;
            if (words.Contains("usage")) score += 5;
            if (words.Contains("quota") || words.Contains("quotas")) score += 4;
            if (words.Contains("credits") || words.Contains("credit")) score += 3;
            if (words.Contains("limits") || words.Contains("limit")) score += 2;
            if (words.Contains("billing") || words.Contains("consumption")) score += 2;
            if (op.Path.TrimEnd('/').EndsWith("/key", StringComparison.OrdinalIgnoreCase) || op.Path.EndsWith("/me", StringComparison.OrdinalIgnoreCase)) score += 2;
            if (words.Contains("account") || words.Contains("subscription")) score += 1;
            score += op.HttpMethod == "GET" ? 2 : -3;
            var leaves = Collect(op);
            foreach (var leaf in leaves) Classify(leaf);
            var figures = leaves.Count(l => l.Role is Role.Used or Role.Limit or Role.Remaining && !l.WeakRole);
            score += Math.Min(figures, 3) * 2;
            if (figures == 0 && !leaves.Any(l => l.Role == Role.Plan)) continue;
            if (score >= 5) scored.Add((op, score));
        }
        if (scored.Count == 0)
        {
            Diagnostics.Add(DiagnosticDescriptors.NoUsageOperation.Id, _builder.Yaml.KeyAt("/paths"));
            return null;
        }
        var best = scored.OrderByDescending(s => s.Score).ThenBy(s => s.Op.Path, StringComparer.Ordinal).ToList();
        if (best.Count > 1 && best[1].Score == best[0].Score)
            Diagnostics.Add(DiagnosticDescriptors.AmbiguousFigure.Id, _builder.Yaml.KeyAt(OperationPointer(best[0].Op)), "the usage operation",
                string.Join(" or ", best.Where(b => b.Score == best[0].Score).Select(b => b.Op.HttpMethod + " " + b.Op.Path)),
                best[0].Op.HttpMethod + " " + best[0].Op.Path);
        _overrides.Operations.TryGetValue(OperationPointer(best[0].Op), out chosenOverride);
        return best[0].Op;
    }

    private List<Leaf> Collect(OperationModel op)
    {
        var leaves = new List<Leaf>();
        if (op.Success.Body is { } body) Walk(body, new List<PathStep>(), new List<string>(), leaves, 0);
        foreach (var header in op.Success.Headers)
        {
            leaves.Add(new Leaf
            {
                Source = new ValueSource(ValueSourceKind.Header, EquatableArray<PathStep>.Empty, header.Name, header.Type, "header " + header.Name),
                Type = header.Type,
                JsonName = header.Name,
                Description = header.Description,
                Name = Names.Words(header.Name).Where(w => w != "x").ToList(),
                IsHeader = true,
            });
        }
        return leaves;
    }

    private void Walk(TypeRef type, List<PathStep> steps, List<string> jsonNames, List<Leaf> leaves, int depth)
    {
        if (depth > 8 || type.Kind != TypeRefKind.Named) return;
        var model = _builder.FindType(type.Name!);
        if (model is null || model.Kind != TypeModelKind.Object) return;
        foreach (var p in model.Properties)
        {
            var step = new PathStep(p.JsonName, p.Name, p.Type.Nullable);
            var path = new List<PathStep>(steps) { step };
            var names = new List<string>(jsonNames) { p.JsonName };
            var t = p.Type;
            var isObject = t.Kind == TypeRefKind.Named && _builder.FindType(t.Name!)?.Kind == TypeModelKind.Object;
            if (isObject)
            {
                Walk(t, path, names, leaves, depth + 1);
                continue;
            }
            if (t.Kind == TypeRefKind.Array) continue;
            var leaf = new Leaf
            {
                Source = new ValueSource(ValueSourceKind.Body, path.ToEquatableArray(), null, t, string.Join(".", names)),
                Type = t,
                JsonName = p.JsonName,
                Description = p.Description,
                Name = Names.Words(p.JsonName),
                ParentJsonNames = jsonNames.ToList(),
                Parents = jsonNames.Select(Names.Words).Where(w => !(w.Count == 1 && EnvelopeWords.Contains(w[0]))).ToList(),
                NullMeansUnlimited = p.NullMeansUnlimited,
                IsMap = t.Kind == TypeRefKind.Map,
            };
            leaves.Add(leaf);
        }
    }

    private bool IsStringLike(TypeRef t) =>
        (t.Kind == TypeRefKind.Primitive && t.Primitive == PrimitiveKind.String) ||
        (t.Kind == TypeRefKind.Named && _builder.FindType(t.Name!)?.Kind == TypeModelKind.Enum);

    private void Classify(Leaf leaf)
    {
        var n = new HashSet<string>(leaf.Name);
        var d = new HashSet<string>(Names.Words(leaf.Description));
        var t = leaf.Type;
        leaf.Role = Role.None;
        leaf.WeakRole = false;

        // Scope: a scope word in the name wins, else the nearest parent that has one.
        (leaf.Scope, leaf.ScopeKind) = ScopeOf(leaf.Name) ?? leaf.Parents.AsEnumerable().Reverse().Select(ScopeOf).FirstOrDefault(s => s is not null) ?? ("", QuotaScopeModel.Account);
        var windowParent = leaf.Parents.Select((w, i) => (Words: w, Index: i)).LastOrDefault(p => p.Words.Count > 0 && p.Words.All(WindowWords.Contains));
        if (windowParent.Words is not null) leaf.Window = leaf.ParentJsonNames.Where(x => !(Names.Words(x) is { Count: 1 } w && EnvelopeWords.Contains(w[0]))).ElementAt(windowParent.Index);

        if (leaf.IsMap)
        {
            leaf.Role = Role.None;
            return;
        }

        if (IsStringLike(t) && !leaf.IsHeader || leaf.IsHeader)
        {
            if (n.Overlaps(PlanWords) && (IsStringLike(t) || leaf.IsHeader) && !n.Overlaps(LimitWords) && !n.Overlaps(UsedWords))
            {
                leaf.Role = Role.Plan;
                return;
            }
            // subscription.name, plan.title: the plan word is on the parent.
            if (!leaf.IsHeader && leaf.Parents.Count > 0 && leaf.Parents[leaf.Parents.Count - 1].Any(PlanWords.Contains) &&
                n.Overlaps(new[] { "name", "title", "type", "code", "level" }))
            {
                leaf.Role = Role.Plan;
                return;
            }
        }

        if (n.Overlaps(ResetWords) && (t.Primitive is PrimitiveKind.DateTimeOffset or PrimitiveKind.Date or PrimitiveKind.String or PrimitiveKind.Int64))
        {
            leaf.Role = Role.Reset;
            return;
        }
        if (!t.IsNumeric) return;
        // What one call costs, or a price, is not a quota figure (Shoal's X-Credit-Cost).
        if (n.Overlaps(new[] { "cost", "price", "charge", "fee" })) return;

        if (n.Contains("rpm") || (n.Contains("minute") && !n.Overlaps(RemainingWords)))
            leaf.Role = Role.Rpm;
        else if (n.Overlaps(RemainingWords))
            leaf.Role = Role.Remaining;
        else if (n.Overlaps(UsedWords))
            leaf.Role = Role.Used;
        else if (n.Overlaps(LimitWords))
            leaf.Role = Role.Limit;
        else if (n.Contains("current") && n.Overlaps(UnitWords))
            leaf.Role = Role.Used;
        else if (n.Contains("total") && (n.Contains("calls") || n.Contains("requests")))
            leaf.Role = Role.Used;
        else if (n.Contains("credit") || n.Contains("credits"))
            leaf.Role = d.Overlaps(new[] { "limit", "quota", "allowance", "ceiling", "total" }) ? Role.Limit
                : d.Overlaps(RemainingWords) ? Role.Remaining
                : d.Overlaps(new[] { "consumed", "spent", "made" }) ? Role.Used
                : Role.Limit;
        else if (leaf.Name.Count > 0 && leaf.Name.All(WindowWords.Contains))
        {
            leaf.Role = Role.Counter;
            leaf.Window = leaf.JsonName;
            return;
        }
        else
        {
            leaf.WeakRole = true;
            if (d.Overlaps(RemainingWords)) leaf.Role = Role.Remaining;
            else if (d.Overlaps(new[] { "used", "consumed", "spent" })) leaf.Role = Role.Used;
            else if (d.Overlaps(new[] { "limit", "quota", "ceiling", "allowance" })) leaf.Role = Role.Limit;
        }

        // Counters: usage under a window-named object (last_24h.total_requests).
        if (leaf.Window is not null && leaf.Role == Role.Used && !leaf.IsHeader)
        {
            leaf.Role = Role.Counter;
            return;
        }

        var roleWords = new HashSet<string>(UsedWords.Concat(LimitWords).Concat(RemainingWords));
        var rest = leaf.Name.Where(w => !roleWords.Contains(w) && !NoiseWords.Contains(w) && ScopeOf(new List<string> { w }) is null && w != "key" && w != "x").ToList();
        if (rest.Count > 0 && leaf.Role is Role.Used or Role.Limit or Role.Remaining) leaf.Category = string.Join("_", rest);
    }

    private static (string, QuotaScopeModel)? ScopeOf(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "key" or "apikey" or "token" when i == 0 || words[i - 1] != "per":
                    return ("key", QuotaScopeModel.ApiKey);
                case "account" or "org" or "organization" or "organisation" or "team" or "user":
                    return ("account", QuotaScopeModel.Account);
                case "plan" or "subscription":
                    return ("plan", QuotaScopeModel.Plan);
                case "paygo" or "payg" or "overage" or "ondemand" or "topup":
                    return ("paygo", QuotaScopeModel.PayAsYouGo);
                case "pay" when i + 3 < words.Count && words[i + 1] == "as" && words[i + 2] == "you" && words[i + 3] == "go":
                    return ("paygo", QuotaScopeModel.PayAsYouGo);
                case "project":
                    return ("project", QuotaScopeModel.Project);
            }
        }
        return null;
    }

    // ---- mapping ---------------------------------------------------------------------------------------------

    private sealed class ScopeFigures
    {
        public string Name = "";
        public QuotaScopeModel Kind;
        public Leaf? Used, Limit, Remaining, Reset, Rpm;
        public int Score;
    }

    private UsageMapping? Build(OperationModel op, string display, List<Leaf> leaves, OperationOverride? ov)
    {
        // Group quota figures by scope (category figures form their own scopes unless they are usage breakdowns).
        var scopes = new Dictionary<string, ScopeFigures>(StringComparer.Ordinal);
        var categories = new List<CategoryMapping>();
        var ambiguous = new List<(string Figure, List<Leaf> Candidates, Leaf Chosen)>();
        foreach (var leaf in leaves.Where(l => l.Role is Role.Used or Role.Limit or Role.Remaining or Role.Rpm or Role.Reset))
        {
            if (leaf.Category is not null && leaf.Role == Role.Used)
            {
                categories.Add(new CategoryMapping(leaf.Category, ScopeName(leaf), leaf.Window, leaf.Source));
                continue;
            }
            var key = leaf.Category is null ? leaf.Scope : leaf.Scope + ":" + leaf.Category;
            if (!scopes.TryGetValue(key, out var s))
                scopes[key] = s = new ScopeFigures { Name = leaf.Category ?? ScopeName(leaf), Kind = leaf.Category is null ? leaf.ScopeKind : QuotaScopeModel.Other };
            ref Leaf? slot = ref s.Used;
            switch (leaf.Role)
            {
                case Role.Used: slot = ref s.Used; break;
                case Role.Limit: slot = ref s.Limit; break;
                case Role.Remaining: slot = ref s.Remaining; break;
                case Role.Rpm: slot = ref s.Rpm; break;
                default: slot = ref s.Reset; break;
            }
            if (slot is null || (slot.WeakRole && !leaf.WeakRole)) slot = leaf;
            else if (!(leaf.WeakRole && !slot.WeakRole)) ambiguous.Add((FigureName(leaf.Role), new List<Leaf> { slot, leaf }, slot));
        }

        // Name an unscoped quota after the object holding its used/limit/remaining figures, not its first leaf.
        foreach (var s in scopes.Values)
            if ((s.Used ?? s.Limit ?? s.Remaining) is { Category: null, Scope.Length: 0 } primary)
                s.Name = ScopeName(primary);

        foreach (var s in scopes.Values)
        {
            s.Score = (s.Used is not null ? 3 : 0) + (s.Limit is not null ? 3 : 0) + (s.Remaining is not null ? 2 : 0) + (s.Reset is not null ? 1 : 0) +
                      (s.Used is null && s.Limit is null && s.Remaining is null ? -6 : 0) +
                      s.Kind switch
                      {
                          QuotaScopeModel.Account => s.Name == "account" ? 1 : 2,
                          QuotaScopeModel.Plan => 1,
                          QuotaScopeModel.ApiKey => 0,
                          QuotaScopeModel.Project => 0,
                          QuotaScopeModel.PayAsYouGo => -2,
                          _ => -3,
                      };
        }

        var ordered = scopes.Values.OrderByDescending(s => s.Score).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

        // Overrides replace the main quota's figures.
        var plan = leaves.Where(l => l.Role == Role.Plan).OrderByDescending(PlanScore).ThenBy(l => l.Source.Display, StringComparer.Ordinal).ToList();
        ValueSource? planSource = plan.FirstOrDefault()?.Source;
        if (plan.Count > 1 && PlanScore(plan[0]) == PlanScore(plan[1]))
            ambiguous.Add(("plan", plan.Where(p => PlanScore(p) == PlanScore(plan[0])).ToList(), plan[0]));

        var main = ordered.FirstOrDefault(s => s.Score > 0);
        var unit = ov?.Unit;
        var window = ov?.Window;
        if (ov is not null && ov.Fields.Count > 0)
        {
            main ??= new ScopeFigures { Name = ov.Scope ?? "account", Kind = QuotaScopeModel.Account };
            if (main.Score <= 0) ordered.Insert(0, main);
            foreach (var pair in ov.Fields)
            {
                Leaf? resolved = null;
                if (pair.Value.Path is { } path)
                {
                    resolved = Resolve(op, leaves, path);
                    if (resolved is null)
                    {
                        Diagnostics.Add(DiagnosticDescriptors.InvalidOverride.Id, pair.Value.At,
                            $"'{pair.Key}: {path}' names no field of the {display} response (use a dotted body path such as 'data.quota.used', or 'header:X-Name')");
                        continue;
                    }
                }
                switch (pair.Key)
                {
                    case "plan": planSource = resolved?.Source; break;
                    case "used": main.Used = resolved; break;
                    case "limit": main.Limit = resolved; break;
                    case "remaining": main.Remaining = resolved; break;
                    case "resetsAt": main.Reset = resolved; break;
                    case "requestsPerMinute": main.Rpm = resolved; break;
                }
                ambiguous.RemoveAll(a => a.Figure == FigureFor(pair.Key));
            }
        }
        if (ov?.Scope is { } scopeName && main is not null) main.Name = scopeName;

        // Warn where another comparable scope has the same figure: Sharpe's plan.rpm beside rate_limit.requests_per_minute.
        if (main is not null)
        {
            foreach (var (role, get) in new (Role, Func<ScopeFigures, Leaf?>)[] { (Role.Used, s => s.Used), (Role.Limit, s => s.Limit), (Role.Remaining, s => s.Remaining), (Role.Rpm, s => s.Rpm) })
            {
                var chosen = get(main);
                if (chosen is null || (ov?.Fields.ContainsKey(FieldKey(role)) ?? false)) continue;
                var rivals = ordered.Where(s => s != main && s.Kind is QuotaScopeModel.Account or QuotaScopeModel.Plan).Select(get).OfType<Leaf>().ToList();
                if (rivals.Count > 0) ambiguous.Add((FigureName(role), new List<Leaf> { chosen }.Concat(rivals).ToList(), chosen));
            }
        }
        foreach (var (figure, candidates, chosen) in ambiguous)
            Diagnostics.Add(DiagnosticDescriptors.AmbiguousFigure.Id, _builder.Yaml.KeyAt(OperationPointer(op)), figure,
                string.Join(" or ", candidates.Select(c => c.Source.Display).Distinct()), chosen.Source.Display);

        var quotas = new List<QuotaMapping>();
        foreach (var s in ordered.Where(s => s.Used is not null || s.Limit is not null || s.Remaining is not null || s == main))
        {
            var unlimited = s.Limit?.NullMeansUnlimited ?? false;
            if (s == main && ov?.UnlimitedWhenNull is { } u) unlimited = u;
            var figures = new[] { s.Used, s.Limit, s.Remaining }.Where(f => f is not null).Select(f => f!).ToList();
            quotas.Add(new QuotaMapping(s.Name, s.Kind, s.Used?.Source, s.Limit?.Source, s.Remaining?.Source, s.Reset?.Source, s.Rpm?.Source, unlimited,
                s == main && unit is not null ? unit : UnitOf(figures), s == main && window is not null ? window : WindowOf(figures)));
        }

        // Rate limit: the main scope's, else any unscoped/account one.
        var rpm = main?.Rpm?.Source ?? ordered.Where(s => s.Kind is QuotaScopeModel.Account or QuotaScopeModel.Plan).Select(s => s.Rpm).FirstOrDefault(r => r is not null)?.Source;
        var resets = main?.Reset?.Source ?? ordered.Select(s => s.Reset).FirstOrDefault(r => r is not null)?.Source;

        var maps = new List<MapBreakdownMapping>();
        foreach (var leaf in leaves.Where(l => l.IsMap))
            if (MapBreakdown(leaf) is { } m) maps.Add(m);

        var counters = leaves.Where(l => l.Role == Role.Counter).Select(l => new CounterMapping(l.Window ?? l.JsonName, l.Source)).ToList();

        var used = new HashSet<ValueSource>(quotas.SelectMany(q => new[] { q.Used, q.Limit, q.Remaining, q.ResetsAt, q.RequestsPerMinute }).Where(x => x is not null)!);
        if (planSource is not null) used.Add(planSource);
        var attributes = leaves.Where(l => l.IsHeader && !used.Contains(l.Source)).Select(l => l.Source).ToList();

        _explanation.Add("plan <- " + (planSource?.Display ?? "(none)"));
        var mq = quotas.FirstOrDefault();
        _explanation.Add("creditsUsed <- " + (mq?.Used?.Display ?? "(none)"));
        _explanation.Add("creditsLimit <- " + (mq?.Limit?.Display ?? "(none)") + (mq?.LimitNullMeansUnlimited == true ? " (null = unlimited)" : ""));
        _explanation.Add("creditsRemaining <- " + (mq?.Remaining?.Display ?? (mq?.Used is not null && mq.Limit is not null ? "(derived: limit - used)" : "(none)")));
        _explanation.Add("resetsAt <- " + (resets?.Display ?? "(none)"));
        _explanation.Add("requestsPerMinute <- " + (rpm?.Display ?? "(rate-limit headers)"));
        foreach (var q in quotas.Skip(1))
            _explanation.Add($"quota '{q.Name}' ({q.Scope}) <- " +
                string.Join(", ", new[] { ("used", q.Used), ("limit", q.Limit), ("remaining", q.Remaining), ("resets", q.ResetsAt), ("rpm", q.RequestsPerMinute) }
                    .Where(x => x.Item2 is not null).Select(x => x.Item1 + " " + x.Item2!.Display)) +
                (q.LimitNullMeansUnlimited ? " (null limit = unlimited)" : ""));
        foreach (var c in categories) _explanation.Add($"breakdown {c.Scope}/{c.Category} <- {c.Source.Display}");
        foreach (var m in maps) _explanation.Add($"breakdown per key <- {m.Map.Display}");
        foreach (var c in counters) _explanation.Add($"counter {c.Window} <- {c.Source.Display}");

        return new UsageMapping(op.Name, display, planSource, quotas.ToEquatableArray(), resets, rpm, categories.ToEquatableArray(),
            maps.ToEquatableArray(), counters.ToEquatableArray(), attributes.ToEquatableArray(), _explanation.ToEquatableArray());
    }

    private static string ScopeName(Leaf leaf)
    {
        if (leaf.Scope.Length > 0) return leaf.Scope;
        var parent = leaf.ParentJsonNames.LastOrDefault(p => !(Names.Words(p) is { Count: 1 } w && EnvelopeWords.Contains(w[0])));
        return parent ?? "account";
    }

    private static int PlanScore(Leaf leaf)
    {
        var score = leaf.IsHeader ? 1 : 3;
        if (leaf.Name.Count == 1) score += 2;
        if (leaf.Name.Contains("name") || leaf.Name.Contains("current") || leaf.Name.Contains("tier")) score += 1;
        if (!leaf.Name.Any(PlanWords.Contains)) score -= 1;
        if (leaf.Name.Contains("id")) score -= 2;
        return score;
    }

    private static string FigureName(Role role) => role switch
    {
        Role.Used => "creditsUsed", Role.Limit => "creditsLimit", Role.Remaining => "creditsRemaining",
        Role.Rpm => "requestsPerMinute", Role.Reset => "resetsAt", _ => "plan",
    };

    private static string FieldKey(Role role) => role switch
    {
        Role.Used => "used", Role.Limit => "limit", Role.Remaining => "remaining", Role.Rpm => "requestsPerMinute", Role.Reset => "resetsAt", _ => "plan",
    };

    private static string FigureFor(string key) => key switch
    {
        "used" => "creditsUsed", "limit" => "creditsLimit", "remaining" => "creditsRemaining", _ => key,
    };

    private static string? UnitOf(List<Leaf> figures)
    {
        var words = figures.SelectMany(f => f.Name.Concat(Names.Words(f.Description))).ToList();
        if (words.Contains("credit") || words.Contains("credits")) return "credits";
        if (words.Contains("request") || words.Contains("requests")) return "requests";
        if (words.Contains("call") || words.Contains("calls")) return "calls";
        if (words.Contains("token") || words.Contains("tokens")) return "tokens";
        return null;
    }

    private static string? WindowOf(List<Leaf> figures)
    {
        var words = figures.SelectMany(f => f.Name.Concat(Names.Words(f.Description)).Concat(f.Parents.SelectMany(p => p))).ToList();
        if (words.Contains("monthly") || words.Contains("month")) return "month";
        if (words.Contains("billing")) return "billing-cycle";
        if (words.Contains("daily") || words.Contains("day") || words.Contains("today")) return "day";
        if (words.Contains("weekly") || words.Contains("week")) return "week";
        if (words.Contains("hourly") || words.Contains("hour")) return "hour";
        return null;
    }

    private Leaf? Resolve(OperationModel op, List<Leaf> leaves, string path)
    {
        path = path.Trim();
        if (path.StartsWith("header:", StringComparison.OrdinalIgnoreCase))
        {
            var name = path.Substring(7).Trim();
            var header = leaves.FirstOrDefault(l => l.IsHeader && string.Equals(l.JsonName, name, StringComparison.OrdinalIgnoreCase));
            if (header is not null) return header;
            // An undeclared header is still readable, as a string.
            return new Leaf
            {
                Source = new ValueSource(ValueSourceKind.Header, EquatableArray<PathStep>.Empty, name, TypeRef.Of(PrimitiveKind.String, true), "header " + name),
                Type = TypeRef.Of(PrimitiveKind.String, true), JsonName = name, IsHeader = true, Name = Names.Words(name),
            };
        }
        if (path.StartsWith("$.", StringComparison.Ordinal)) path = path.Substring(2);
        return leaves.FirstOrDefault(l => !l.IsHeader && l.Source.Display == path);
    }

    private MapBreakdownMapping? MapBreakdown(Leaf leaf)
    {
        var element = leaf.Type.Element;
        if (element is null) return null;
        var scope = leaf.Scope.Length > 0 ? leaf.Scope : leaf.Parents.Count > 0 ? ScopeName(leaf) : "account";
        if (element.IsNumeric)
            return new MapBreakdownMapping(scope, leaf.Window, leaf.Source, "", null, null, EquatableArray<PathStep>.Empty);
        if (element.Kind != TypeRefKind.Named || _builder.FindType(element.Name!) is not { Kind: TypeModelKind.Object } entry) return null;
        var numeric = entry.Properties.Where(p => p.Type.IsNumeric).ToList();
        if (numeric.Count == 0) return null;
        string? Pick(Func<HashSet<string>, bool> test) => numeric.FirstOrDefault(p => test(new HashSet<string>(Names.Words(p.JsonName))))?.Name;
        var usedProp = Pick(w => w.Overlaps(new[] { "count", "requests", "calls", "used", "usage", "credits", "total", "hits" }) && !w.Overlaps(new[] { "error", "errors", "failed" }));
        var errors = Pick(w => w.Overlaps(new[] { "error", "errors", "failed", "failures" }));
        var avg = Pick(w => w.Overlaps(new[] { "avg", "average", "mean" }) || (w.Contains("ms") && w.Contains("response")) || w.Contains("latency"));
        if (usedProp is null && errors is null) return null;
        return new MapBreakdownMapping(scope, leaf.Window, leaf.Source, usedProp, errors, avg,
            numeric.Select(p => new PathStep(p.JsonName, p.Name, p.Type.Nullable)).ToEquatableArray());
    }
}
