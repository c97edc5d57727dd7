namespace UsageGen.Generator.Model;

internal enum ValueSourceKind { Body, Header }

/// <summary>One step of a path through the typed body: the C# property and whether it may be null.</summary>
internal sealed record PathStep(string JsonName, string PropertyName, bool Nullable);

/// <summary>Where a normalized figure comes from: a path in the body or a response header.</summary>
internal sealed record ValueSource(ValueSourceKind Kind, EquatableArray<PathStep> Path, string? HeaderName, TypeRef Type, string Display);

internal enum QuotaScopeModel { Account, ApiKey, Plan, PayAsYouGo, Project, Other }

internal sealed record QuotaMapping(
    string Name,
    QuotaScopeModel Scope,
    ValueSource? Used,
    ValueSource? Limit,
    ValueSource? Remaining,
    ValueSource? ResetsAt,
    ValueSource? RequestsPerMinute,
    bool LimitNullMeansUnlimited,
    string? Unit,
    string? Window);

/// <summary>A category figure beside a quota (Tavily's <c>search_usage</c>).</summary>
internal sealed record CategoryMapping(string Category, string Scope, string? Window, ValueSource Source);

/// <summary>A map of entries keyed by endpoint or category (Sharpe's <c>by_endpoint</c>).</summary>
internal sealed record MapBreakdownMapping(
    string Scope,
    string? Window,
    ValueSource Map,
    string? UsedProperty,
    string? ErrorsProperty,
    string? AverageMsProperty,
    EquatableArray<PathStep> NumericProperties);

internal sealed record CounterMapping(string Window, ValueSource Source);

/// <summary>How the usage operation's response becomes a <c>UsageSnapshot</c>; chosen by inference or override.</summary>
internal sealed record UsageMapping(
    string OperationName,
    string OperationDisplay,
    ValueSource? Plan,
    EquatableArray<QuotaMapping> Quotas,
    ValueSource? ResetsAt,
    ValueSource? RequestsPerMinute,
    EquatableArray<CategoryMapping> Categories,
    EquatableArray<MapBreakdownMapping> Maps,
    EquatableArray<CounterMapping> Counters,
    EquatableArray<ValueSource> Attributes,
    EquatableArray<string> Explanation);
