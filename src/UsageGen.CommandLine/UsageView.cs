using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace UsageGen.CommandLine;

/// <summary>What the table shows besides the results.</summary>
internal sealed class ViewOptions
{
    public bool Details { get; init; }
    public decimal? FailAbove { get; init; }
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    public bool Unicode { get; init; } = true;

    /// <summary>A narrow console (under 120 columns): no borders, shorter bars, no units, the reset date on its own line.</summary>
    public bool Compact { get; init; }

    /// <summary>Narrower still (under 100 columns): no bars, one space between columns, no Remaining and Rate limit columns.</summary>
    public bool Narrow { get; init; }

    /// <summary>Providers with no key that were not asked for by name, listed under the table in real mode.</summary>
    public IReadOnlyList<UsageProviderInfo> NotConfigured { get; init; } = Array.Empty<UsageProviderInfo>();

    /// <summary>A last line (watch mode: when it refreshed).</summary>
    public string? StatusLine { get; init; }

    /// <summary>Whether the run is recorded: then the table has the "since last run" and "runs out" columns.</summary>
    public bool History { get; init; }

    /// <summary>Each provider's main quota as the history sees it, by provider name.</summary>
    public IReadOnlyDictionary<string, Trend> Trends { get; init; } = new Dictionary<string, Trend>();
}

/// <summary>Renders results as a Spectre table with its footnotes.</summary>
internal static class UsageView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string DerivedMark = "*";

    public static IRenderable Build(IReadOnlyList<ProviderResult> results, ViewOptions o)
    {
        var none = o.Unicode ? "—" : "-";
        // A narrow console gets a borderless layout. Names and figures never wrap (a word is never cut); the plan, the
        // reset and the status wrap between words.
        var table = new Table().Border(o.Compact ? TableBorder.None : o.Unicode ? TableBorder.Rounded : TableBorder.Ascii);
        table.AddColumn(new TableColumn("[bold]Provider[/]").NoWrap());
        table.AddColumn(new TableColumn("[bold]Plan[/]"));
        table.AddColumn(new TableColumn("[bold]Used / Limit[/]").NoWrap());
        if (!o.Narrow) table.AddColumn(new TableColumn("[bold]Remaining[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("[bold]% used[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("[bold]Resets[/]"));
        if (!o.Narrow) table.AddColumn(new TableColumn("[bold]Rate limit[/]").RightAligned().NoWrap());
        if (o.History)
        {
            table.AddColumn(new TableColumn(o.Compact ? "[bold]Since last[/]" : "[bold]Since last run[/]").RightAligned().NoWrap());
            table.AddColumn(new TableColumn("[bold]Runs out[/]").NoWrap());
        }
        table.AddColumn(new TableColumn("[bold]Status[/]"));

        if (o.Compact)
            foreach (var column in table.Columns) column.Padding(0, 0, o.Narrow ? 1 : 2, 0);

        var anyDerived = false;
        var anyStale = false;
        foreach (var r in results)
        {
            var cells = new List<IRenderable> { new Markup("[bold]" + Markup.Escape(r.Name) + "[/]") };
            if (r.Snapshot is not { } s)
            {
                var e = r.Error!;
                cells.Add(new Markup("[dim]" + none + "[/]"));
                while (cells.Count < table.Columns.Count - 1) cells.Add(Text.Empty);
                cells.Add(new Markup("[red]" + (o.Unicode ? "✗ " : "x ") + Markup.Escape(e.Message) + "[/]"));
                table.AddRow(cells);
                continue;
            }

            var main = s.MainQuota;
            anyDerived |= main is not null && main.Derived != DerivedFigures.None;
            anyStale |= s.ResetsAt is { } at0 && at0 < o.Now;
            var percent = s.PercentUsed;
            var over = o.FailAbove is { } t && percent is { } p0 && p0 > t;
            cells.Add(new Markup(s.Plan is null ? "[dim]" + none + "[/]" : Markup.Escape(s.Plan)));
            cells.Add(new Markup(UsedOfLimit(main, percent, o, over)));
            if (!o.Narrow) cells.Add(new Markup(Remaining(main, none)));
            cells.Add(new Markup(Percent(percent, o.FailAbove, none)));
            cells.Add(new Markup(Resets(s.ResetsAt, o.Now, none, o.Compact)));
            if (!o.Narrow) cells.Add(new Markup(RateLimit(s, none, o.Narrow)));
            if (o.History)
            {
                o.Trends.TryGetValue(r.Name, out var trend);
                cells.Add(new Markup(SinceLast(trend, o, none)));
                cells.Add(new Markup(RunsOut(trend, o, none)));
            }
            cells.Add(new Markup(over
                ? $"[red]above {Num(o.FailAbove!.Value)}%[/]"
                : "[green]" + (o.Unicode ? "✓ " : "") + "ok[/]"));
            table.AddRow(cells);
        }

        var parts = new List<IRenderable> { table };
        if (o.Details)
            foreach (var r in results)
                if (r.Snapshot is { } s && Details(s, o, none, ref anyDerived) is { } details)
                    parts.Add(details);
        if (anyDerived)
            parts.Add(new Markup($"[dim]{DerivedMark} derived: computed from the other two figures, not reported by the provider.[/]"));
        if (anyStale)
            parts.Add(new Markup("[dim]stale: the reset time the provider reports has passed; its figures may be from the last period.[/]"));
        if (o.NotConfigured.Count > 0)
            parts.Add(new Markup("[dim]Not queried (no key): " +
                Markup.Escape(string.Join(", ", o.NotConfigured.Select(i => $"{i.Name} ({i.ApiKeyEnvironmentVariable})"))) + ".[/]"));
        if (o.StatusLine is not null) parts.Add(new Markup("[dim]" + Markup.Escape(o.StatusLine) + "[/]"));
        return new Rows(parts);
    }

    /// <summary>
    /// <c>--details</c>: one table per provider under the main one, a row per extra quota, breakdown item and request
    /// counter, each figure with its unit. Its own table so that long item names (endpoints) never squeeze the main
    /// table's columns; the item names never wrap.
    /// </summary>
    private static IRenderable? Details(UsageSnapshot s, ViewOptions o, string none, ref bool anyDerived)
    {
        if (s.Quotas.Count <= 1 && s.Breakdown.Count == 0 && s.RequestCounters.Count == 0) return null;
        var table = new Table().Border(o.Compact ? TableBorder.None : o.Unicode ? TableBorder.Rounded : TableBorder.Ascii);
        table.AddColumn(new TableColumn("[bold]Item[/]").NoWrap());
        table.AddColumn(new TableColumn("[bold]Scope, window[/]"));
        table.AddColumn(new TableColumn("[bold]Used / Limit[/]").NoWrap());
        table.AddColumn(new TableColumn("[bold]% used[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("[bold]Resets[/]"));
        table.AddColumn(new TableColumn("[bold]Rate, errors, time[/]"));
        if (o.Compact)
            foreach (var column in table.Columns) column.Padding(0, 0, o.Narrow ? 1 : 2, 0);

        var detail = new ViewOptions { Unicode = o.Unicode, Compact = true, Narrow = true };
        foreach (var q in s.Quotas.Skip(1))
        {
            anyDerived |= q.Derived != DerivedFigures.None;
            var qp = QuotaPercent(q);
            table.AddRow(
                new Markup("quota " + Markup.Escape(q.Name)),
                new Markup("[dim]" + Markup.Escape(ScopeName(q.Scope) + (q.Window is null ? "" : ", " + q.Window)) + "[/]"),
                new Markup(UsedOfLimit(q, qp, detail, false) + Unit(q.Unit ?? s.Unit)),
                new Markup(Percent(qp, null, none)),
                new Markup(Resets(q.ResetsAt, o.Now, none, o.Compact)),
                new Markup(q.RequestsPerMinute is { } rpm ? Num(rpm) + " rpm" : ""));
        }
        foreach (var b in s.Breakdown)
        {
            var extra = new List<string>();
            if (b.Errors is { } errors) extra.Add(Num(errors) + (errors == 1 ? " error" : " errors"));
            if (b.AverageResponseMilliseconds is { } ms) extra.Add(Num(ms) + " ms avg");
            table.AddRow(
                new Markup(Markup.Escape(BreakdownName(b))),
                new Markup("[dim]" + Markup.Escape(b.Window ?? "") + "[/]"),
                new Markup(b.Used is { } used ? Num(used) + Unit(s.Unit) : "[dim]" + none + "[/]"),
                Text.Empty, Text.Empty,
                new Markup("[dim]" + Markup.Escape(string.Join(", ", extra)) + "[/]"));
        }
        foreach (var c in s.RequestCounters)
        {
            table.AddRow(
                new Markup("requests " + Markup.Escape(c.Window)),
                Text.Empty,
                new Markup(c.Count is { } n ? Num(n) + " requests" : "[dim]" + none + "[/]"),
                Text.Empty, Text.Empty, Text.Empty);
        }
        return new Rows(new Markup("[bold]" + Markup.Escape(s.Provider) + "[/] [dim]details[/]"), table);
    }

    /// <summary><c>+1,204 (2h)</c>: used since the previous recorded run, and how long ago that was.</summary>
    private static string SinceLast(Trend? trend, ViewOptions o, string none)
    {
        if (trend is null) return "[dim]" + none + "[/]";
        if (trend.PreviousAt is not { } previous) return "[dim]first run[/]";
        if (trend.Reset) return "[yellow]reset[/]";
        if (trend.SinceLast is not { } delta) return "[dim]" + none + "[/]";
        var ago = o.Now - previous;
        return Markup.Escape((delta >= 0 ? "+" : "") + Num(delta)) + (o.Narrow ? "" : " [dim](" + Markup.Escape(Span(ago < TimeSpan.Zero ? TimeSpan.Zero : ago)) + ")[/]");
    }

    /// <summary>When the main quota runs out at the pace the history shows, against its reset (the hosted monitor's forecast).</summary>
    private static string RunsOut(Trend? trend, ViewOptions o, string none)
    {
        if (trend?.Forecast is not { } f) return "[dim]" + none + "[/]";
        if (f.IsUnlimited) return "[dim]never[/]";
        if (f.IsExhausted) return "[red]run out[/]";
        if (f.RatePerSecond is not { } rate) return "[dim]" + none + "[/]";
        if (rate <= 0) return "[dim]no use[/]";
        if (f.ExhaustsAt is not { } at) return "[dim]?[/]";
        var when = Markup.Escape("in " + Span(at > o.Now ? at - o.Now : TimeSpan.Zero));
        return f.RunsOutBeforeReset switch
        {
            true => "[red]" + when + "[/]",
            false => "[green]after reset[/]",
            null => "[yellow]" + when + "[/]",
        };
    }

    private static string BreakdownName(UsageBreakdownItem b) =>
        string.IsNullOrEmpty(b.Scope) ? b.Name : b.Scope + (b.Name.StartsWith('/') ? " " : "/") + b.Name;

    private static string UsedOfLimit(UsageQuota? q, decimal? percent, ViewOptions o, bool over)
    {
        if (q is null) return "[dim]" + (o.Unicode ? "—" : "-") + "[/]";
        var used = q.Used is { } u ? Num(u) + Mark(q, DerivedFigures.Used) : "?";
        var limit = q.IsUnlimited ? "unlimited" : q.Limit is { } l ? Num(l) + Mark(q, DerivedFigures.Limit) : "?";
        var bar = q.IsUnlimited || percent is null || o.Narrow ? "" : Bar(percent.Value, o, over) + " ";
        return bar + Markup.Escape(used + " / " + limit) + (o.Compact ? "" : Unit(q.Unit));
    }

    private static string Unit(string? unit) => unit is null ? "" : " [dim]" + Markup.Escape(unit) + "[/]";

    private static string Remaining(UsageQuota? q, string none)
    {
        if (q is null) return "[dim]" + none + "[/]";
        if (q.IsUnlimited) return "unlimited";
        return q.Remaining is { } r ? Markup.Escape(Num(r) + Mark(q, DerivedFigures.Remaining)) : "[dim]" + none + "[/]";
    }

    private static string Mark(UsageQuota q, DerivedFigures which) => (q.Derived & which) != 0 ? DerivedMark : "";

    private static decimal? QuotaPercent(UsageQuota q)
    {
        if (q.IsUnlimited || q.Limit is not { } limit || limit <= 0) return null;
        var used = q.Used ?? (q.Remaining is { } r ? limit - r : null);
        return used is { } u ? Math.Round(u * 100m / limit, 2) : null;
    }

    private static string Percent(decimal? percent, decimal? failAbove, string none)
    {
        if (percent is not { } p) return "[dim]" + none + "[/]";
        return $"[{Color(p, failAbove)}]{Num(p)}%[/]";
    }

    private static string Color(decimal percent, decimal? failAbove) =>
        failAbove is { } t && percent > t ? "red" : percent >= 90 ? "red" : percent >= 75 ? "yellow" : "green";

    private static string Bar(decimal percent, ViewOptions o, bool over)
    {
        var width = o.Compact ? 5 : 10;
        var filled = (int)Math.Clamp(Math.Round(percent / 100m * width, MidpointRounding.AwayFromZero), 0, width);
        var full = o.Unicode ? '█' : '#';
        var empty = o.Unicode ? '░' : '.';
        var color = over ? "red" : Color(percent, o.FailAbove);
        return $"[{color}]{new string(full, filled)}[/][grey]{new string(empty, width - filled)}[/]";
    }

    private static string Resets(DateTimeOffset? resetsAt, DateTimeOffset now, string none, bool compact)
    {
        if (resetsAt is not { } at) return "[dim]" + none + "[/]";
        var utc = at.ToUniversalTime();
        var delta = utc - now;
        // A reset in the past is stale: the provider has not moved on to the next period (or reports an old time).
        var relative = delta >= TimeSpan.Zero ? Markup.Escape("in " + Span(delta)) : "[yellow]stale[/], " + Markup.Escape(Span(-delta) + " ago");
        var date = utc.TimeOfDay == TimeSpan.Zero
            ? utc.ToString("yyyy-MM-dd", Invariant)
            : utc.ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC";
        return relative + (compact ? "\n" : " ") + "[dim](" + Markup.Escape(date) + ")[/]";
    }

    internal static string Span(TimeSpan span)
    {
        if (span.TotalDays >= 1) return $"{(int)span.TotalDays}d {span.Hours}h";
        if (span.TotalHours >= 1) return $"{span.Hours}h {span.Minutes}m";
        if (span.TotalMinutes >= 1) return $"{span.Minutes}m";
        return "<1m";
    }

    private static string RateLimit(UsageSnapshot s, string none, bool narrow)
    {
        var sb = new StringBuilder();
        if (s.RequestsPerMinute is { } rpm) sb.Append(Num(rpm)).Append(narrow ? "/min" : " rpm");
        if (s.RateLimit is { Remaining: { } left, Limit: { } limit })
            sb.Append(sb.Length > 0 ? " " : "").Append('(').Append(Num(left)).Append('/').Append(Num(limit)).Append(" left)");
        return sb.Length == 0 ? "[dim]" + none + "[/]" : Markup.Escape(sb.ToString());
    }

    private static string ScopeName(QuotaScope scope) => scope switch
    {
        QuotaScope.ApiKey => "API key",
        QuotaScope.PayAsYouGo => "pay-as-you-go",
        _ => scope.ToString().ToLowerInvariant(),
    };

    /// <summary>1,000,000 and 3.33: grouped, at most two decimals, culture-invariant.</summary>
    public static string Num(decimal value) => value.ToString("#,0.##", Invariant);
}
