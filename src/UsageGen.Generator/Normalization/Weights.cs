namespace UsageGen.Generator.Normalization;

/// <summary>Every number a rule weighs with, named: no rule holds a bare number.</summary>
internal static class Weights
{
    // ---- choosing the usage operation (see OperationSignals) --------------------------------------------------

    public const int UsageWord = 5;
    public const int QuotaWord = 4;
    public const int CreditsWord = 3;
    /// <summary>A prepaid balance: DeepSeek's <c>/user/balance</c>, Twilio's <c>Balance.json</c>.</summary>
    public const int BalanceWord = 3;
    public const int LimitsWord = 2;
    public const int BillingWord = 2;
    public const int KeyOrMePath = 2;
    public const int AccountWord = 1;
    public const int PlanWord = 2;
    /// <summary>The operation's description (not its path, id or summary) says usage, quota, credits, limits or balance: DataForSEO's "user_data".</summary>
    public const int DescriptionWord = 2;
    public const int GetMethod = 2;
    public const int OtherMethod = -3;
    /// <summary>Per used/limit/remaining field named as such (not only described), up to <see cref="MaxCountedFigures"/>.</summary>
    public const int PerFigure = 2;
    /// <summary>Per figure found only inside a list (DeepSeek's <c>balance_infos[0]</c>): a list is more often records than the account.</summary>
    public const int PerFigureInList = 1;
    public const int MaxCountedFigures = 3;
    /// <summary>Past records, not the current usage (Firecrawl's <c>/historical</c>, Twilio's <c>Usage/Records</c>).</summary>
    public const int HistoryWord = -6;
    /// <summary>Per required query or header parameter the user must supply (ZeroBounce's report between two dates).</summary>
    public const int RequiredUserParameter = -3;
    /// <summary>An operation scoring less is not a usage operation.</summary>
    public const int MinOperationScore = 5;

    // ---- choosing the main quota -----------------------------------------------------------------------------

    public const int ScopeHasUsed = 3;
    public const int ScopeHasLimit = 3;
    public const int ScopeHasRemaining = 2;
    public const int ScopeHasReset = 1;
    /// <summary>A quota with only a reset or a rate is not a quota.</summary>
    public const int ScopeHasNoQuotaFigure = -6;
    /// <summary>An unscoped quota named after its parent object (<c>credits</c>).</summary>
    public const int NamedAccountScope = 2;
    /// <summary>A quota whose scope word is "account" itself, or that has no scope and no parent.</summary>
    public const int AccountScope = 1;
    public const int PlanScope = 1;
    public const int ApiKeyScope = 0;
    public const int ProjectScope = 0;
    public const int PayAsYouGoScope = -2;
    /// <summary>A quota about a subject (<c>search_limit</c>, GitHub's <c>resources.search</c>, VirusTotal's <c>intelligence_searches_monthly</c>).</summary>
    public const int OtherScope = -3;
    /// <summary>The billing window (month, billing cycle) is the main quota's (VirusTotal's monthly over daily and hourly).</summary>
    public const int BillingWindow = 2;
    /// <summary>No window named: a balance or a plan's allotment (OpenRouter's limit, DataForSEO's balance).</summary>
    public const int NoWindow = 1;
    public const int DayWindow = 0;
    public const int HourWindow = -1;
    public const int MinuteWindow = -2;
    /// <summary>Seconds and concurrency (ScraperAPI's <c>concurrencyLimit</c>).</summary>
    public const int ShortWindow = -3;
    /// <summary>Counted in what the provider bills: credits or money (Hunter's <c>requests.credits</c> over searches and verifications).</summary>
    public const int BillingUnit = 1;
    /// <summary>Only from response headers: a rate limit, not the billing quota, when the body has one.</summary>
    public const int HeaderQuota = -4;
    /// <summary>Described as deprecated (Hunter's <c>calls</c>).</summary>
    public const int DeprecatedQuota = -2;
    /// <summary>A quota scoring no more than this is never the main quota.</summary>
    public const int MinMainScopeScore = 0;

    // ---- choosing the plan field -----------------------------------------------------------------------------

    public const int PlanInBody = 3;
    public const int PlanInHeader = 1;
    public const int PlanOneWordName = 2;
    public const int PlanPreferredWord = 1;
    public const int PlanNoPlanWord = -1;
    public const int PlanIdWord = -2;

    // ---- walking the body ------------------------------------------------------------------------------------

    /// <summary>Objects nested deeper than this are not read (recursion over a spec is bounded by construction).</summary>
    public const int MaxDepth = 8;

    /// <summary>
    /// How many objects one operation's body walk may visit (a wide schema nested MaxDepth deep could be millions):
    /// usage bodies are small, and Stripe's expandable objects (500 operations) reach any limit.
    /// </summary>
    public const int MaxVisits = 200;
}
