using System;
using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// From the usage operation's classified fields to a <see cref="UsageMapping"/>: figures put into quotas
/// (<see cref="QuotaGrouping"/>), the main quota chosen by score (<see cref="Weights"/>), the operation's override
/// applied, the plan, the rate and the reset chosen, breakdowns, counters and header attributes gathered, and every
/// figure given its conversion and its explanation (rule and confidence).
/// </summary>
internal sealed class MappingBuilder
{
    private readonly FieldCollector _collector;
    private readonly List<NormalizationIssue> _issues;

    public MappingBuilder(FieldCollector collector, List<NormalizationIssue> issues)
    {
        _collector = collector;
        _issues = issues;
    }

    public UsageMapping Build(OperationModel op, List<FieldReading> fields, OperationOverride? ov, IReadOnlyList<ParameterFill> parameters)
    {
        var display = op.HttpMethod + " " + op.Path;
        var opPointer = UsageNormalizer.OperationPointer(op);
        var ambiguous = new List<(string Figure, List<FieldReading> Candidates, FieldReading Chosen)>();

        var figures = fields.Where(l => l.Role is FieldRole.Used or FieldRole.Limit or FieldRole.Remaining or FieldRole.Rpm or FieldRole.Reset or FieldRole.Credits);
        var groups = QuotaGrouping.Group(figures, ambiguous);

        // Used-only groups about a subject are breakdowns (Tavily's search_usage), not quotas.
        var categories = new List<CategoryMapping>();
        foreach (var g in groups.Where(g => g.Subject.Length > 0 && g.Used is { Field.IsHeader: false } && g.Limit is null && g.Remaining is null).ToList())
        {
            categories.Add(new CategoryMapping(g.Subject, ScopeName(g.Used!), NamedWindow(g.Used!.Field), Conversions.Number(g.Used.Source)));
            groups.Remove(g);
        }

        foreach (var g in groups)
        {
            g.Name = Name(g);
            g.Score = Score(g);
        }
        var ordered = groups.OrderByDescending(g => g.Score).ThenBy(g => g.Depth).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        var main = ordered.FirstOrDefault(g => g.Score > Weights.MinMainScopeScore && g.HasQuotaFigure && !g.IsRateOnly);

        var plan = fields.Where(l => l.Role == FieldRole.Plan).OrderByDescending(PlanScore).ThenBy(l => l.Source.Display, StringComparer.Ordinal).ToList();
        var planSource = plan.FirstOrDefault();
        if (plan.Count > 1 && PlanScore(plan[0]) == PlanScore(plan[1]))
            ambiguous.Add(("plan", plan.Where(p => PlanScore(p) == PlanScore(plan[0])).ToList(), plan[0]));

        // The rate: the main quota's limit when it is a per-minute quota, else the per-minute limit of its scope and
        // subject; the live configuration (unscoped) over a plan's nominal figure (Sharpe's plan.rpm).
        FieldReading? rpm = null;
        if (main is not null)
        {
            if (main.WindowKey == "minute") rpm = main.Limit;
            else
            {
                var rates = ordered.Where(g => g != main && g.WindowKey == "minute" && g.Limit is not null && g.ScopeClass == main.ScopeClass && g.Subject == main.Subject)
                    .OrderBy(g => g.IsHeader).ThenBy(g => g.Limit!.Scope.Length == 0 ? 0 : 1).ThenBy(g => g.Limit!.Source.Display, StringComparer.Ordinal).ToList();
                rpm = rates.FirstOrDefault()?.Limit;
                if (rates.Count > 1 && rates[1].IsHeader == rates[0].IsHeader)
                    ambiguous.Add(("requestsPerMinute", rates.Select(r => r.Limit!).ToList(), rpm!));
            }
        }

        QuotaGrouping.AttachResets(groups, main, figures.Where(f => f.Role == FieldRole.Reset), ambiguous);

        // Overrides replace the main quota's figures.
        var unit = ov?.Unit;
        var window = ov?.Window;
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        if (ov is not null && ov.Fields.Count > 0)
        {
            if (main is null)
            {
                main = new QuotaGroup(FieldReading.Unclassified(fields.FirstOrDefault()?.Field ?? Placeholder()));
                main.Fields.Clear();
                main.Name = ov.Scope ?? Lexicon.DefaultScope;
                ordered.Insert(0, main);
            }
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
                    case "plan": planSource = resolved; break;
                    case "used": main.Used = resolved; break;
                    case "limit": main.Limit = resolved; break;
                    case "remaining": main.Remaining = resolved; break;
                    case "resetsAt": main.Reset = resolved; break;
                    case "requestsPerMinute": rpm = resolved; break;
                }
                overridden.Add(field.Key);
                ambiguous.RemoveAll(a => a.Figure == FigureFor(field.Key));
            }
        }
        if (ov?.Scope is { } scopeName && main is not null) main.Name = scopeName;

        // Warn where another quota of the same scope, subject and window has the same figure: Sharpe's plan.monthly_limit beside quota.limit.
        if (main is not null)
        {
            foreach (var role in new[] { FieldRole.Used, FieldRole.Limit, FieldRole.Remaining })
            {
                var chosen = main.Get(role);
                if (chosen is null || overridden.Contains(FieldKey(role))) continue;
                var rivals = ordered.Where(g => g != main && g.ScopeClass == main.ScopeClass && g.Subject == main.Subject && g.WindowKey == main.WindowKey && !g.IsRateOnly)
                    .Select(g => g.Get(role)).OfType<FieldReading>().ToList();
                if (rivals.Count > 0) ambiguous.Add((FigureName(role), new List<FieldReading> { chosen }.Concat(rivals).ToList(), chosen));
            }
        }
        foreach (var (figure, candidates, chosen) in ambiguous)
            _issues.Add(new NormalizationIssue(DiagnosticDescriptors.AmbiguousFigure.Id, opPointer, IssueAnchor.Key,
                new[] { figure, string.Join(" or ", candidates.Select(c => c.Source.Display).Distinct()), chosen.Source.Display }.ToEquatableArray()));
        var doubtful = new HashSet<string>(ambiguous.Select(a => a.Figure), StringComparer.Ordinal);

        // Quotas: the main one first, then the others by score; a per-minute limit alone is a rate, a reset alone no quota.
        var quotaGroups = new List<QuotaGroup>();
        if (main is not null) quotaGroups.Add(main);
        quotaGroups.AddRange(ordered.Where(g => g != main && g.HasQuotaFigure && !g.IsRateOnly));
        var quotas = new List<QuotaMapping>();
        var saysUnlimited = new List<bool>();
        var nullTracked = new List<NullTrackedProperty>();
        foreach (var g in quotaGroups)
        {
            var isMain = g == main;
            var unlimited = g.Limit?.Field.NullMeansUnlimited ?? false;
            if (isMain && ov?.UnlimitedWhenNull is { } u) unlimited = u;
            UnlimitedFlag? flag = null;
            if (unlimited && g.Limit is { Source: { Kind: ValueSourceKind.Body, Path.Count: > 0 } limit } && g.Limit.Field.OwnerType is { } owner &&
                limit.Path[limit.Path.Count - 1].Kind == PathStepKind.Property)
            {
                var last = limit.Path[limit.Path.Count - 1];
                flag = new UnlimitedFlag(limit.Path.Take(limit.Path.Count - 1).ToEquatableArray(), NullTrackedProperty.FlagName(_collector.FindType(owner), last.PropertyName));
                var tracked = new NullTrackedProperty(owner, last.JsonName);
                if (!nullTracked.Contains(tracked)) nullTracked.Add(tracked);
            }
            var rate = isMain ? rpm : g.WindowKey == "minute" ? null : RateOf(g, ordered);
            var quotaFigures = new[] { g.Used, g.Limit, g.Remaining }.Where(f => f is not null).Select(f => f!.Field).ToList();
            quotas.Add(new QuotaMapping(g.Name, QuotaScope(g), Conversions.Number(g.Used), Conversions.Number(g.Limit), Conversions.Number(g.Remaining),
                Conversions.Instant(g.Reset), Conversions.Number(rate), flag,
                isMain && unit is not null ? unit : UnitOf(g, quotaFigures), isMain && window is not null ? window : WindowOf(g, quotaFigures),
                g.Limit?.Field.UnlimitedSentinel, CurrencyOf(g, fields)));
            saysUnlimited.Add(unlimited);
        }

        var resets = main?.Reset;

        var maps = new List<MapBreakdownMapping>();
        foreach (var f in fields.Where(l => l.Field.IsMap))
            if (MapBreakdown(f) is { } m) maps.Add(m);

        var counters = fields.Where(l => l.Role == FieldRole.Counter).Select(l => new CounterMapping(l.Window ?? l.Field.JsonName, Conversions.Number(l.Source))).ToList();

        var used = new HashSet<ValueSource>(quotas.SelectMany(q => new[] { q.Used, q.Limit, q.Remaining, q.ResetsAt, q.RequestsPerMinute }).Where(x => x is not null).Select(x => x!.Source));
        if (rpm is not null) used.Add(rpm.Source);
        if (planSource is not null) used.Add(planSource.Source);
        var attributes = fields.Where(l => l.Field.IsHeader && !used.Contains(l.Source)).Select(l => Conversions.Text(l.Source)).ToList();

        // The explanation: one row per headline figure (field, rule, confidence), then the other quotas and breakdowns.
        var explained = new List<ExplainedFigure>();
        void Explain(string figure, string key, FieldReading? f, QuotaGroup? g, Confidence sure)
        {
            if (f is null) return;
            var rule = overridden.Contains(key) ? "x-usagegen" : g is not null && g.ResolvedBy.TryGetValue(f, out var by) ? by : f.Rule;
            var confidence = overridden.Contains(key) ? Confidence.Override : doubtful.Contains(figure) || f.Weak ? Confidence.Low : sure;
            explained.Add(new ExplainedFigure(figure, f.Source.Display, rule, confidence));
        }
        var paired = main is not null && new[] { main.Used, main.Limit, main.Remaining }.Count(x => x is not null) >= 2;
        var figureSure = paired ? Confidence.High : Confidence.Medium;
        Explain("plan", "plan", planSource, null, plan.Count == 1 || planSource?.Field.IsHeader == false ? Confidence.High : Confidence.Medium);
        Explain("creditsUsed", "used", main?.Used, main, figureSure);
        Explain("creditsLimit", "limit", main?.Limit, main, figureSure);
        Explain("creditsRemaining", "remaining", main?.Remaining, main, figureSure);
        Explain("resetsAt", "resetsAt", resets, main, resets is not null && resets.Source.Type.Primitive != PrimitiveKind.String ? Confidence.High : Confidence.Medium);
        Explain("requestsPerMinute", "requestsPerMinute", rpm, null, Confidence.Medium);

        var explanation = new List<string>
        {
            "plan <- " + (planSource?.Source.Display ?? "(none)"),
        };
        var mq = quotas.FirstOrDefault();
        explanation.Add("creditsUsed <- " + (mq?.Used?.Display ?? "(none)"));
        explanation.Add("creditsLimit <- " + (mq?.Limit?.Display ?? "(none)") + (mq is not null && saysUnlimited[0] ? " (null = unlimited)" : "") +
            (mq?.UnlimitedSentinel is { } sentinel ? $" ({sentinel} = unlimited)" : ""));
        explanation.Add("creditsRemaining <- " + (mq?.Remaining?.Display ?? (mq?.Used is not null && mq.Limit is not null ? "(derived: limit - used)" : "(none)")));
        explanation.Add("resetsAt <- " + (resets?.Source.Display ?? "(none)"));
        explanation.Add("requestsPerMinute <- " + (rpm?.Source.Display ?? "(rate-limit headers)"));
        if (mq is not null) explanation.Add($"main quota '{mq.Name}'" + (mq.Window is { } w ? $", window {w}" : "") + (mq.Unit is { } un ? $", unit {un}" : ""));
        for (var i = 1; i < quotas.Count; i++)
        {
            var q = quotas[i];
            explanation.Add($"quota '{q.Name}' ({q.Scope}{(q.Window is { } qw ? ", " + qw : "")}) <- " +
                string.Join(", ", new[] { ("used", q.Used), ("limit", q.Limit), ("remaining", q.Remaining), ("resets", q.ResetsAt), ("rpm", q.RequestsPerMinute) }
                    .Where(x => x.Item2 is not null).Select(x => x.Item1 + " " + x.Item2!.Display)) +
                (saysUnlimited[i] ? " (null limit = unlimited)" : ""));
        }
        foreach (var c in categories) explanation.Add($"breakdown {c.Scope}/{c.Category} <- {c.Source.Display}");
        foreach (var m in maps) explanation.Add($"breakdown per key <- {m.Map.Display}");
        foreach (var c in counters) explanation.Add($"counter {c.Window} <- {c.Source.Display}");
        foreach (var p in parameters)
            explanation.Add(p.Kind == ParameterFillKind.ApiKey ? $"parameter {p.Name} <- the API key" : $"parameter {p.Name} <- '{p.Value}' (fixed by the spec)");

        return new UsageMapping(op.Name, display, planSource is null ? null : Conversions.Text(planSource.Source), quotas.ToEquatableArray(),
            resets is null ? null : Conversions.Instant(resets), rpm is null ? null : Conversions.Number(rpm),
            categories.ToEquatableArray(), maps.ToEquatableArray(), counters.ToEquatableArray(), attributes.ToEquatableArray(),
            nullTracked.ToEquatableArray(), explanation.ToEquatableArray(), explained.ToEquatableArray(), parameters.ToEquatableArray());
    }

    private static Field Placeholder() =>
        new(new ValueSource(ValueSourceKind.Body, EquatableArray<PathStep>.Empty, null, TypeRef.Of(PrimitiveKind.Json), ""), "", null, Array.Empty<string>());

    /// <summary>
    /// A quota's own per-minute limit: the rate of its object (Sharpe's <c>plan.rpm</c> beside <c>plan.monthly_limit</c>),
    /// or of its scope when that is not the account's (CoinGecko's key-level rpm).
    /// </summary>
    private static FieldReading? RateOf(QuotaGroup g, List<QuotaGroup> ordered) =>
        ordered.FirstOrDefault(r => r != g && r.IsRateOnly && r.ScopeClass == g.ScopeClass && r.Subject == g.Subject &&
                                    (r.Container == g.Container || r.ScopeClass != QuotaScopeModel.Account))?.Limit;

    private static QuotaScopeModel QuotaScope(QuotaGroup g)
    {
        if (g.Subject.Length > 0) return QuotaScopeModel.Other;
        var primary = g.Used ?? g.Limit ?? g.Remaining ?? g.Reset;
        return primary?.ScopeKind ?? QuotaScopeModel.Account;
    }

    /// <summary>The quota's name: its subject, else its primary figure's scope word, else its nearest non-envelope parent, else "account".</summary>
    private static string Name(QuotaGroup g)
    {
        if (g.Subject.Length > 0) return g.Subject;
        var primary = g.Used ?? g.Limit ?? g.Remaining ?? g.Reset ?? g.Fields[0];
        return ScopeName(primary);
    }

    private static string ScopeName(FieldReading f)
    {
        if (f.Scope.Length > 0) return f.Scope;
        return f.Field.ScopedParentJsonNames.LastOrDefault() ?? Lexicon.DefaultScope;
    }

    /// <summary>The window named by a figure's name or parents (not its description): a breakdown's window.</summary>
    private static string? NamedWindow(Field f)
    {
        var parent = f.Parents.Count > 0 ? f.Parents[f.Parents.Count - 1] : null;
        return Facets.WindowIn(f.Name) ?? (parent is null ? null : Facets.WindowIn(parent));
    }

    private static int Score(QuotaGroup g)
    {
        var score = (g.Used is not null ? Weights.ScopeHasUsed : 0) + (g.Limit is not null ? Weights.ScopeHasLimit : 0) +
                    (g.Remaining is not null ? Weights.ScopeHasRemaining : 0) + (g.Reset is not null ? Weights.ScopeHasReset : 0) +
                    (!g.HasQuotaFigure ? Weights.ScopeHasNoQuotaFigure : 0);
        var primary = g.Used ?? g.Limit ?? g.Remaining ?? g.Reset;
        score += g.Subject.Length > 0 ? Weights.OtherScope : g.ScopeClass switch
        {
            QuotaScopeModel.Account => primary?.ScopeKind == QuotaScopeModel.Plan ? Weights.PlanScope
                : g.Name == Lexicon.DefaultScope ? Weights.AccountScope : Weights.NamedAccountScope,
            QuotaScopeModel.ApiKey => Weights.ApiKeyScope,
            QuotaScopeModel.Project => Weights.ProjectScope,
            QuotaScopeModel.PayAsYouGo => Weights.PayAsYouGoScope,
            _ => Weights.OtherScope,
        };
        score += g.WindowKey switch
        {
            "month" => Weights.BillingWindow,
            null => Weights.NoWindow,
            "year" or "week" or "day" => Weights.DayWindow,
            "hour" => Weights.HourWindow,
            "minute" => Weights.MinuteWindow,
            _ => Weights.ShortWindow,
        };
        if (g.Unit is { } unit && Lexicon.BillingUnits.Contains(unit)) score += Weights.BillingUnit;
        if (g.IsHeader) score += Weights.HeaderQuota;
        if (g.Deprecated) score += Weights.DeprecatedQuota;
        return score;
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

    public static string FigureName(FieldRole role) => role switch
    {
        FieldRole.Used => "creditsUsed", FieldRole.Limit or FieldRole.Credits => "creditsLimit", FieldRole.Remaining => "creditsRemaining",
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

    /// <summary>The unit: from the quota's figures' names and descriptions (credits, requests, characters, USD...).</summary>
    private static string? UnitOf(QuotaGroup g, List<Field> figures)
    {
        var words = new HashSet<string>(figures.SelectMany(f => f.Name.Concat(f.DescriptionWords)));
        foreach (var (candidates, unit) in Lexicon.Units)
            if (candidates.Any(words.Contains)) return unit;
        return g.Unit;
    }

    /// <summary>The window: the quota's own when its figures name one, else the first their descriptions name.</summary>
    private static string? WindowOf(QuotaGroup g, List<Field> figures)
    {
        foreach (var f in new[] { g.Limit, g.Used, g.Remaining })
            if (f?.Window is { } w && Facets.Key(w) == g.WindowKey) return w;
        if (g.WindowKey is not null) return g.WindowKey;
        var words = new HashSet<string>(figures.SelectMany(f => f.Name.Concat(f.DescriptionWords).Concat(f.Parents.SelectMany(p => p))));
        foreach (var (candidates, window) in Lexicon.Windows)
            if (candidates.Any(words.Contains)) return window;
        return null;
    }

    /// <summary>
    /// A money quota's unit read at run time from the <c>currency</c> beside its figure (Twilio's <c>balance</c> and
    /// <c>currency</c>, DeepSeek's <c>balance_infos[0].currency</c>).
    /// </summary>
    private static Figure? CurrencyOf(QuotaGroup g, List<FieldReading> fields)
    {
        var money = new[] { g.Remaining, g.Limit, g.Used }.FirstOrDefault(f => f is not null && (f.Field.NameWords.Contains("balance") || f.Unit is "USD" or "EUR" or "money"));
        if (money is null) return null;
        var currency = fields.FirstOrDefault(f => f.Container == money.Container && f.Field.Name.Count == 1 && f.Field.Name[0] == "currency" && (f.Field.IsText || f.Field.Type.Kind == TypeRefKind.Named));
        return currency is null ? null : Conversions.Text(currency.Source);
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
