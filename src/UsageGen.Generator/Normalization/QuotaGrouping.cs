using System;
using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization;

/// <summary>One quota being assembled: the figures of one scope, subject and window.</summary>
internal sealed class QuotaGroup
{
    public QuotaGroup(FieldReading first)
    {
        Container = first.Container;
        ScopeClass = QuotaGrouping.ScopeClass(first.ScopeKind);
        Subject = first.Category ?? "";
        WindowKey = Facets.Key(first.Window);
        Fields.Add(first);
    }

    public string Container { get; }
    public QuotaScopeModel ScopeClass { get; }
    public string Subject { get; }
    public string? WindowKey { get; private set; }
    public List<FieldReading> Fields { get; } = new();

    public FieldReading? Used, Limit, Remaining, Reset;
    /// <summary>Bare credit counts whose role this quota decides (<see cref="FieldRole.Credits"/>).</summary>
    public List<FieldReading> Credits { get; } = new();
    /// <summary>How each slot was filled when not by the field's own rule (a pair, a slot left free).</summary>
    public Dictionary<FieldReading, string> ResolvedBy { get; } = new();
    public int Score;
    public string Name = "";

    public bool IsHeader => Fields.All(f => f.Field.IsHeader);
    public bool HasQuotaFigure => Used is not null || Limit is not null || Remaining is not null || Credits.Count > 0;
    /// <summary>Only a per-minute limit (CoinGecko's <c>rate_limit_request_per_minute</c>): the rate, not a quota.</summary>
    public bool IsRateOnly => WindowKey == "minute" && Limit is not null && Used is null && Remaining is null && Credits.Count == 0;
    public bool IsResetOnly => Reset is not null && !HasQuotaFigure;
    public int Depth => Fields.Min(f => f.Field.Parents.Count);
    public bool Deprecated => Fields.Any(f => f.Field.Deprecated);

    /// <summary>The display unit: from the figures' names, then their descriptions.</summary>
    public string? Unit => Fields.Select(f => f.Unit).FirstOrDefault(u => u is not null);

    public FieldReading? Get(FieldRole role) => role switch
    {
        FieldRole.Used => Used, FieldRole.Limit or FieldRole.Rpm => Limit, FieldRole.Remaining => Remaining, FieldRole.Reset => Reset, _ => null,
    };

    public void Set(FieldRole role, FieldReading? f)
    {
        switch (role)
        {
            case FieldRole.Used: Used = f; break;
            case FieldRole.Limit or FieldRole.Rpm: Limit = f; break;
            case FieldRole.Remaining: Remaining = f; break;
            case FieldRole.Reset: Reset = f; break;
        }
    }

    public void Absorb(QuotaGroup other)
    {
        foreach (var f in other.Fields) Fields.Add(f);
        Used ??= other.Used;
        Limit ??= other.Limit;
        Remaining ??= other.Remaining;
        Reset ??= other.Reset;
        Credits.AddRange(other.Credits);
        WindowKey ??= other.WindowKey;
    }

    /// <summary>Whether the two fill a slot each (credit counts count as one slot).</summary>
    public bool ConflictsWith(QuotaGroup other) =>
        (Used is not null && other.Used is not null) || (Limit is not null && other.Limit is not null) ||
        (Remaining is not null && other.Remaining is not null) || (Reset is not null && other.Reset is not null) ||
        (Credits.Count > 0 && other.Credits.Count > 0);

    public override string ToString() => $"{ScopeClass}/{Subject}/{WindowKey ?? "-"}@{Container}";
}

/// <summary>
/// Puts the quota figures of a response into quotas: figures of one scope, subject and window belong together (one
/// window per quota, never used from the day and remaining from the minute). Three passes, each from real shapes:
/// <list type="number">
/// <item>Figures of one object with the same scope, subject and window form a quota (GitHub's <c>resources.core</c>).</item>
/// <item>Quotas of different objects with the same scope, subject and window join when no figure clashes
/// (CoinMarketCap's <c>plan.credit_limit_monthly</c> with <c>usage.current_month.credits_used</c>; CryptoCompare's
/// <c>calls_made.month</c> with <c>calls_left.month</c>; Shodan's <c>query_credits</c> with <c>usage_limits.query_credits</c>).</item>
/// <item>A quota that names no window joins the one billing-window (month) quota of its scope and subject when no
/// figure clashes (ElevenLabs' <c>character_count</c> with <c>character_limit</c> "per billing period"; IPinfo's
/// <c>requests.limit</c> with <c>requests.month</c>); a figure with no window never joins a rate window (SerpApi's
/// <c>total_searches_left</c> stays apart from <c>account_rate_limit_per_hour</c>).</item>
/// </list>
/// Resets are given out once the main quota is chosen (<see cref="AttachResets"/>). Each quota's bare credit counts take
/// the slot left free (<see cref="FieldRole.Credits"/>), and a bare
/// <c>available</c> beside <c>used</c> with no limit is the allotment (Hunter's <c>requests.credits</c>).
/// </summary>
internal static class QuotaGrouping
{
    /// <summary>The scope a grouping compares: the account, its plan and an unscoped figure are the account's.</summary>
    public static QuotaScopeModel ScopeClass(QuotaScopeModel kind) => kind == QuotaScopeModel.Plan ? QuotaScopeModel.Account : kind;

    public static List<QuotaGroup> Group(IEnumerable<FieldReading> fields, List<(string Figure, List<FieldReading> Candidates, FieldReading Chosen)> ambiguous)
    {
        var groups = new List<QuotaGroup>();
        foreach (var f in fields.Where(f => f.Role != FieldRole.Reset))
        {
            var key = new QuotaGroup(f);
            var g = groups.FirstOrDefault(x => x.Container == key.Container && x.ScopeClass == key.ScopeClass && x.Subject == key.Subject && x.WindowKey == key.WindowKey);
            if (g is null)
            {
                g = key;
                g.Fields.Clear();
                groups.Add(g);
            }
            Place(g, f, ambiguous);
        }

        MergeWhile(groups, (a, b) => a.WindowKey == b.WindowKey);
        MergeWhile(groups, (a, b) => a.WindowKey is null && b.WindowKey == "month" && Unique(groups, a, b), windowlessIntoBilling: true);

        foreach (var g in groups) ResolveCredits(g);
        foreach (var g in groups) AvailableBesideUsedIsTheAllotment(g);
        return groups;
    }

    /// <summary>
    /// Gives each reset to a quota once the main one is chosen: the main quota first when its scope, subject and
    /// window fit (SerpApi's <c>plan_renewal_date</c>, Hunter's <c>reset_date</c>, Firecrawl's <c>billingPeriodEnd</c>), else
    /// the quota of its own object (GitHub's <c>resources.core.reset</c>), else any that fits. A window fits when it is
    /// the same or one of the two names none.
    /// </summary>
    public static void AttachResets(List<QuotaGroup> groups, QuotaGroup? main, IEnumerable<FieldReading> resets,
        List<(string Figure, List<FieldReading> Candidates, FieldReading Chosen)> ambiguous)
    {
        var left = resets.ToList();
        if (main is not null)
        {
            var home = (main.Used ?? main.Limit ?? main.Remaining ?? main.Fields[0]).Container;
            (int, int, int) Rank(FieldReading r) => (Facets.Key(r.Window) == main.WindowKey ? 0 : 1, r.Container == home ? 0 : 1, r.Field.IsHeader ? 1 : 0);
            var forMain = left.Where(r => Fits(main, r)).OrderBy(Rank).ToList();
            if (forMain.Count > 0)
            {
                main.Reset = forMain[0];
                left.Remove(forMain[0]);
                var rivals = forMain.Skip(1).Where(r => Rank(r) == Rank(forMain[0])).ToList();
                if (rivals.Count > 0) ambiguous.Add((MappingBuilder.FigureName(FieldRole.Reset), new List<FieldReading> { forMain[0] }.Concat(rivals).ToList(), forMain[0]));
            }
        }
        foreach (var r in left)
        {
            var g = groups.FirstOrDefault(x => x.Reset is null && x.Container == r.Container && Fits(x, r)) ?? groups.FirstOrDefault(x => x.Reset is null && Fits(x, r));
            if (g is not null) g.Reset = r;
        }
    }

    private static bool Fits(QuotaGroup g, FieldReading reset) =>
        g.Reset is null && g.HasQuotaFigure && g.ScopeClass == ScopeClass(reset.ScopeKind) && g.Subject == (reset.Category ?? "") &&
        (reset.Window is null || g.WindowKey is null || Facets.Key(reset.Window) == g.WindowKey);

    private static void Place(QuotaGroup g, FieldReading f, List<(string, List<FieldReading>, FieldReading)> ambiguous)
    {
        g.Fields.Add(f);
        if (f.Role == FieldRole.Credits)
        {
            g.Credits.Add(f);
            return;
        }
        var slot = g.Get(f.Role);
        if (slot is null || (slot.Weak && !f.Weak)) g.Set(f.Role, f);
        else if (!(f.Weak && !slot.Weak)) ambiguous.Add((MappingBuilder.FigureName(f.Role), new List<FieldReading> { slot, f }, slot));
    }

    /// <summary>Joins pairs of groups of the same scope and subject that <paramref name="fits"/> and do not clash, until none is left.</summary>
    private static void MergeWhile(List<QuotaGroup> groups, Func<QuotaGroup, QuotaGroup, bool> fits, bool windowlessIntoBilling = false)
    {
        bool merged;
        do
        {
            merged = false;
            for (var i = 0; i < groups.Count && !merged; i++)
            {
                for (var j = 0; j < groups.Count && !merged; j++)
                {
                    if (i == j) continue;
                    var a = groups[i];
                    var b = groups[j];
                    if (!windowlessIntoBilling && j < i) continue;
                    if (a.ScopeClass != b.ScopeClass || a.Subject != b.Subject || a.ConflictsWith(b) || !fits(a, b)) continue;
                    // The billing quota keeps its place; a windowless one joins it.
                    var (into, from) = windowlessIntoBilling ? (b, a) : (a, b);
                    into.Absorb(from);
                    groups.Remove(from);
                    merged = true;
                }
            }
        } while (merged);
    }

    /// <summary><paramref name="billing"/> is the only billing-window group of <paramref name="windowless"/>'s scope and subject.</summary>
    private static bool Unique(List<QuotaGroup> groups, QuotaGroup windowless, QuotaGroup billing) =>
        groups.Count(g => g != windowless && g.WindowKey == billing.WindowKey && g.ScopeClass == windowless.ScopeClass && g.Subject == windowless.Subject) == 1;

    /// <summary>A bare credit count is the limit beside used or remaining and no limit, else what is left.</summary>
    private static void ResolveCredits(QuotaGroup g)
    {
        foreach (var c in g.Credits)
        {
            var role = g.Limit is null && (g.Used is not null || g.Remaining is not null) ? FieldRole.Limit
                : g.Remaining is null ? FieldRole.Remaining
                : g.Limit is null ? FieldRole.Limit
                : FieldRole.None;
            if (role == FieldRole.None) continue;
            g.Set(role, c);
            g.ResolvedBy[c] = role == FieldRole.Limit ? "CreditsFillTheFreeSlot(limit)" : "CreditsFillTheFreeSlot(remaining)";
        }
        g.Credits.Clear();
    }

    /// <summary>
    /// Hunter's <c>{"used": 9, "available": 30000}</c>: a bare <c>available</c> beside <c>used</c> in one object, with
    /// no limit, is the cycle's allotment (Etherscan's <c>creditsAvailable</c> beside <c>creditLimit</c> stays remaining).
    /// </summary>
    private static void AvailableBesideUsedIsTheAllotment(QuotaGroup g)
    {
        if (g is not { Limit: null, Used: { } used, Remaining: { } available }) return;
        if (available.Field.Name.Count != 1 || available.Field.Name[0] != "available" || used.Container != available.Container) return;
        g.Limit = available;
        g.Remaining = null;
        g.ResolvedBy[available] = "AvailableBesideUsedIsTheAllotment";
    }
}
