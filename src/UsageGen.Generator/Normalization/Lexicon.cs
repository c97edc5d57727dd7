using System.Collections.Generic;
using System.Text.RegularExpressions;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// Every word the normalization rules read, by role. Names and descriptions are split into lower-case words first
/// (<c>remainingCredits</c> → remaining, credits). A rule names the set it reads; to teach a rule a word, add it here.
/// The comment on each entry names the real providers whose shapes it comes from.
/// </summary>
internal static class Lexicon
{
    // ---- field roles -----------------------------------------------------------------------------------------

    /// <summary><c>made</c>: CoinMarketCap <c>requests_made</c>, CryptoCompare <c>calls_made</c>.</summary>
    public static readonly HashSet<string> Used = new() { "used", "usage", "consumed", "spent", "spend", "consumption", "made" };
    public static readonly HashSet<string> Limit = new() { "limit", "limits", "quota", "cap", "max", "maximum", "allowance", "allotment", "budget", "allowed", "ceiling" };
    /// <summary><c>left_over</c>: Apollo.</summary>
    public static readonly HashSet<string> Remaining = new() { "remaining", "left", "remain", "available", "balance" };

    /// <summary>
    /// Words that make a name a limit wherever they stand, before the head word decides (<c>maxMonthlyUsageUsd</c> is
    /// Apify's monthly limit, not its usage).
    /// </summary>
    public static readonly HashSet<string> LimitPrefix = new() { "max", "maximum" };

    /// <summary>Used, limit and remaining words together: what is left of a name after them is its subject.</summary>
    public static readonly HashSet<string> FigureRoles = new(Concat(Used, Limit, Remaining));

    /// <summary>
    /// What a count counts, and the unit of its quota; the first word found (innermost parent first, then the name)
    /// names it. Plural <c>searches</c> only: Tavily's <c>search_usage</c> is the search category, Hunter's and
    /// SerpApi's <c>searches</c> a unit. <c>minutes</c> is a unit (DeepL's speech-to-text minutes), never a window.
    /// </summary>
    public static readonly (string[] Words, string Unit)[] Units =
    {
        (new[] { "credit", "credits" }, "credits"),
        (new[] { "request", "requests", "req" }, "requests"),
        (new[] { "call", "calls" }, "calls"),
        (new[] { "searches" }, "searches"),
        (new[] { "character", "characters", "chars" }, "characters"),
        (new[] { "tokens" }, "tokens"),
        (new[] { "usd" }, "USD"),
        (new[] { "eur" }, "EUR"),
        (new[] { "money", "dollars" }, "money"),
        (new[] { "minutes" }, "minutes"),
        (new[] { "emails" }, "emails"),
    };

    /// <summary>Units a provider bills by: a quota counted in them is preferred as the main one (Hunter's <c>requests.credits</c>).</summary>
    public static readonly HashSet<string> BillingUnits = new() { "credits", "USD", "EUR", "money" };

    /// <summary><c>current_month_calls</c>, <c>this_hour_searches</c>: the count of the current window is what was used.</summary>
    public static readonly HashSet<string> Current = new() { "current", "this" };

    /// <summary><c>total_calls</c> is used: "total" with one of <see cref="TotalCounts"/>.</summary>
    public static readonly HashSet<string> Total = new() { "total" };
    public static readonly HashSet<string> TotalCounts = new() { "calls", "requests" };

    /// <summary>
    /// A count (<c>character_count</c>, <c>requestCount</c>, <c>voice_add_edit_counter</c>): used when it counts a unit
    /// (DeepL, ElevenLabs, ScraperAPI); a count of other things (<c>actorCount</c>, <c>tasks_count</c>) is no figure.
    /// </summary>
    public static readonly HashSet<string> Count = new() { "count", "counter", "number", "num" };

    /// <summary>A credits field with no role word: its description decides, else its slot in its quota does.</summary>
    public static readonly HashSet<string> Credits = new() { "credit", "credits" };
    public static readonly HashSet<string> CreditsDescribedAsLimit = new() { "limit", "quota", "allowance", "ceiling", "total", "assigned", "included" };
    public static readonly HashSet<string> CreditsDescribedAsUsed = new() { "consumed", "spent", "made" };

    /// <summary>Descriptions that give a weak role to a number whose name says nothing.</summary>
    public static readonly HashSet<string> DescribedAsUsed = new() { "used", "consumed", "spent" };
    public static readonly HashSet<string> DescribedAsLimit = new() { "limit", "quota", "ceiling", "allowance" };

    /// <summary>Requests per minute: <c>rpm</c>, or a per-minute figure that is not a used or remaining count.</summary>
    public static readonly HashSet<string> Rate = new() { "rpm" };

    /// <summary>
    /// "<c>searches_per_month</c>": per, then a window word (SerpApi, CoinGecko <c>rate_limit_request_per_minute</c>): a
    /// limit in that window.
    /// </summary>
    public const string Per = "per";

    /// <summary>What one call costs, or a price, is not a quota figure (Shoal's <c>X-Credit-Cost</c>, Apify's <c>baseUnitPriceUsd</c>).</summary>
    public static readonly HashSet<string> Cost = new() { "cost", "costs", "price", "prices", "charge", "charged", "fee", "fees", "due", "tax", "subtotal", "discount" };

    /// <summary>
    /// Descriptions of a per-call cost (CoinMarketCap's <c>status.credit_count</c>: "credits that were used for this
    /// call"): a figure of this response, not of the quota.
    /// </summary>
    public static readonly Regex CostOfThisCall = new(
        @"\b(for|by|of|on)\s+this\s+(call|request|query|response)\b|\bper\s+(call|request)\b|\bcharged\b|\bcost\s+of\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// Lifetime sums are not a period's figures: DataForSEO's <c>money.total</c> ("money deposited to your account").
    /// </summary>
    public static readonly HashSet<string> Lifetime = new() { "deposited", "purchased", "lifetime" };

    /// <summary>
    /// A string named as a figure is a number sent as text unless one of these says it is something else
    /// (Etherscan's <c>limitInterval</c>, Twilio's <c>usage_unit</c>).
    /// </summary>
    public static readonly HashSet<string> NotANumberInText = new() { "unit", "units", "currency", "type", "id", "name", "status", "interval", "frequency", "period", "note", "label", "code", "kind", "description", "url", "uri" };

    /// <summary>Counts of failures are not usage (ScraperAPI's <c>failedRequestCount</c>).</summary>
    public static readonly HashSet<string> Failures = new() { "failed", "failure", "failures", "error", "errors", "rejected" };

    /// <summary>
    /// A page size or offset beside these is pagination, not a quota (a search response's <c>meta.limit</c> next to
    /// <c>offset</c>; Hunter's domain search).
    /// </summary>
    public static readonly HashSet<string> Pagination = new() { "offset", "page", "cursor", "next", "skip", "start", "per_page", "page_size", "total_results", "results", "has_more" };
    public static readonly HashSet<string> PageSize = new() { "limit", "size", "per", "page", "count" };

    /// <summary>Fields that describe a request (a model's <c>max_output_tokens</c>, <c>max_tokens</c>), never a quota.</summary>
    public static readonly HashSet<string> RequestSetting = new() { "output", "input", "completion", "prompt", "context", "temperature", "results", "depth", "length", "retention", "memory" };

    // ---- resets ----------------------------------------------------------------------------------------------

    /// <summary>A reset: <c>reset_at</c>, <c>renewal_date</c>, <c>refresh</c>.</summary>
    public static readonly HashSet<string> Reset = new() { "reset", "resets", "renew", "renews", "renewal", "refresh", "refreshes" };

    /// <summary>
    /// The end of the current period is its reset: DeepL's <c>end_time</c> ("end of the current billing period"),
    /// Firecrawl's <c>billingPeriodEnd</c>, Apify's <c>monthlyUsageCycle.endAt</c>, when a period word is near.
    /// </summary>
    public static readonly HashSet<string> End = new() { "end", "ends", "until" };
    public static readonly HashSet<string> Period = new() { "period", "cycle", "billing", "month", "monthly", "window", "interval" };

    /// <summary>A past instant is not the next reset (SendGrid's <c>last_reset</c>, DeepL's <c>start_time</c>).</summary>
    public static readonly HashSet<string> PastInstant = new() { "last", "previous", "prev", "start", "started", "starts", "begin", "since", "created", "updated" };

    /// <summary>
    /// A countdown, frequency or kind is not an instant: Etherscan's <c>intervalExpiryTimespan</c>, SendGrid's
    /// <c>reset_frequency</c>, ElevenLabs' <c>character_refresh_period</c>, a <c>resets_in</c> of seconds.
    /// <c>period</c>, <c>interval</c> and <c>cycle</c> count only without an end word (Firecrawl's <c>billingPeriodEnd</c> is an instant).
    /// </summary>
    public static readonly HashSet<string> NotAnInstant = new() { "countdown", "timespan", "duration", "frequency", "type", "kind", "seconds", "ms", "left", "remaining", "until", "in" };
    public static readonly HashSet<string> PeriodNotAnInstant = new() { "period", "interval", "cycle" };

    /// <summary>
    /// Descriptions of text that is no instant: CoinMarketCap's "human readable countdown", OpenRouter's "type of limit reset".
    /// </summary>
    public static readonly Regex DescribedAsNoInstant = new(
        @"\bcountdown\b|\bhuman[- ]readable\b|\btimespan\b|\bduration\b|\bfrequency\b|\btype of\b|\bseconds (until|remaining|left)\b|\bnumber of seconds\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Text that says it holds an instant (<c>next_reset</c>: "the next date ..."; ScrapingBee's <c>renewal_subscription_date</c>).</summary>
    public static readonly HashSet<string> InstantWords = new() { "date", "time", "timestamp", "datetime", "instant", "iso", "8601", "at", "on", "unix", "epoch", "utc" };

    /// <summary>Integers that say they hold Unix seconds (ElevenLabs' <c>next_character_count_reset_unix</c>).</summary>
    public static readonly HashSet<string> EpochWords = new() { "unix", "epoch", "timestamp" };

    // ---- plans -----------------------------------------------------------------------------------------------

    public static readonly HashSet<string> Plan = new() { "plan", "tier", "subscription", "package", "edition" };

    /// <summary><c>subscription.name</c>, <c>plan.title</c>: the plan word is on the parent, this is on the field.</summary>
    public static readonly HashSet<string> PlanNameFields = new() { "name", "title", "type", "code", "level", "category" };

    /// <summary>Among several plan fields: these words make a better one, <see cref="PlanId"/> a worse one.</summary>
    public static readonly HashSet<string> PlanPreferred = new() { "name", "current", "tier" };
    public static readonly HashSet<string> PlanId = new() { "id" };

    /// <summary>A plan-named text that is a date or a status is not the plan's name (ScrapingBee's <c>renewal_subscription_date</c>).</summary>
    public static readonly HashSet<string> NotAPlanName = new() { "date", "time", "at", "status", "state", "id", "period", "interval", "currency", "price" };

    // ---- what is left of a name ------------------------------------------------------------------------------

    /// <summary>Words that are neither role, scope nor subject: <c>current_month_api_calls</c> has no subject.</summary>
    public static readonly HashSet<string> Noise = new()
    {
        "current", "total", "monthly", "month", "daily", "day", "call", "calls", "credit", "credits", "request", "requests",
        "this", "period", "billing", "cycle", "count", "number", "of", "the", "api", "units", "unit", "amount", "value", "in",
        "for", "num", "cur", "per", "minute", "rate", "rpm", "hour", "second", "sec", "reset", "resets", "at", "made",
        "counter", "next", "end", "time", "timestamp", "date", "unix", "epoch", "on", "to", "is", "stats", "info", "status",
        "so", "far", "all",
    };

    /// <summary>Words a subject never holds besides <see cref="Noise"/>: the scope words, <c>key</c>, the <c>x</c> of <c>X-</c> headers.</summary>
    public static readonly HashSet<string> NotCategory = new() { "key", "x" };

    /// <summary>The <c>x</c> of an <c>X-Plan</c> header is not a word of its name.</summary>
    public const string HeaderPrefix = "x";

    /// <summary>A description or parent that says the field is deprecated (Hunter's <c>calls</c>): a worse candidate.</summary>
    public const string Deprecated = "deprecated";

    // ---- structure -------------------------------------------------------------------------------------------

    /// <summary>Object or field names made only of these are time windows (<c>last_24h</c>, <c>today</c>, <c>thisWeek</c>).</summary>
    public static readonly HashSet<string> Window = new()
    {
        "today", "yesterday", "this", "week", "month", "day", "hour", "last", "24h", "7d", "30d", "weekly", "daily", "hourly",
        "past", "previous", "minute", "second", "monthly", "year", "yearly", "current",
    };

    /// <summary>A window that is over: its count is a counter, not the current quota (SerpApi's <c>last_hour_searches</c>, Sharpe's <c>last_24h</c>).</summary>
    public static readonly HashSet<string> PastWindow = new() { "last", "past", "previous", "yesterday", "24h", "7d", "30d" };

    /// <summary>A parent object named only this is an envelope, not a scope or a quota name (<c>data</c>, <c>result</c>).</summary>
    public static readonly HashSet<string> Envelope = new() { "data", "result", "results", "response", "payload", "body", "tasks", "items" };

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
        ["topup"] = ("paygo", QuotaScopeModel.PayAsYouGo), ["extra"] = ("paygo", QuotaScopeModel.PayAsYouGo),
        ["project"] = ("project", QuotaScopeModel.Project),
        ["group"] = ("group", QuotaScopeModel.Other),
    };

    /// <summary>Scopes spelled in several words.</summary>
    public static readonly (string[] Words, string Name, QuotaScopeModel Kind)[] ScopePhrases =
    {
        (new[] { "pay", "as", "you", "go" }, "paygo", QuotaScopeModel.PayAsYouGo),
    };

    /// <summary>Name of a quota with no scope and no parent object.</summary>
    public const string DefaultScope = "account";

    // ---- windows of a quota (first match wins) ---------------------------------------------------------------

    /// <summary>
    /// Window words, read in a field's name, then its parents, then (when it names exactly one) its description.
    /// <c>billing</c> and <c>cycle</c> are the billing period; <c>minutes</c> is a unit, not a window.
    /// </summary>
    public static readonly (string[] Words, string Window)[] Windows =
    {
        (new[] { "monthly", "month" }, "month"),
        (new[] { "billing", "cycle" }, "billing-cycle"),
        (new[] { "daily", "day", "today" }, "day"),
        (new[] { "weekly", "week" }, "week"),
        (new[] { "hourly", "hour" }, "hour"),
        (new[] { "minute", "minutely", "rpm" }, "minute"),
        (new[] { "second", "secondly", "sec", "rps" }, "second"),
        (new[] { "yearly", "year", "annual", "annually" }, "year"),
        (new[] { "concurrent", "concurrency", "parallel" }, "concurrent"),
    };

    /// <summary>Windows that are the billing period: the main quota is one of these when the response has one.</summary>
    public static readonly HashSet<string> BillingWindows = new() { "month", "billing-cycle" };

    // ---- per-key breakdown maps (Sharpe's by_endpoint) --------------------------------------------------------

    public static readonly HashSet<string> MapUsed = new() { "count", "requests", "calls", "used", "usage", "credits", "total", "hits", "consumed" };
    public static readonly HashSet<string> MapErrors = new() { "error", "errors", "failed", "failures" };
    /// <summary>Not a used count: <see cref="MapErrors"/> without "failures" (as the rule was written).</summary>
    public static readonly HashSet<string> MapUsedExcludes = new() { "error", "errors", "failed" };
    public static readonly HashSet<string> MapAverage = new() { "avg", "average", "mean", "latency" };
    /// <summary><c>response_ms</c>: both words make an average latency.</summary>
    public static readonly string[] MapAverageMs = { "ms", "response" };

    // ---- operations ------------------------------------------------------------------------------------------

    public static readonly HashSet<string> OperationUsage = new() { "usage" };
    public static readonly HashSet<string> OperationQuota = new() { "quota", "quotas" };
    public static readonly HashSet<string> OperationCredits = new() { "credits", "credit", "getcredits" };
    public static readonly HashSet<string> OperationLimits = new() { "limits", "limit", "getapilimit", "ratelimit" };
    public static readonly HashSet<string> OperationBilling = new() { "billing", "consumption" };
    /// <summary>A prepaid balance (DeepSeek's <c>/user/balance</c>, Twilio's <c>Balance.json</c>, Stability's <c>/v1/user/balance</c>).</summary>
    public static readonly HashSet<string> OperationBalance = new() { "balance", "balances" };
    public static readonly HashSet<string> OperationAccount = new() { "account", "user", "me" };
    /// <summary>About the plan (ElevenLabs' <c>/v1/user/subscription</c> over <c>/v1/user</c>, Shodan's "API Plan Information").</summary>
    public static readonly HashSet<string> OperationPlan = new() { "subscription", "plan" };
    /// <summary>
    /// Lists of past records are not the current usage (Firecrawl's <c>/credit-usage/historical</c>, Twilio's
    /// <c>Usage/Records.json</c>, ZeroBounce's report between two dates).
    /// </summary>
    public static readonly HashSet<string> OperationHistory = new() { "historical", "history", "records", "logs", "log", "events", "report", "reports", "daily", "timeseries" };
    /// <summary>
    /// Paths about the caller's own key or account (<c>/key</c>, <c>/me</c>, <c>/key/info</c>, <c>/api-info</c>). Not
    /// <c>/user</c>: ElevenLabs' <c>/v1/user</c> is the user object, its usage is <c>/v1/user/subscription</c>.
    /// </summary>
    public static readonly string[] SelfPathEndings = { "/key", "/me", "/key/info", "/me/limits", "/api-info", "/account", "/account.json" };

    // ---- parameters ------------------------------------------------------------------------------------------

    /// <summary>The last word of a parameter that carries the key (<c>key</c>, <c>xi-api-key</c>, <c>api_key</c>, <c>token</c>).</summary>
    public static readonly HashSet<string> KeyParameterNames = new() { "key", "apikey", "token" };

    /// <summary>A parameter described as the API key (Shodan: "you need to have an API key").</summary>
    public static readonly Regex DescribedAsApiKey = new(@"\bapi[ _-]?key\b|\baccess token\b|\bapi token\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // ---- null and sentinel values that mean unlimited --------------------------------------------------------

    /// <summary>A description saying null means unlimited ("Returns null if unlimited", "unlimited when null").</summary>
    public static readonly Regex NullMeansUnlimited = new(
        @"\bnull\b[^.]*\b(unlimited|no limit|infinite|uncapped)\b|\b(unlimited|no limit|uncapped)\b[^.]*\bnull\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>A description saying -1 (or 0) means unlimited ("-1 for unlimited", "unlimited is returned as -1").</summary>
    public static readonly Regex SentinelMeansUnlimited = new(
        @"(?<value>-1|\b0)\b[^.]*\b(unlimited|no limit|infinite|uncapped)\b|\b(unlimited|no limit|uncapped)\b[^.]*?(?<value>-1|\b0)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static IEnumerable<string> Concat(params IEnumerable<string>[] sets)
    {
        foreach (var set in sets)
            foreach (var word in set) yield return word;
    }
}
