using System.Collections.Generic;
using System.Text.RegularExpressions;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// Every word the normalization rules read, by role. Names and descriptions are split into lower-case words first
/// (<c>remainingCredits</c> → remaining, credits). A rule names the set it reads; to teach a rule a word, add it here.
/// </summary>
internal static class Lexicon
{
    // ---- field roles -----------------------------------------------------------------------------------------

    public static readonly HashSet<string> Used = new() { "used", "usage", "consumed", "spent", "spend", "consumption" };
    public static readonly HashSet<string> Limit = new() { "limit", "quota", "cap", "max", "maximum", "allowance", "allotment", "budget", "allowed", "ceiling" };
    public static readonly HashSet<string> Remaining = new() { "remaining", "left", "remain", "available", "balance" };

    /// <summary>Used, limit and remaining words together: what is left of a name after them is its category.</summary>
    public static readonly HashSet<string> FigureRoles = new(Concat(Used, Limit, Remaining));

    /// <summary>Units a counter counts (<c>current_calls</c>, <c>current_credits</c>).</summary>
    public static readonly HashSet<string> Unit = new() { "call", "calls", "request", "requests", "credit", "credits" };

    /// <summary><c>current_month_calls</c> is used.</summary>
    public static readonly HashSet<string> Current = new() { "current" };

    /// <summary><c>total_calls</c> is used: "total" with one of <see cref="TotalCounts"/>.</summary>
    public static readonly HashSet<string> Total = new() { "total" };
    public static readonly HashSet<string> TotalCounts = new() { "calls", "requests" };

    /// <summary>A credits field with no role word: its description decides, else it is the limit.</summary>
    public static readonly HashSet<string> Credits = new() { "credit", "credits" };
    public static readonly HashSet<string> CreditsDescribedAsLimit = new() { "limit", "quota", "allowance", "ceiling", "total" };
    public static readonly HashSet<string> CreditsDescribedAsUsed = new() { "consumed", "spent", "made" };

    /// <summary>Descriptions that give a weak role to a number whose name says nothing.</summary>
    public static readonly HashSet<string> DescribedAsUsed = new() { "used", "consumed", "spent" };
    public static readonly HashSet<string> DescribedAsLimit = new() { "limit", "quota", "ceiling", "allowance" };

    /// <summary>Requests per minute: <c>rpm</c>, or a per-minute figure that is not a remaining count.</summary>
    public static readonly HashSet<string> Rate = new() { "rpm" };
    public static readonly HashSet<string> PerMinute = new() { "minute" };

    /// <summary>What one call costs, or a price, is not a quota figure (Shoal's <c>X-Credit-Cost</c>).</summary>
    public static readonly HashSet<string> Cost = new() { "cost", "price", "charge", "fee" };

    public static readonly HashSet<string> Reset = new() { "reset", "resets", "renew", "renews", "renewal", "expires", "expiry", "refresh" };

    public static readonly HashSet<string> Plan = new() { "plan", "tier", "subscription", "package", "edition" };

    /// <summary><c>subscription.name</c>, <c>plan.title</c>: the plan word is on the parent, this is on the field.</summary>
    public static readonly HashSet<string> PlanNameFields = new() { "name", "title", "type", "code", "level" };

    /// <summary>Among several plan fields: these words make a better one, <see cref="PlanId"/> a worse one.</summary>
    public static readonly HashSet<string> PlanPreferred = new() { "name", "current", "tier" };
    public static readonly HashSet<string> PlanId = new() { "id" };

    /// <summary>Words that are neither role, scope nor category: <c>current_month_api_calls</c> has no category.</summary>
    public static readonly HashSet<string> Noise = new()
    {
        "current", "total", "monthly", "month", "daily", "day", "call", "calls", "credit", "credits", "request", "requests",
        "this", "period", "billing", "cycle", "count", "number", "of", "the", "api", "units", "unit", "amount", "value", "in",
        "for", "num", "cur", "per", "minute", "rate", "rpm", "hour", "second", "sec", "reset", "resets", "at",
    };

    /// <summary>Words a category never holds besides <see cref="Noise"/>: the scope words, <c>key</c>, the <c>x</c> of <c>X-</c> headers.</summary>
    public static readonly HashSet<string> NotCategory = new() { "key", "x" };

    /// <summary>The <c>x</c> of an <c>X-Plan</c> header is not a word of its name.</summary>
    public const string HeaderPrefix = "x";

    // ---- structure -------------------------------------------------------------------------------------------

    /// <summary>Object or field names made only of these are time windows (<c>last_24h</c>, <c>today</c>, <c>thisWeek</c>).</summary>
    public static readonly HashSet<string> Window = new() { "today", "yesterday", "this", "week", "month", "day", "hour", "last", "24h", "7d", "30d", "weekly", "daily", "hourly", "past", "previous", "minute" };

    /// <summary>A parent object named only this is an envelope, not a scope or a quota name (<c>data</c>, <c>result</c>).</summary>
    public static readonly HashSet<string> Envelope = new() { "data", "result", "results", "response", "payload", "body" };

    /// <summary>Scope words, first one in a name (or its nearest parent) wins.</summary>
    public static readonly Dictionary<string, (string Name, QuotaScopeModel Kind)> Scope = new()
    {
        ["key"] = ("key", QuotaScopeModel.ApiKey), ["apikey"] = ("key", QuotaScopeModel.ApiKey), ["token"] = ("key", QuotaScopeModel.ApiKey),
        ["account"] = ("account", QuotaScopeModel.Account), ["org"] = ("account", QuotaScopeModel.Account),
        ["organization"] = ("account", QuotaScopeModel.Account), ["organisation"] = ("account", QuotaScopeModel.Account),
        ["team"] = ("account", QuotaScopeModel.Account), ["user"] = ("account", QuotaScopeModel.Account),
        ["plan"] = ("plan", QuotaScopeModel.Plan), ["subscription"] = ("plan", QuotaScopeModel.Plan),
        ["paygo"] = ("paygo", QuotaScopeModel.PayAsYouGo), ["payg"] = ("paygo", QuotaScopeModel.PayAsYouGo),
        ["overage"] = ("paygo", QuotaScopeModel.PayAsYouGo), ["ondemand"] = ("paygo", QuotaScopeModel.PayAsYouGo),
        ["topup"] = ("paygo", QuotaScopeModel.PayAsYouGo),
        ["project"] = ("project", QuotaScopeModel.Project),
    };

    /// <summary>Scopes spelled in several words.</summary>
    public static readonly (string[] Words, string Name, QuotaScopeModel Kind)[] ScopePhrases =
    {
        (new[] { "pay", "as", "you", "go" }, "paygo", QuotaScopeModel.PayAsYouGo),
    };

    /// <summary>Key scope words that are a rate, not a scope, after this word (<c>requests_per_key</c>).</summary>
    public const string Per = "per";

    /// <summary>Name of a quota with no scope and no parent object.</summary>
    public const string DefaultScope = "account";

    // ---- units and windows of a quota (first match wins) ------------------------------------------------------

    public static readonly (string[] Words, string Unit)[] Units =
    {
        (new[] { "credit", "credits" }, "credits"),
        (new[] { "request", "requests" }, "requests"),
        (new[] { "call", "calls" }, "calls"),
        (new[] { "token", "tokens" }, "tokens"),
    };

    public static readonly (string[] Words, string Window)[] Windows =
    {
        (new[] { "monthly", "month" }, "month"),
        (new[] { "billing" }, "billing-cycle"),
        (new[] { "daily", "day", "today" }, "day"),
        (new[] { "weekly", "week" }, "week"),
        (new[] { "hourly", "hour" }, "hour"),
    };

    // ---- per-key breakdown maps (Sharpe's by_endpoint) --------------------------------------------------------

    public static readonly HashSet<string> MapUsed = new() { "count", "requests", "calls", "used", "usage", "credits", "total", "hits" };
    public static readonly HashSet<string> MapErrors = new() { "error", "errors", "failed", "failures" };
    /// <summary>Not a used count: <see cref="MapErrors"/> without "failures" (as the rule was written).</summary>
    public static readonly HashSet<string> MapUsedExcludes = new() { "error", "errors", "failed" };
    public static readonly HashSet<string> MapAverage = new() { "avg", "average", "mean", "latency" };
    /// <summary><c>response_ms</c>: both words make an average latency.</summary>
    public static readonly string[] MapAverageMs = { "ms", "response" };

    // ---- operations ------------------------------------------------------------------------------------------

    public static readonly HashSet<string> OperationUsage = new() { "usage" };
    public static readonly HashSet<string> OperationQuota = new() { "quota", "quotas" };
    public static readonly HashSet<string> OperationCredits = new() { "credits", "credit" };
    public static readonly HashSet<string> OperationLimits = new() { "limits", "limit" };
    public static readonly HashSet<string> OperationBilling = new() { "billing", "consumption" };
    public static readonly HashSet<string> OperationAccount = new() { "account", "subscription" };
    /// <summary>Paths about the caller's own key or self (<c>/key</c>, <c>/me</c>).</summary>
    public const string KeyPathSuffix = "/key";
    public const string MePathSuffix = "/me";

    // ---- null means unlimited --------------------------------------------------------------------------------

    /// <summary>A description saying null means unlimited ("Returns null if unlimited", "unlimited when null").</summary>
    public static readonly Regex NullMeansUnlimited = new(
        @"\bnull\b[^.]*\b(unlimited|no limit|infinite|uncapped)\b|\b(unlimited|no limit|uncapped)\b[^.]*\bnull\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static IEnumerable<string> Concat(params IEnumerable<string>[] sets)
    {
        foreach (var set in sets)
            foreach (var word in set) yield return word;
    }
}
