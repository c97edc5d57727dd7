namespace UsageGen.Generator.Normalization;

/// <summary>Every number a rule weighs with, named: no rule holds a bare number.</summary>
internal static class Weights
{
    // ---- choosing the usage operation (see OperationSignals) --------------------------------------------------

    public const int UsageWord = 5;
    public const int QuotaWord = 4;
    public const int CreditsWord = 3;
    public const int LimitsWord = 2;
    public const int BillingWord = 2;
    public const int KeyOrMePath = 2;
    public const int AccountWord = 1;
    public const int GetMethod = 2;
    public const int OtherMethod = -3;
    /// <summary>Per used/limit/remaining field named as such (not only described), up to <see cref="MaxCountedFigures"/>.</summary>
    public const int PerFigure = 2;
    public const int MaxCountedFigures = 3;
    /// <summary>An operation scoring less is not a usage operation.</summary>
    public const int MinOperationScore = 5;

    // ---- choosing the main quota among scopes ----------------------------------------------------------------

    public const int ScopeHasUsed = 3;
    public const int ScopeHasLimit = 3;
    public const int ScopeHasRemaining = 2;
    public const int ScopeHasReset = 1;
    /// <summary>A scope with only a reset or a rate is not a quota.</summary>
    public const int ScopeHasNoQuotaFigure = -6;
    /// <summary>An unscoped quota named after its parent object (<c>credits</c>).</summary>
    public const int NamedAccountScope = 2;
    /// <summary>A quota whose scope word is "account" itself, or that has no scope and no parent.</summary>
    public const int AccountScope = 1;
    public const int PlanScope = 1;
    public const int ApiKeyScope = 0;
    public const int ProjectScope = 0;
    public const int PayAsYouGoScope = -2;
    /// <summary>A category quota (<c>search_limit</c>).</summary>
    public const int OtherScope = -3;
    /// <summary>A scope scoring no more than this is never the main quota.</summary>
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
}
