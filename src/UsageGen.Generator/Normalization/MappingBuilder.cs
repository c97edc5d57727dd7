using System;
using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// From the usage operation's classified fields to a <see cref="UsageMapping"/>: figures grouped by scope into quotas,
/// the main quota chosen by score (<see cref="Weights"/>), the operation's override applied, the plan chosen, breakdowns,
/// counters and header attributes gathered, and every figure given its conversion.
/// </summary>
internal sealed class MappingBuilder
{
    private readonly FieldCollector _collector;
    private readonly List<NormalizationIssue> _issues;
    private readonly List<string> _explanation = new();

    public MappingBuilder(FieldCollector collector, List<NormalizationIssue> issues)
    {
        _collector = collector;
        _issues = issues;
    }

    private sealed class ScopeFigures
    {
        public string Name = "";
        public QuotaScopeModel Kind;
        public FieldReading? Used, Limit, Remaining, Reset, Rpm;
        public int Score;
    }

    public UsageMapping Build(OperationModel op, List<FieldReading> fields, OperationOverride? ov)
    {
        var display = op.HttpMethod + " " + op.Path;
        var opPointer = UsageNormalizer.OperationPointer(op);

        // Group quota figures by scope (category figures form their own scopes unless they are usage breakdowns).
        var scopes = new Dictionary<string, ScopeFigures>(StringComparer.Ordinal);
        var categories = new List<CategoryMapping>();
        var ambiguous = new List<(string Figure, List<FieldReading> Candidates, FieldReading Chosen)>();
        foreach (var f in fields.Where(l => l.Role is FieldRole.Used or FieldRole.Limit or FieldRole.Remaining or FieldRole.Rpm or FieldRole.Reset))
        {
            if (f.Category is not null && f.Role == FieldRole.Used)
            {
                categories.Add(new CategoryMapping(f.Category, ScopeName(f), f.Window, Conversions.Number(f.Source)));
                continue;
            }
            var key = f.Category is null ? f.Scope : f.Scope + ":" + f.Category;
            if (!scopes.TryGetValue(key, out var s))
                scopes[key] = s = new ScopeFigures { Name = f.Category ?? ScopeName(f), Kind = f.Category is null ? f.ScopeKind : QuotaScopeModel.Other };
            var slot = Get(s, f.Role);
            if (slot is null || (slot.Weak && !f.Weak)) Set(s, f.Role, f);
            else if (!(f.Weak && !slot.Weak)) ambiguous.Add((FigureName(f.Role), new List<FieldReading> { slot, f }, slot));
        }

        // Name an unscoped quota after the object holding its used/limit/remaining figures, not its first leaf.
        foreach (var s in scopes.Values)
            if ((s.Used ?? s.Limit ?? s.Remaining) is { Category: null, Scope.Length: 0 } primary)
                s.Name = ScopeName(primary);

        foreach (var s in scopes.Values) s.Score = ScopeScore(s);

        var ordered = scopes.Values.OrderByDescending(s => s.Score).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

        var plan = fields.Where(l => l.Role == FieldRole.Plan).OrderByDescending(PlanScore).ThenBy(l => l.Source.Display, StringComparer.Ordinal).ToList();
        var planSource = plan.FirstOrDefault()?.Source;
        if (plan.Count > 1 && PlanScore(plan[0]) == PlanScore(plan[1]))
            ambiguous.Add(("plan", plan.Where(p => PlanScore(p) == PlanScore(plan[0])).ToList(), plan[0]));

        // Overrides replace the main quota's figures.
        var main = ordered.FirstOrDefault(s => s.Score > Weights.MinMainScopeScore);
        var unit = ov?.Unit;
        var window = ov?.Window;
        if (ov is not null && ov.Fields.Count > 0)
        {
            main ??= new ScopeFigures { Name = ov.Scope ?? Lexicon.DefaultScope, Kind = QuotaScopeModel.Account };
            if (main.Score <= Weights.MinMainScopeScore) ordered.Insert(0, main);
            foreach (var field in ov.Fields)
            {
                FieldReading? resolved = null;
                if (field.Path is { } path)
                {
                    resolved = Resolve(fields, path);
                    if (resolved is null)
                    {
                        _issues.Add(new NormalizationIssue(DiagnosticDescriptors.InvalidOverride.Id, field.Pointer, IssueAnchor.Value,
                            new[] { $"'{field.Key}: {path}' names no field of the {display} response (use a dotted body path such as 'data.quota.used', or 'header:X-Name')" }.ToEquatableArray()));
                        continue;
                    }
                }
                switch (field.Key)
                {
                    case "plan": planSource = resolved?.Source; break;
                    case "used": main.Used = resolved; break;
                    case "limit": main.Limit = resolved; break;
                    case "remaining": main.Remaining = resolved; break;
                    case "resetsAt": main.Reset = resolved; break;
                    case "requestsPerMinute": main.Rpm = resolved; break;
                }
                ambiguous.RemoveAll(a => a.Figure == FigureFor(field.Key));
            }
        }
        if (ov?.Scope is { } scopeName && main is not null) main.Name = scopeName;

        // Warn where another comparable scope has the same figure: Sharpe's plan.rpm beside rate_limit.requests_per_minute.
        if (main is not null)
        {
            foreach (var role in new[] { FieldRole.Used, FieldRole.Limit, FieldRole.Remaining, FieldRole.Rpm })
            {
                var chosen = Get(main, role);
                if (chosen is null || (ov?.Fields.Any(f => f.Key == FieldKey(role)) ?? false)) continue;
                var rivals = ordered.Where(s => s != main && s.Kind is QuotaScopeModel.Account or QuotaScopeModel.Plan).Select(s => Get(s, role)).OfType<FieldReading>().ToList();
                if (rivals.Count > 0) ambiguous.Add((FigureName(role), new List<FieldReading> { chosen }.Concat(rivals).ToList(), chosen));
            }
        }
        foreach (var (figure, candidates, chosen) in ambiguous)
            _issues.Add(new NormalizationIssue(DiagnosticDescriptors.AmbiguousFigure.Id, opPointer, IssueAnchor.Key,
                new[] { figure, string.Join(" or ", candidates.Select(c => c.Source.Display).Distinct()), chosen.Source.Display }.ToEquatableArray()));

        var quotas = new List<QuotaMapping>();
        var saysUnlimited = new List<bool>();
        var nullTracked = new List<NullTrackedProperty>();
        foreach (var s in ordered.Where(s => s.Used is not null || s.Limit is not null || s.Remaining is not null || s == main))
        {
            var unlimited = s.Limit?.Field.NullMeansUnlimited ?? false;
            if (s == main && ov?.UnlimitedWhenNull is { } u) unlimited = u;
            UnlimitedFlag? flag = null;
            if (unlimited && s.Limit is { Source: { Kind: ValueSourceKind.Body, Path.Count: > 0 } limit } && s.Limit.Field.OwnerType is { } owner)
            {
                var last = limit.Path[limit.Path.Count - 1];
                flag = new UnlimitedFlag(limit.Path.Take(limit.Path.Count - 1).ToEquatableArray(), NullTrackedProperty.FlagName(last.PropertyName));
                var tracked = new NullTrackedProperty(owner, last.JsonName);
                if (!nullTracked.Contains(tracked)) nullTracked.Add(tracked);
            }
            var figures = new[] { s.Used, s.Limit, s.Remaining }.Where(f => f is not null).Select(f => f!.Field).ToList();
            quotas.Add(new QuotaMapping(s.Name, s.Kind, Conversions.Number(s.Used), Conversions.Number(s.Limit), Conversions.Number(s.Remaining),
                Conversions.Instant(s.Reset), Conversions.Number(s.Rpm), flag,
                s == main && unit is not null ? unit : UnitOf(figures), s == main && window is not null ? window : WindowOf(figures)));
            saysUnlimited.Add(unlimited);
        }

        // Rate limit: the main scope's, else any unscoped/account one.
        var rpm = main?.Rpm?.Source ?? ordered.Where(s => s.Kind is QuotaScopeModel.Account or QuotaScopeModel.Plan).Select(s => s.Rpm).FirstOrDefault(r => r is not null)?.Source;
        var resets = main?.Reset?.Source ?? ordered.Select(s => s.Reset).FirstOrDefault(r => r is not null)?.Source;

        var maps = new List<MapBreakdownMapping>();
        foreach (var f in fields.Where(l => l.Field.IsMap))
            if (MapBreakdown(f) is { } m) maps.Add(m);

        var counters = fields.Where(l => l.Role == FieldRole.Counter).Select(l => new CounterMapping(l.Window ?? l.Field.JsonName, Conversions.Number(l.Source))).ToList();

        var used = new HashSet<ValueSource>(quotas.SelectMany(q => new[] { q.Used, q.Limit, q.Remaining, q.ResetsAt, q.RequestsPerMinute }).Where(x => x is not null).Select(x => x!.Source));
        if (planSource is not null) used.Add(planSource);
        var attributes = fields.Where(l => l.Field.IsHeader && !used.Contains(l.Source)).Select(l => Conversions.Text(l.Source)).ToList();

        _explanation.Add("plan <- " + (planSource?.Display ?? "(none)"));
        var mq = quotas.FirstOrDefault();
        _explanation.Add("creditsUsed <- " + (mq?.Used?.Display ?? "(none)"));
        _explanation.Add("creditsLimit <- " + (mq?.Limit?.Display ?? "(none)") + (mq is not null && saysUnlimited[0] ? " (null = unlimited)" : ""));
        _explanation.Add("creditsRemaining <- " + (mq?.Remaining?.Display ?? (mq?.Used is not null && mq.Limit is not null ? "(derived: limit - used)" : "(none)")));
        _explanation.Add("resetsAt <- " + (resets?.Display ?? "(none)"));
        _explanation.Add("requestsPerMinute <- " + (rpm?.Display ?? "(rate-limit headers)"));
        for (var i = 1; i < quotas.Count; i++)
        {
            var q = quotas[i];
            _explanation.Add($"quota '{q.Name}' ({q.Scope}) <- " +
                string.Join(", ", new[] { ("used", q.Used), ("limit", q.Limit), ("remaining", q.Remaining), ("resets", q.ResetsAt), ("rpm", q.RequestsPerMinute) }
                    .Where(x => x.Item2 is not null).Select(x => x.Item1 + " " + x.Item2!.Display)) +
                (saysUnlimited[i] ? " (null limit = unlimited)" : ""));
        }
        foreach (var c in categories) _explanation.Add($"breakdown {c.Scope}/{c.Category} <- {c.Source.Display}");
        foreach (var m in maps) _explanation.Add($"breakdown per key <- {m.Map.Display}");
        foreach (var c in counters) _explanation.Add($"counter {c.Window} <- {c.Source.Display}");

        return new UsageMapping(op.Name, display, planSource is null ? null : Conversions.Text(planSource), quotas.ToEquatableArray(),
            resets is null ? null : Conversions.Instant(resets), rpm is null ? null : Conversions.Number(rpm),
            categories.ToEquatableArray(), maps.ToEquatableArray(), counters.ToEquatableArray(), attributes.ToEquatableArray(),
            nullTracked.ToEquatableArray(), _explanation.ToEquatableArray());
    }

    private static FieldReading? Get(ScopeFigures s, FieldRole role) => role switch
    {
        FieldRole.Used => s.Used, FieldRole.Limit => s.Limit, FieldRole.Remaining => s.Remaining, FieldRole.Rpm => s.Rpm, _ => s.Reset,
    };

    private static void Set(ScopeFigures s, FieldRole role, FieldReading f)
    {
        switch (role)
        {
            case FieldRole.Used: s.Used = f; break;
            case FieldRole.Limit: s.Limit = f; break;
            case FieldRole.Remaining: s.Remaining = f; break;
            case FieldRole.Rpm: s.Rpm = f; break;
            default: s.Reset = f; break;
        }
    }

    private static int ScopeScore(ScopeFigures s) =>
        (s.Used is not null ? Weights.ScopeHasUsed : 0) + (s.Limit is not null ? Weights.ScopeHasLimit : 0) +
        (s.Remaining is not null ? Weights.ScopeHasRemaining : 0) + (s.Reset is not null ? Weights.ScopeHasReset : 0) +
        (s.Used is null && s.Limit is null && s.Remaining is null ? Weights.ScopeHasNoQuotaFigure : 0) +
        s.Kind switch
        {
            QuotaScopeModel.Account => s.Name == Lexicon.DefaultScope ? Weights.AccountScope : Weights.NamedAccountScope,
            QuotaScopeModel.Plan => Weights.PlanScope,
            QuotaScopeModel.ApiKey => Weights.ApiKeyScope,
            QuotaScopeModel.Project => Weights.ProjectScope,
            QuotaScopeModel.PayAsYouGo => Weights.PayAsYouGoScope,
            _ => Weights.OtherScope,
        };

    /// <summary>The quota's name: its scope word, else its nearest non-envelope parent, else "account".</summary>
    private static string ScopeName(FieldReading f)
    {
        if (f.Scope.Length > 0) return f.Scope;
        return f.Field.ScopedParentJsonNames.LastOrDefault() ?? Lexicon.DefaultScope;
    }

    private static int PlanScore(FieldReading f)
    {
        var name = f.Field.NameWords;
        var score = f.Field.IsHeader ? Weights.PlanInHeader : Weights.PlanInBody;
        if (f.Field.Name.Count == 1) score += Weights.PlanOneWordName;
        if (name.Overlaps(Lexicon.PlanPreferred)) score += Weights.PlanPreferredWord;
        if (!name.Overlaps(Lexicon.Plan)) score += Weights.PlanNoPlanWord;
        if (name.Overlaps(Lexicon.PlanId)) score += Weights.PlanIdWord;
        return score;
    }

    private static string FigureName(FieldRole role) => role switch
    {
        FieldRole.Used => "creditsUsed", FieldRole.Limit => "creditsLimit", FieldRole.Remaining => "creditsRemaining",
        FieldRole.Rpm => "requestsPerMinute", FieldRole.Reset => "resetsAt", _ => "plan",
    };

    private static string FieldKey(FieldRole role) => role switch
    {
        FieldRole.Used => "used", FieldRole.Limit => "limit", FieldRole.Remaining => "remaining", FieldRole.Rpm => "requestsPerMinute", FieldRole.Reset => "resetsAt", _ => "plan",
    };

    private static string FigureFor(string key) => key switch
    {
        "used" => "creditsUsed", "limit" => "creditsLimit", "remaining" => "creditsRemaining", _ => key,
    };

    private static string? UnitOf(List<Field> figures)
    {
        var words = new HashSet<string>(figures.SelectMany(f => f.Name.Concat(f.DescriptionWords)));
        foreach (var (candidates, unit) in Lexicon.Units)
            if (candidates.Any(words.Contains)) return unit;
        return null;
    }

    private static string? WindowOf(List<Field> figures)
    {
        var words = new HashSet<string>(figures.SelectMany(f => f.Name.Concat(f.DescriptionWords).Concat(f.Parents.SelectMany(p => p))));
        foreach (var (candidates, window) in Lexicon.Windows)
            if (candidates.Any(words.Contains)) return window;
        return null;
    }

    /// <summary>An override's field: <c>header:Name</c> (declared or not), else a dotted body path (<c>$.</c> optional).</summary>
    private static FieldReading? Resolve(List<FieldReading> fields, string path)
    {
        path = path.Trim();
        if (path.StartsWith("header:", StringComparison.OrdinalIgnoreCase))
        {
            var name = path.Substring(7).Trim();
            var header = fields.FirstOrDefault(l => l.Field.IsHeader && string.Equals(l.Field.JsonName, name, StringComparison.OrdinalIgnoreCase));
            if (header is not null) return header;
            // An undeclared header is still readable, as a string.
            var type = TypeRef.Of(PrimitiveKind.String, true);
            return FieldReading.Unclassified(new Field(new ValueSource(ValueSourceKind.Header, EquatableArray<PathStep>.Empty, name, type, "header " + name),
                name, null, Array.Empty<string>()));
        }
        if (path.StartsWith("$.", StringComparison.Ordinal)) path = path.Substring(2);
        return fields.FirstOrDefault(l => !l.Field.IsHeader && l.Source.Display == path);
    }

    private MapBreakdownMapping? MapBreakdown(FieldReading f)
    {
        var element = f.Field.Type.Element;
        if (element is null) return null;
        var scope = f.Scope.Length > 0 ? f.Scope : f.Field.Parents.Count > 0 ? ScopeName(f) : Lexicon.DefaultScope;
        if (element.IsNumeric)
            return new MapBreakdownMapping(scope, f.Window, f.Source, "", null, null, EquatableArray<PathStep>.Empty);
        if (element.Kind != TypeRefKind.Named || _collector.FindType(element.Name!) is not { Kind: TypeModelKind.Object } entry) return null;
        var numeric = entry.Properties.Where(p => p.Type.IsNumeric).ToList();
        if (numeric.Count == 0) return null;
        string? Pick(Func<HashSet<string>, bool> test) => numeric.FirstOrDefault(p => test(new HashSet<string>(Names.Words(p.JsonName))))?.Name;
        var usedProp = Pick(w => w.Overlaps(Lexicon.MapUsed) && !w.Overlaps(Lexicon.MapUsedExcludes));
        var errors = Pick(w => w.Overlaps(Lexicon.MapErrors));
        var avg = Pick(w => w.Overlaps(Lexicon.MapAverage) || Lexicon.MapAverageMs.All(w.Contains));
        if (usedProp is null && errors is null) return null;
        return new MapBreakdownMapping(scope, f.Window, f.Source, usedProp, errors, avg,
            numeric.Select(p => new PathStep(p.JsonName, p.Name, p.Type.Nullable)).ToEquatableArray());
    }
}
