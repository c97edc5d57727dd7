using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Spectre.Console;
using Spectre.Console.Rendering;
using UsageGen.Forecasting;

namespace UsageGen.CommandLine;

/// <summary>
/// <c>usagegen history [--provider p] [--since 30d] [--json | --csv]</c>: what every quota used over time, from the
/// history file: a bar chart per quota (Spectre.Console's <see cref="BarChart"/>) with the forecast under it, or the
/// points as JSON or CSV for a spreadsheet.
/// </summary>
internal static class HistoryCommand
{
    public static readonly TimeSpan DefaultSince = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaximumSince = TimeSpan.FromDays(3660);

    /// <summary>At most this many bars per quota: the points are grouped into as many equal periods.</summary>
    public const int MaxBars = 12;

    public static Command Create(CliCommand root, CliHost host)
    {
        var provider = new Option<string[]>("--provider", "-p")
        {
            Description = "Only this provider (repeatable, or comma-separated; case-insensitive).",
            HelpName = "name",
            Arity = ArgumentArity.OneOrMore,
        };
        var since = new Option<TimeSpan?>("--since")
        {
            Description = "How far back: 30d, 12h, 90m... [default: 30d]",
            HelpName = "age",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Duration.TryParse(text, out var value, MaximumSince) && value > TimeSpan.Zero) return value;
                result.AddError($"--since: '{text}' is not an age; use 30d, 12h or 90m (at most 3660d).");
                return null;
            },
        };
        var json = new Option<bool>("--json") { Description = "Print every quota's points (and forecast) as one JSON document." };
        var csv = new Option<bool>("--csv") { Description = "Print one CSV row per quota per run, for a spreadsheet." };
        var demo = new Option<bool>("--demo") { Description = "The history of demo runs instead of real usage." };
        var command = new Command("history",
            "Shows what every quota used over time, as recorded by each run (the history file, --history): a chart per quota " +
            "with when it runs out at the recorded pace, or the points as --json or --csv.")
        {
            provider, since, json, csv, demo,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(json) is { Implicit: false } && result.GetResult(csv) is { Implicit: false })
                result.AddError("--json cannot be combined with --csv.");
        });
        command.SetAction(parse => Task.FromResult(Run(host,
            parse.GetValue(root.History),
            CliCommand.Names(parse.GetValue(provider) ?? Array.Empty<string>()).ToArray(),
            parse.GetValue(since) ?? DefaultSince,
            parse.GetValue(json) ? Format.Json : parse.GetValue(csv) ? Format.Csv : Format.Chart,
            parse.GetValue(demo))));
        return command;
    }

    internal enum Format
    {
        Chart,
        Json,
        Csv,
    }

    internal static int Run(CliHost host, string? file, IReadOnlyList<string> providers, TimeSpan since, Format format, bool demo)
    {
        var path = file is null ? HistoryStore.DefaultPath(host.Environment) : host.FullPath(file);
        var now = host.Time.GetUtcNow();
        void Note(string text) => host.Error.Profile.Out.Writer.WriteLine(host.Name + ": " + text);

        IReadOnlyList<QuotaPoint> points;
        // Whether the other kind of run (demo when real ones were asked for, or the reverse) has points: said when none are shown.
        var otherKind = false;
        if (!File.Exists(path))
        {
            points = Array.Empty<QuotaPoint>();
            if (format == Format.Chart) Note($"no history yet: {path} does not exist. Each run of '{host.Name}' records one (unless --no-history).");
        }
        else
        {
            var notes = new List<string>();
            try
            {
                using var store = HistoryStore.Open(path, now, notes);
                var from = now - since;
                IReadOnlyList<QuotaPoint> Read(bool ofDemo) => providers.Count == 0
                    ? store.Points(ofDemo, from)
                    : providers.SelectMany(p => store.Points(ofDemo, from, provider: p)).OrderBy(p => p.At).ToList();
                points = Read(demo);
                otherKind = points.Count == 0 && format == Format.Chart && Read(!demo).Count > 0;
            }
            catch (HistoryUnavailableException e)
            {
                foreach (var n in notes) Note(n);
                Note("history: " + e.Message);
                return CliCommand.ExitUnexpected;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                foreach (var n in notes) Note(n);
                Note($"history: cannot read {path}: {UsageGenCommand.OneLine(e.Message)}");
                return CliCommand.ExitUnexpected;
            }
            foreach (var n in notes) Note(n);
        }

        var series = points.GroupBy(p => p.Key).OrderBy(g => g.Key).Select(g => new Series(g.Key, g.ToList())).ToList();
        var writer = host.Out.Profile.Out.Writer;
        switch (format)
        {
            case Format.Json:
                writer.WriteLine(Json(series));
                break;
            case Format.Csv:
                writer.Write(Csv(series));
                break;
            default:
                if (series.Count == 0)
                {
                    if (File.Exists(path))
                        host.Out.MarkupLine(Markup.Escape($"No {(demo ? "demo " : "")}runs recorded in {path} in the last {Duration.Format(since)}" +
                                                          (providers.Count > 0 ? " for " + string.Join(", ", providers) : "") + "." +
                                                          (otherKind ? (demo ? " Real runs are recorded apart: leave out --demo to see them." : " Demo runs (no API key set) are recorded apart: add --demo to see them.") : "")));
                }
                else
                {
                    host.Out.Write(Chart(series, now, host.Out.Profile.Width, host.Out.Profile.Capabilities.Unicode));
                }
                break;
        }
        writer.Flush();
        return CliCommand.ExitOk;
    }

    /// <summary>One quota's recorded points, oldest first, and its forecast from them.</summary>
    internal sealed class Series
    {
        public Series(QuotaKey key, IReadOnlyList<QuotaPoint> points)
        {
            Key = key;
            Points = points;
            var forecaster = new UsageForecaster();
            foreach (var p in points) forecaster.Observe(key, p.Observation);
            Forecast = forecaster.Forecast(key)!;
        }

        public QuotaKey Key { get; }
        public IReadOnlyList<QuotaPoint> Points { get; }
        public QuotaForecast Forecast { get; }
        public QuotaPoint Latest => Points[^1];
    }

    private static IRenderable Chart(IReadOnlyList<Series> series, DateTimeOffset now, int width, bool unicode)
    {
        var parts = new List<IRenderable>();
        foreach (var s in series)
        {
            var latest = s.Latest;
            var limit = latest.Unlimited ? "unlimited" : latest.Limit is { } l ? "limit " + UsageView.Num(l) : "no limit reported";
            var title = $"[bold]{Markup.Escape(s.Key.Provider)}[/] quota [bold]{Markup.Escape(s.Key.Name)}[/] " +
                        $"[dim]({Markup.Escape(ScopeText(s.Key.Scope))}; {Markup.Escape(latest.Unit ?? "units")} used; {Markup.Escape(limit)}; " +
                        $"{s.Points.Count} run{(s.Points.Count == 1 ? "" : "s")}, times UTC)[/]";
            parts.Add(new Markup(title));

            var chart = new BarChart().Width(Math.Max(40, Math.Min(width, 100))).UseValueFormatter(v => UsageView.Num((decimal)v));
            if (latest.Limit is { } max && max > 0 && !latest.Unlimited) chart.WithMaxValue((double)Math.Max(max, s.Points.Max(p => p.Used ?? 0)));
            var any = false;
            foreach (var (label, point) in Bars(s.Points))
            {
                if (point.Used is not { } used) continue;
                any = true;
                chart.AddItem(label, (double)used, BarColor(point));
            }
            if (any) parts.Add(chart);
            else parts.Add(new Markup("[dim]  no used figure reported[/]"));
            parts.Add(new Markup("  [dim]" + Markup.Escape(s.Forecast.Describe(now)) + "[/]"));
            parts.Add(Text.Empty);
        }
        return new Rows(parts);
    }

    private static Color BarColor(QuotaPoint p)
    {
        if (p.Unlimited || p.Limit is not { } limit || limit <= 0 || p.Used is not { } used) return Color.Blue;
        var percent = used * 100m / limit;
        return percent >= 90 ? Color.Red : percent >= 75 ? Color.Yellow : Color.Green;
    }

    /// <summary>
    /// A bar per run when there are few, else the latest point of each of <see cref="MaxBars"/> equal periods (used is a
    /// running total, so the latest point is the period's figure), labelled with the period's end.
    /// </summary>
    internal static IEnumerable<(string Label, QuotaPoint Point)> Bars(IReadOnlyList<QuotaPoint> points)
    {
        var first = points[0].At;
        var span = points[^1].At - first;
        var format = span >= TimeSpan.FromDays(1) ? "MM-dd HH:mm" : span >= TimeSpan.FromHours(1) ? "HH:mm" : "HH:mm:ss";
        string Label(DateTimeOffset at) => at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
        if (points.Count <= MaxBars)
        {
            foreach (var p in points) yield return (Label(p.At), p);
            yield break;
        }
        var step = span.Ticks / MaxBars;
        QuotaPoint? pending = null;
        var bucket = 0;
        foreach (var p in points)
        {
            var index = step == 0 ? 0 : (int)Math.Min(MaxBars - 1, (p.At - first).Ticks / step);
            if (pending is not null && index != bucket) yield return (Label(pending.At), pending);
            pending = p;
            bucket = index;
        }
        if (pending is not null) yield return (Label(pending.At), pending);
    }

    private static string ScopeText(QuotaScope scope) => scope switch
    {
        QuotaScope.ApiKey => "API key",
        QuotaScope.PayAsYouGo => "pay-as-you-go",
        _ => scope.ToString().ToLowerInvariant(),
    };

    internal static string Json(IReadOnlyList<Series> series)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var s in series)
            {
                w.WriteStartObject();
                w.WriteString("provider", s.Key.Provider);
                w.WriteString("quota", s.Key.Name);
                w.WriteString("scope", JsonScope(s.Key.Scope));
                Str(w, "unit", s.Latest.Unit);
                Str(w, "window", s.Latest.Window);
                w.WriteStartArray("points");
                foreach (var p in s.Points)
                {
                    w.WriteStartObject();
                    w.WriteString("at", p.At);
                    Num(w, "used", p.Used);
                    Num(w, "limit", p.Limit);
                    Num(w, "remaining", p.Remaining);
                    w.WriteBoolean("unlimited", p.Unlimited);
                    if (p.ResetsAt is { } r) w.WriteString("resetsAt", r); else w.WriteNull("resetsAt");
                    Str(w, "plan", p.Plan);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                var f = s.Forecast;
                w.WriteStartObject("forecast");
                if (f.RatePerHour is { } rate && !double.IsNaN(rate) && !double.IsInfinity(rate)) w.WriteNumber("usedPerHour", Math.Round(rate, 4));
                else w.WriteNull("usedPerHour");
                if (f.ExhaustsAt is { } at) w.WriteString("runsOutAt", at); else w.WriteNull("runsOutAt");
                if (f.RunsOutBeforeReset is { } before) w.WriteBoolean("runsOutBeforeReset", before); else w.WriteNull("runsOutBeforeReset");
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The scope as <see cref="UsageSnapshotJson"/> names it (<c>apiKey</c>, <c>payAsYouGo</c>...).</summary>
    private static string JsonScope(QuotaScope scope)
    {
        var name = scope.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    internal const string CsvHeader = "at,provider,quota,scope,used,limit,remaining,unlimited,resets_at,unit,window,plan";

    /// <summary>RFC 4180: a header, one row per quota per run, fields quoted when they hold a comma, quote or line break.</summary>
    internal static string Csv(IReadOnlyList<Series> series)
    {
        var sb = new StringBuilder();
        sb.Append(CsvHeader).Append("\r\n");
        foreach (var p in series.SelectMany(s => s.Points).OrderBy(p => p.At).ThenBy(p => p.Key))
        {
            sb.AppendJoin(',',
                Iso(p.At), Field(p.Provider), Field(p.Quota), JsonScope(p.Scope), Dec(p.Used), Dec(p.Limit), Dec(p.Remaining),
                p.Unlimited ? "true" : "false", p.ResetsAt is { } r ? Iso(r) : "", Field(p.Unit), Field(p.Window), Field(p.Plan));
            sb.Append("\r\n");
        }
        return sb.ToString();
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Dec(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void Num(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }
}
