using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace UsageGen.Cli;

/// <summary>What the table shows besides the results.</summary>
internal sealed class ViewOptions
{
    public bool Details { get; init; }
    public decimal? FailAbove { get; init; }
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    public bool Unicode { get; init; } = true;

    /// <summary>A narrow console: shorter bars, no units, the reset date on its own line.</summary>
    public bool Compact { get; init; }

    /// <summary>Narrower still (under ~100 columns): no bars, one space between columns.</summary>
    public bool Narrow { get; init; }

    /// <summary>Providers with no key that were not asked for by name, listed under the table in real mode.</summary>
    public IReadOnlyList<UsageProviderInfo> NotConfigured { get; init; } = Array.Empty<UsageProviderInfo>();

    /// <summary>A last line (watch mode: when it refreshed).</summary>
    public string? StatusLine { get; init; }
}

/// <summary>Renders results as a Spectre table with its footnotes.</summary>
internal static class UsageView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string DerivedMark = "*";

    public static IRenderable Build(IReadOnlyList<ProviderResult> results, ViewOptions o)
    {
        var none = o.Unicode ? "—" : "-";
        // A narrow console gets a borderless layout: the eight columns need about 100 characters that way.
        var table = new Table().Border(o.Compact ? TableBorder.None : o.Unicode ? TableBorder.Rounded : TableBorder.Ascii);
        table.AddColumn(new TableColumn("[bold]Provider[/]"));
        table.AddColumn(new TableColumn("[bold]Plan[/]"));
        table.AddColumn(o.Compact ? new TableColumn("[bold]Used / Limit[/]").NoWrap() : new TableColumn("[bold]Used / Limit[/]"));
        table.AddColumn(new TableColumn("[bold]Remaining[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("[bold]% used[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("[bold]Resets[/]"));
        table.AddColumn(new TableColumn(o.Narrow ? "[bold]Rate[/]" : "[bold]Rate limit[/]").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("[bold]Status[/]"));

        if (o.Compact)
            foreach (var column in table.Columns) column.Padding(0, 0, o.Narrow ? 1 : 2, 0);

        var anyDerived = false;
        foreach (var r in results)
        {
            if (r.Snapshot is not { } s)
            {
                var e = r.Error!;
                table.AddRow(
                    new Markup("[bold]" + Markup.Escape(r.Name) + "[/]"),
                    new Markup("[dim]" + none + "[/]"), Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty,
                    new Markup("[red]" + (o.Unicode ? "✗ " : "x ") + Markup.Escape(e.Message) + "[/]"));
                continue;
            }

            var main = s.MainQuota;
            anyDerived |= main is not null && main.Derived != DerivedFigures.None;
            var percent = s.PercentUsed;
            var over = o.FailAbove is { } t && percent is { } p0 && p0 > t;
            table.AddRow(
                new Markup("[bold]" + Markup.Escape(r.Name) + "[/]"),
                new Markup(s.Plan is null ? "[dim]" + none + "[/]" : Markup.Escape(s.Plan)),
                new Markup(UsedOfLimit(main, percent, o, over)),
                new Markup(Remaining(main, none)),
                new Markup(Percent(percent, o.FailAbove, none)),
                new Markup(Resets(s.ResetsAt, o.Now, none, o.Compact)),
                new Markup(RateLimit(s, none, o.Narrow)),
                new Markup(over
                    ? $"[red]above {Num(o.FailAbove!.Value)}%[/]"
                    : "[green]" + (o.Unicode ? "✓ " : "") + "ok[/]"));

            if (!o.Details) continue;
            var branch = o.Unicode ? "  ↳ " : "  > ";
            foreach (var q in s.Quotas.Skip(1))
            {
                anyDerived |= q.Derived != DerivedFigures.None;
                var qp = QuotaPercent(q);
                table.AddRow(
                    new Markup("[dim]" + branch + "quota " + Markup.Escape(q.Name) + "[/]"),
                    new Markup("[dim]" + Markup.Escape(ScopeName(q.Scope) + (q.Window is null ? "" : ", " + q.Window)) + "[/]"),
                    new Markup(UsedOfLimit(q, qp, o, false)),
                    new Markup(Remaining(q, none)),
                    new Markup(Percent(qp, null, none)),
                    new Markup(Resets(q.ResetsAt, o.Now, none, o.Compact)),
                    new Markup(q.RequestsPerMinute is { } rpm ? Num(rpm) + " rpm" : ""),
                    Text.Empty);
            }
            foreach (var b in s.Breakdown)
            {
                var extra = new List<string>();
                if (b.Errors is { } errors) extra.Add(Num(errors) + (errors == 1 ? " error" : " errors"));
                if (b.AverageResponseMilliseconds is { } ms) extra.Add(Num(ms) + " ms avg");
                table.AddRow(
                    new Markup("[dim]" + branch + Markup.Escape(BreakdownName(b)) + "[/]"),
                    new Markup("[dim]" + Markup.Escape(b.Window ?? "") + "[/]"),
                    new Markup(b.Used is { } used ? Num(used) + Unit(s.Unit) : "[dim]" + none + "[/]"),
                    Text.Empty, Text.Empty, Text.Empty, Text.Empty,
                    new Markup("[dim]" + Markup.Escape(string.Join(", ", extra)) + "[/]"));
            }
            foreach (var c in s.RequestCounters)
            {
                table.AddRow(
                    new Markup("[dim]" + branch + "requests " + Markup.Escape(c.Window) + "[/]"),
                    Text.Empty,
                    new Markup(c.Count is { } n ? Num(n) + " requests" : "[dim]" + none + "[/]"),
                    Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty);
            }
        }

        var parts = new List<IRenderable> { table };
        if (anyDerived)
            parts.Add(new Markup($"[dim]{DerivedMark} derived: computed from the other two figures, not reported by the provider.[/]"));
        if (o.NotConfigured.Count > 0)
            parts.Add(new Markup("[dim]Not queried (no key): " +
                Markup.Escape(string.Join(", ", o.NotConfigured.Select(i => $"{i.Name} ({i.ApiKeyEnvironmentVariable})"))) + ".[/]"));
        if (o.StatusLine is not null) parts.Add(new Markup("[dim]" + Markup.Escape(o.StatusLine) + "[/]"));
        return new Rows(parts);
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
        var relative = delta >= TimeSpan.Zero ? "in " + Span(delta) : Span(-delta) + " ago";
        var date = utc.TimeOfDay == TimeSpan.Zero
            ? utc.ToString("yyyy-MM-dd", Invariant)
            : utc.ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC";
        return Markup.Escape(relative) + (compact ? "\n" : " ") + "[dim](" + Markup.Escape(date) + ")[/]";
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
