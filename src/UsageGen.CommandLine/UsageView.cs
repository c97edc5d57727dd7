using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace UsageGen.CommandLine;

/// <summary>What the table shows besides the results.</summary>
internal sealed record ViewOptions
{
    public bool Details { get; init; }
    public decimal? FailAbove { get; init; }
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    public bool Unicode { get; init; } = true;

    /// <summary>The console's width: the richest layout that fits in it is used. 0: no limit.</summary>
    public int Width { get; init; }

    /// <summary>The console's capabilities, to measure with; null: measured as a plain Unicode console.</summary>
    public IReadOnlyCapabilities? Capabilities { get; init; }

    /// <summary>Providers with no key that were not asked for by name, listed under the table in real mode.</summary>
    public IReadOnlyList<UsageProviderInfo> NotConfigured { get; init; } = Array.Empty<UsageProviderInfo>();

    /// <summary>A last line (watch mode: when it refreshed).</summary>
    public string? StatusLine { get; init; }

    /// <summary>Whether the run is recorded: then the table has the "since last run" and "runs out" columns.</summary>
    public bool History { get; init; }

    /// <summary>Each provider's main quota as the history sees it, by provider name.</summary>
    public IReadOnlyDictionary<string, Trend> Trends { get; init; } = new Dictionary<string, Trend>();
}

/// <summary>
/// How much the table shows, from richest to leanest; <see cref="UsageView"/> uses the first whose narrowest rendering
/// (every column at its longest word) fits the console, so no name or figure is ever cut mid-word.
/// </summary>
internal enum Layout
{
    /// <summary>Borders, 10-character bars, units, every column, the reset's date beside it.</summary>
    Wide,
    /// <summary>No borders, 5-character bars, the reset's date under it.</summary>
    Compact,
    /// <summary>No bars and no units, one space between columns.</summary>
    Narrow,
    /// <summary>Also no Remaining and Rate limit columns (in --json and wider consoles), the reset without its date.</summary>
    Narrowest,
}

/// <summary>Renders results as a Spectre table with its footnotes.</summary>
internal static class UsageView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string DerivedMark = "*";

    public static IRenderable Build(IReadOnlyList<ProviderResult> results, ViewOptions o)
    {
        var none = o.Unicode ? "—" : "-";
        var anyDerived = false;
        Table? table = null;
        foreach (var layout in Enum.GetValues<Layout>())
        {
            anyDerived = false;
            table = MainTable(results, o, layout, none, ref anyDerived);
            if (Fits(table, o)) break;
        }

        var parts = new List<IRenderable> { table! };
        if (o.Details)
            foreach (var r in results)
                if (r.Snapshot is { } s && Details(s, o, none, ref anyDerived) is { } details)
                    parts.Add(details);
        if (anyDerived)
            parts.Add(new Markup($"[dim]{DerivedMark} derived: computed from the other two figures, not reported by the provider.[/]"));
        if (results.Any(r => r.Snapshot?.ResetsAt is { } at && at < o.Now))
            parts.Add(new Markup("[dim]stale: the reset time the provider reports has passed; its figures may be from the last period.[/]"));
        if (o.NotConfigured.Count > 0)
            parts.Add(new Markup("[dim]Not queried (no key): " +
                Markup.Escape(string.Join(", ", o.NotConfigured.Select(i => $"{i.Name} ({i.ApiKeyEnvironmentVariable})"))) + ".[/]"));
        if (o.StatusLine is not null) parts.Add(new Markup("[dim]" + Markup.Escape(o.StatusLine) + "[/]"));
        return new Rows(parts);
    }

    /// <summary>
    /// Whether <paramref name="table"/> renders in the console's width without cutting a word: every column at least as
    /// wide as its longest word (its whole text when it does not wrap), plus padding and borders. When it fits only by
    /// wrapping, the columns get fixed widths: each its minimum, and what is left shared among the wrapping columns by
    /// how much wider they would like to be (Spectre's own shrinking is proportional and may cut a word).
    /// </summary>
    private static bool Fits(Table table, ViewOptions o)
    {
        if (o.Width <= 0) return true;
        var options = new RenderOptions(o.Capabilities ?? new Capabilities { Unicode = o.Unicode }, new Size(o.Width, 50));
        var count = table.Columns.Count;
        var min = new int[count];
        var max = new int[count];
        var chrome = table.Border == TableBorder.None ? 0 : count + 1;
        for (var c = 0; c < count; c++)
        {
            var column = table.Columns[c];
            foreach (var cell in table.Rows.Select(r => r[c]).Prepend(column.Header))
            {
                var measured = cell.Measure(options, int.MaxValue / 2);
                min[c] = Math.Max(min[c], column.NoWrap ? measured.Max : measured.Min);
                max[c] = Math.Max(max[c], measured.Max);
            }
            chrome += column.Padding is { } p ? p.Left + p.Right : 2;
        }
        var available = o.Width - chrome;
        if (min.Sum() > available) return false;
        if (max.Sum() <= available) return true;

        var spare = available - min.Sum();
        var wanted = Enumerable.Range(0, count).Sum(c => (long)(max[c] - min[c]));
        for (var c = 0; c < count; c++)
            table.Columns[c].Width = min[c] + (wanted == 0 ? 0 : (int)(spare * (long)(max[c] - min[c]) / wanted));
        return true;
    }

    private sealed class Capabilities : IReadOnlyCapabilities
    {
        public ColorSystem ColorSystem { get; init; } = ColorSystem.NoColors;
        public bool Ansi { get; init; }
        public bool Links { get; init; }
        public bool Legacy { get; init; }
        public bool IsTerminal { get; init; }
        public bool Interactive { get; init; }
        public bool Unicode { get; init; }
        public bool AlternateBuffer { get; init; }
    }

    private static Table NewTable(ViewOptions o, Layout layout)
    {
        var table = new Table().Border(layout == Layout.Wide ? o.Unicode ? TableBorder.Rounded : TableBorder.Ascii : TableBorder.None);
        return table;
    }

    private static void Pad(Table table, Layout layout)
    {
        if (layout == Layout.Wide) return;
        foreach (var column in table.Columns) column.Padding(0, 0, layout == Layout.Compact ? 2 : 1, 0);
    }

    private static Table MainTable(IReadOnlyList<ProviderResult> results, ViewOptions o, Layout layout, string none, ref bool anyDerived)
    {
        var lean = layout == Layout.Narrowest;
        // Names and figures never wrap; the plan, the reset and the status wrap between words.
        var table = NewTable(o, layout);
        table.AddColumn(new TableColumn("[bold]Provider[/]").NoWrap());
        table.AddColumn(new TableColumn("[bold]Plan[/]"));
        table.AddColumn(new TableColumn("[bold]Used / Limit[/]").NoWrap());
        if (!lean) table.AddColumn(new TableColumn("[bold]Remaining[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("[bold]% used[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("[bold]Resets[/]"));
        if (!lean) table.AddColumn(new TableColumn(layout >= Layout.Narrow ? "[bold]Rate[/]" : "[bold]Rate limit[/]").RightAligned().NoWrap());
        if (o.History)
        {
            table.AddColumn(new TableColumn(layout == Layout.Wide ? "[bold]Since last run[/]" : "[bold]Since last[/]").RightAligned());
            table.AddColumn(new TableColumn("[bold]Runs out[/]"));
        }
        table.AddColumn(new TableColumn("[bold]Status[/]"));
        Pad(table, layout);

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
            var percent = s.PercentUsed;
            var over = o.FailAbove is { } t && percent is { } p0 && p0 > t;
            cells.Add(new Markup(s.Plan is null ? "[dim]" + none + "[/]" : Markup.Escape(s.Plan)));
            cells.Add(new Markup(UsedOfLimit(main, percent, o, layout, over)));
            if (!lean) cells.Add(new Markup(Remaining(main, none)));
            cells.Add(new Markup(Percent(percent, o.FailAbove, none)));
            cells.Add(new Markup(Resets(s.ResetsAt, o.Now, none, layout)));
            if (!lean) cells.Add(new Markup(RateLimit(s, none, layout >= Layout.Narrow)));
            if (o.History)
            {
                o.Trends.TryGetValue(r.Name, out var trend);
                cells.Add(new Markup(SinceLast(trend, o, layout, none)));
                cells.Add(new Markup(RunsOut(trend, o, none)));
            }
            cells.Add(new Markup(over
                ? $"[red]above {Num(o.FailAbove!.Value)}%[/]"
                : "[green]" + (o.Unicode ? "✓ " : "") + "ok[/]"));
            table.AddRow(cells);
        }
        return table;
    }

    /// <summary>
    /// <c>--details</c>: one table per provider under the main one, a row per extra quota, breakdown item and request
    /// counter, each figure with its unit. Its own table, so long item names (endpoints) never squeeze the main table;
    /// item names never wrap. Where six columns do not fit, scope, reset, rate and errors share one column of notes.
    /// </summary>
    private static IRenderable? Details(UsageSnapshot s, ViewOptions o, string none, ref bool anyDerived)
    {
        if (s.Quotas.Count <= 1 && s.Breakdown.Count == 0 && s.RequestCounters.Count == 0) return null;
        Table? table = null;
        foreach (var layout in new[] { Layout.Wide, Layout.Compact, Layout.Narrow })
        {
            table = DetailTable(s, o, layout, none, ref anyDerived);
            if (Fits(table, o)) break;
        }
        return new Rows(new Markup("[bold]" + Markup.Escape(s.Provider) + "[/] [dim]details[/]"), table!);
    }

    private static Table DetailTable(UsageSnapshot s, ViewOptions o, Layout layout, string none, ref bool anyDerived)
    {
        var notesOnly = layout == Layout.Narrow;
        var table = NewTable(o, layout);
        table.AddColumn(new TableColumn("[bold]Item[/]").NoWrap());
        if (!notesOnly) table.AddColumn(new TableColumn("[bold]Scope, window[/]"));
        table.AddColumn(new TableColumn("[bold]Used / Limit[/]").NoWrap());
        table.AddColumn(new TableColumn("[bold]% used[/]").RightAligned().NoWrap());
        if (!notesOnly) table.AddColumn(new TableColumn("[bold]Resets[/]"));
        table.AddColumn(new TableColumn(notesOnly ? "[bold]Notes[/]" : "[bold]Rate, errors, time[/]"));
        Pad(table, layout);

        void Row(string item, string scope, string used, string percent, string resets, string notes)
        {
            if (notesOnly)
            {
                var all = string.Join("; ", new[] { scope, resets, notes }.Where(x => x.Length > 0));
                table.AddRow(new Markup(item), new Markup(used), new Markup(percent), new Markup(all));
            }
            else
            {
                table.AddRow(new Markup(item), new Markup(scope), new Markup(used), new Markup(percent), new Markup(resets), new Markup(notes));
            }
        }

        foreach (var q in s.Quotas.Skip(1))
        {
            anyDerived |= q.Derived != DerivedFigures.None;
            var qp = QuotaPercent(q);
            Row("quota " + Markup.Escape(q.Name),
                "[dim]" + Markup.Escape(ScopeName(q.Scope) + (q.Window is null ? "" : ", " + q.Window)) + "[/]",
                UsedOfLimit(q, qp, o, Layout.Narrow, false) + Unit(q.Unit ?? s.Unit),
                Percent(qp, null, none),
                q.ResetsAt is null ? "" : (notesOnly ? "resets " : "") + Resets(q.ResetsAt, o.Now, none, notesOnly ? Layout.Narrowest : layout),
                q.RequestsPerMinute is { } rpm ? Num(rpm) + " rpm" : "");
        }
        foreach (var b in s.Breakdown)
        {
            var extra = new List<string>();
            if (b.Errors is { } errors) extra.Add(Num(errors) + (errors == 1 ? " error" : " errors"));
            if (b.AverageResponseMilliseconds is { } ms) extra.Add(Num(ms) + " ms avg");
            Row(Markup.Escape(BreakdownName(b)),
                "[dim]" + Markup.Escape(b.Window ?? "") + "[/]",
                b.Used is { } used ? Num(used) + Unit(s.Unit) : "[dim]" + none + "[/]",
                "", "",
                "[dim]" + Markup.Escape(string.Join(", ", extra)) + "[/]");
        }
        foreach (var c in s.RequestCounters)
            Row("requests " + Markup.Escape(c.Window), "", c.Count is { } n ? Num(n) + " requests" : "[dim]" + none + "[/]", "", "", "");
        return table;
    }

    /// <summary><c>+1,204 (2h)</c>: used since the previous recorded run, and how long ago that was.</summary>
    private static string SinceLast(Trend? trend, ViewOptions o, Layout layout, string none)
    {
        if (trend is null) return "[dim]" + none + "[/]";
        if (trend.PreviousAt is not { } previous) return "[dim]first run[/]";
        if (trend.Reset) return "[yellow]reset[/]";
        if (trend.SinceLast is not { } delta) return "[dim]" + none + "[/]";
        var ago = o.Now - previous;
        return Markup.Escape((delta >= 0 ? "+" : "") + Num(delta)) + (layout >= Layout.Narrow ? "" : " [dim](" + Markup.Escape(Span(ago < TimeSpan.Zero ? TimeSpan.Zero : ago)) + ")[/]");
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

    private static string UsedOfLimit(UsageQuota? q, decimal? percent, ViewOptions o, Layout layout, bool over)
    {
        if (q is null) return "[dim]" + (o.Unicode ? "—" : "-") + "[/]";
        var used = q.Used is { } u ? Num(u) + Mark(q, DerivedFigures.Used) : "?";
        var limit = q.IsUnlimited ? "unlimited" : q.Limit is { } l ? Num(l) + Mark(q, DerivedFigures.Limit) : "?";
        var bar = q.IsUnlimited || percent is null || layout >= Layout.Narrow ? "" : Bar(percent.Value, o, layout == Layout.Wide ? 10 : 5, over) + " ";
        return bar + Markup.Escape(used + " / " + limit) + (layout >= Layout.Narrow ? "" : Unit(q.Unit));
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

    private static string Bar(decimal percent, ViewOptions o, int width, bool over)
    {
        var filled = (int)Math.Clamp(Math.Round(percent / 100m * width, MidpointRounding.AwayFromZero), 0, width);
        var full = o.Unicode ? '█' : '#';
        var empty = o.Unicode ? '░' : '.';
        var color = over ? "red" : Color(percent, o.FailAbove);
        return $"[{color}]{new string(full, filled)}[/][grey]{new string(empty, width - filled)}[/]";
    }

    private static string Resets(DateTimeOffset? resetsAt, DateTimeOffset now, string none, Layout layout)
    {
        if (resetsAt is not { } at) return "[dim]" + none + "[/]";
        var utc = at.ToUniversalTime();
        var delta = utc - now;
        // A reset in the past is stale: the provider has not moved on to the next period (or reports an old time).
        var relative = delta >= TimeSpan.Zero ? Markup.Escape("in " + Span(delta)) : "[yellow]stale[/], " + Markup.Escape(Span(-delta) + " ago");
        var date = utc.TimeOfDay == TimeSpan.Zero
            ? utc.ToString("yyyy-MM-dd", Invariant)
            : utc.ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC";
        if (layout == Layout.Narrowest) return relative;
        return relative + (layout == Layout.Wide ? " " : "\n") + "[dim](" + Markup.Escape(date) + ")[/]";
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
