using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using UsageGen.EndToEnd.Tests;

namespace UsageGen.Corpus.Tests;

/// <summary>One reported figure (non-null in expected.json) and what the snapshot said.</summary>
public sealed record FigureResult(string Name, ExpectedValue Expected, string Seen, bool Right);

/// <summary>A provider scored as CORPUS-FORMAT.md says.</summary>
public sealed record ProviderScore(
    CorpusCase Case,
    RunOutcome Outcome,
    bool OperationRight,
    string OperationNote,
    bool AuthRight,
    string AuthNote,
    bool QueryRight,
    string QueryNote,
    IReadOnlyList<FigureResult> Reported,
    IReadOnlyList<string> FalseFigures,
    IReadOnlyList<string> DerivedNotes)
{
    /// <summary>Reported figures the snapshot got right, whether or not the build was clean.</summary>
    public int RightWithWarningsAllowed => Reported.Count(f => f.Right);

    /// <summary>Reported figures right in a TreatWarningsAsErrors consumer: none when its build breaks.</summary>
    public int Right => Outcome.BuildClean ? RightWithWarningsAllowed : 0;

    public bool Clean => Outcome.BuildClean && OperationRight && AuthRight && QueryRight
        && RightWithWarningsAllowed == Reported.Count && FalseFigures.Count == 0;

    /// <summary>One line: what was right and what was wrong.</summary>
    public string Line()
    {
        var sb = new StringBuilder();
        sb.Append(Case.Part).Append('/').Append(Case.Id).Append(": ").Append(Clean ? "CLEAN" : "not clean");
        sb.Append(" | figures ").Append(Right).Append('/').Append(Reported.Count);
        if (!Outcome.BuildClean && RightWithWarningsAllowed > 0) sb.Append(" (").Append(RightWithWarningsAllowed).Append(" with warnings allowed)");
        foreach (var f in Reported)
            sb.Append(' ').Append(f.Name).Append(f.Right ? " ok" : $" WRONG (expected {f.Expected}, got {f.Seen})").Append(';');
        if (FalseFigures.Count > 0) sb.Append(" | false figures: ").Append(string.Join(", ", FalseFigures));
        foreach (var d in DerivedNotes) sb.Append(" | ").Append(d);
        sb.Append(" | op ").Append(OperationRight ? "ok" : "WRONG").Append(" (").Append(OperationNote).Append(')');
        sb.Append(" | auth ").Append(AuthRight ? "ok" : "WRONG (" + AuthNote + ")");
        sb.Append(" | query ").Append(QueryRight ? "ok" : "WRONG (" + QueryNote + ")");
        var breaking = Outcome.Diagnostics.Where(d => d.BreaksBuild).ToList();
        sb.Append(" | build ").Append(breaking.Count == 0 ? "clean" : "BROKEN: " + string.Join("; ", breaking.Take(4)) + (breaking.Count > 4 ? $"; +{breaking.Count - 4} more" : ""));
        if (Outcome.AdapterError is { } e) sb.Append(" | adapter failed: ").Append(e.Length > 240 ? e.Substring(0, 240) + "..." : e);
        return sb.ToString();
    }
}

public static class Scoring
{
    public static ProviderScore Score(CorpusCase c, RunOutcome o)
    {
        var e = c.Expected;
        var seen = o.Figures;
        var reported = new List<FigureResult>();
        var falseFigures = new List<string>();
        var derivedNotes = new List<string>();

        foreach (var name in Expected.FigureNames)
        {
            var expected = e.Figure(name);
            if (expected is not null)
            {
                var (right, text) = Compare(name, expected, seen);
                reported.Add(new FigureResult(name, expected, text, right));
            }
            else if (seen is not null && FalseFigure(name, seen, derivedNotes) is { } produced)
            {
                falseFigures.Add(name + "=" + produced);
            }
        }

        var prefix = "/" + c.Id;
        var expectedPath = e.UsageOperation is null ? null : prefix + CorpusRunner.FillPath(CorpusRunner.SplitOperation(e.UsageOperation).Path, e.Parameters);
        var target = o.Requests.FirstOrDefault(r => r.Path == expectedPath) ?? o.Requests.FirstOrDefault();

        var (opRight, opNote) = Operation(e, o, expectedPath, seen);
        var (authRight, authNote) = e.UsageOperation is null && target is null ? (true, "no request") : Auth(c, target);
        var (queryRight, queryNote) = e.UsageOperation is null && target is null ? (true, "no request") : Query(e, target);
        return new ProviderScore(c, o, opRight, opNote, authRight, authNote, queryRight, queryNote, reported, falseFigures, derivedNotes);
    }

    private static (bool Right, string Seen) Compare(string name, ExpectedValue expected, SeenFigures? seen)
    {
        if (seen is null) return (false, "no snapshot");
        switch (name)
        {
            case "plan":
                return (string.Equals(seen.Plan, expected.Text, StringComparison.Ordinal), Show(seen.Plan));
            case "resetsAt":
                return (seen.ResetsAt is { } r && expected.Instant is { } i && r.UtcDateTime == i.UtcDateTime, Show(seen.ResetsAt));
            case "creditsLimit" when expected.Unlimited:
                return (seen.IsUnlimited && seen.CreditsLimit is null, seen.IsUnlimited ? "unlimited" : Show(seen.CreditsLimit));
            default:
                var value = Number(name, seen);
                var shown = name == "creditsLimit" && seen.IsUnlimited ? "unlimited" : Show(value);
                return (value is { } v && expected.Number is { } n && v == n && !(name == "creditsLimit" && seen.IsUnlimited), shown);
        }
    }

    /// <summary>
    /// The value produced for a figure expected null, or null when that is fine: nothing produced, or a figure the
    /// adapter derived by arithmetic and flagged in <see cref="UsageQuota.Derived"/> whose arithmetic holds.
    /// </summary>
    private static string? FalseFigure(string name, SeenFigures s, List<string> derivedNotes)
    {
        switch (name)
        {
            case "plan": return s.Plan is null ? null : Show(s.Plan);
            case "resetsAt": return s.ResetsAt is null ? null : Show(s.ResetsAt);
            case "requestsPerMinute": return s.RequestsPerMinute is null ? null : Show(s.RequestsPerMinute);
            case "creditsLimit" when s.IsUnlimited: return "unlimited";
        }
        var value = Number(name, s);
        if (value is null) return null;
        var (flag, holds, formula) = name switch
        {
            "creditsUsed" => (DerivedFigures.Used, s.CreditsLimit - s.CreditsRemaining == value, "limit - remaining"),
            "creditsLimit" => (DerivedFigures.Limit, s.CreditsUsed + s.CreditsRemaining == value, "used + remaining"),
            _ => (DerivedFigures.Remaining, s.CreditsLimit - s.CreditsUsed == value, "limit - used"),
        };
        if ((s.Derived & flag) == 0) return Show(value);
        derivedNotes.Add($"{name} derived as {formula} = {Show(value)}: {(holds ? "arithmetic ok" : "ARITHMETIC WRONG")}");
        return holds ? null : Show(value) + " (derived, arithmetic wrong)";
    }

    private static decimal? Number(string name, SeenFigures s) => name switch
    {
        "creditsUsed" => s.CreditsUsed,
        "creditsLimit" => s.CreditsLimit,
        "creditsRemaining" => s.CreditsRemaining,
        "requestsPerMinute" => s.RequestsPerMinute,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a numeric figure"),
    };

    private static (bool, string) Operation(Expected e, RunOutcome o, string? expectedPath, SeenFigures? seen)
    {
        if (e.UsageOperation is null)
        {
            if (!o.Emitted) return (true, "none expected; build failed");
            if (!o.HasAdapter) return (true, "none expected, none generated");
            var nothing = seen is null || (seen.Plan is null && seen.CreditsUsed is null && seen.CreditsLimit is null && !seen.IsUnlimited
                && seen.CreditsRemaining is null && seen.ResetsAt is null && seen.RequestsPerMinute is null);
            return (nothing, $"none expected; adapter on {o.AdapterOperation} reported {(nothing ? "no figure" : "figures")}");
        }
        if (!o.Emitted) return (false, "build failed, no adapter");
        if (!o.HasAdapter) return (false, "no usage adapter generated");
        var (m1, p1) = CorpusRunner.SplitOperation(e.UsageOperation);
        var (m2, p2) = CorpusRunner.SplitOperation(o.AdapterOperation!);
        if (m1 != m2 || p1 != p2) return (false, $"expected {e.UsageOperation}, adapter uses {o.AdapterOperation}");
        var hit = o.Requests.Any(r => r.Path == expectedPath);
        return hit ? (true, e.UsageOperation) : (false, $"{e.UsageOperation} chosen but sent {string.Join(", ", o.Requests.Select(r => r.Method + " " + r.Path))}");
    }

    private static (bool, string) Auth(CorpusCase c, RecordedRequest? r)
    {
        if (r is null) return (false, "no request sent");
        var a = c.Expected.Auth;
        var key = CorpusRunner.ApiKey(c.Id);
        var want = (a.Format ?? "{key}").Replace("{key}", key, StringComparison.Ordinal);
        switch (a.In)
        {
            case "header":
                return Check(r.Header(a.Name ?? ""), want, $"header {a.Name}");
            case "bearer":
                return Check(r.Header(a.Name ?? "Authorization"), want, "Authorization");
            case "query":
                return Check(r.Query.TryGetValue(a.Name ?? "", out var q) ? q : null, want, $"query {a.Name}");
            case "cookie":
                var cookie = r.Header("Cookie") ?? "";
                var pair = a.Name + "=" + want;
                return cookie.Split(';').Any(p => p.Trim() == pair) ? (true, "") : (false, $"Cookie has no {a.Name}=<key>");
            case "basic":
                var user = (a.Format ?? "{username}:{password}").Replace("{username}", CorpusRunner.Username(c.Id), StringComparison.Ordinal)
                    .Replace("{password}", key, StringComparison.Ordinal);
                return Check(r.Header("Authorization"), "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user)), "basic Authorization");
            case "none":
                var leaked = r.Headers.Values.Any(v => v.Contains(key, StringComparison.Ordinal)) || r.QueryString.Contains(key, StringComparison.Ordinal);
                return leaked ? (false, "key sent although the provider takes none") : (true, "");
            default:
                return (false, $"unknown auth.in '{a.In}'");
        }
    }

    /// <summary>Compares without printing the key: only whether it was sent, and how it was wrapped.</summary>
    private static (bool, string) Check(string? sent, string want, string where)
    {
        if (sent == want) return (true, "");
        if (sent is null) return (false, where + " not sent");
        return (false, $"{where} sent in another form ({sent.Length} chars{(sent.Contains(' ') ? ", scheme '" + sent.Split(' ')[0] + "'" : "")})");
    }

    private static (bool, string) Query(Expected e, RecordedRequest? r)
    {
        if (e.SentQuery.Count == 0) return (true, "");
        if (r is null) return (false, "no request sent");
        var missing = e.SentQuery.Where(p => !r.Query.TryGetValue(p.Key, out var v) || v != p.Value).Select(p => $"{p.Key}={p.Value}").ToList();
        return missing.Count == 0 ? (true, "") : (false, $"missing {string.Join("&", missing)}; sent '{r.QueryString}'");
    }

    private static string Show(object? v) => v switch
    {
        null => "null",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        string s => "\"" + s + "\"",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "null",
    };
}

/// <summary>A part's totals: <c>corpus figures right: N/M (providers clean K/P)</c>.</summary>
public sealed record PartScore(string Part, IReadOnlyList<ProviderScore> Providers, IReadOnlyList<string> HarnessErrors)
{
    public int FiguresRight => Providers.Sum(p => p.Right);
    public int FiguresReported => Providers.Sum(p => p.Reported.Count);
    public int ProvidersClean => Providers.Count(p => p.Clean);
    public int ProviderCount => Providers.Count + HarnessErrors.Count;

    public string ScoreLine() =>
        $"[{Part}] corpus figures right: {FiguresRight}/{FiguresReported} (providers clean {ProvidersClean}/{ProviderCount})";
}
