namespace UsageGen.Generator.Model;

internal enum ValueSourceKind { Body, Header }

/// <summary>One step of a path through the typed body: the C# property and whether it may be null.</summary>
internal sealed record PathStep(string JsonName, string PropertyName, bool Nullable);

/// <summary>Where a normalized figure comes from: a path in the body or a response header.</summary>
internal sealed record ValueSource(ValueSourceKind Kind, EquatableArray<PathStep> Path, string? HeaderName, TypeRef Type, string Display);

/// <summary>How a figure's value becomes the runtime's number, instant or text. Chosen by normalization, printed by the emitter.</summary>
internal enum FigureConversion
{
    /// <summary>A typed number (int, long, decimal, double) read as is.</summary>
    Number,
    /// <summary>Anything else read as text and parsed as a number (<c>"1,000"</c>, a header).</summary>
    NumberInText,
    /// <summary>A <c>format: date-time</c> value.</summary>
    DateTime,
    /// <summary>A <c>format: date</c> value (midnight UTC).</summary>
    Date,
    /// <summary>An integer of Unix seconds.</summary>
    UnixSeconds,
    /// <summary>Text parsed as an instant (ISO 8601, or a number of Unix seconds).</summary>
    InstantInText,
    /// <summary>Text as sent (a plan name, a header kept as an attribute).</summary>
    Text,
}

/// <summary>A normalized figure: where it is read and how it is converted.</summary>
internal sealed record Figure(ValueSource Source, FigureConversion Conversion)
{
    public string Display => Source.Display;
}

/// <summary>
/// The generated <c>XxxIsUnlimited</c> flag that says a limit was sent as null: the path to the object holding the
/// limit (empty: the body itself) and the flag's C# name.
/// </summary>
internal sealed record UnlimitedFlag(EquatableArray<PathStep> Parent, string FlagProperty);

/// <summary>
/// A property whose JSON null the mapping reads as "unlimited": its DTO must tell "sent as null" from "absent", so it
/// is made nullable and gets a <see cref="FlagName"/> member.
/// </summary>
internal sealed record NullTrackedProperty(string TypeName, string JsonName)
{
    /// <summary>The one naming rule for the flag, shared by the mapping and the models writer.</summary>
    public static string FlagName(string propertyName) => propertyName + "IsUnlimited";
}

internal enum QuotaScopeModel { Account, ApiKey, Plan, PayAsYouGo, Project, Other }

internal sealed record QuotaMapping(
    string Name,
    QuotaScopeModel Scope,
    Figure? Used,
    Figure? Limit,
    Figure? Remaining,
    Figure? ResetsAt,
    Figure? RequestsPerMinute,
    UnlimitedFlag? Unlimited,
    string? Unit,
    string? Window);

/// <summary>A category figure beside a quota (Tavily's <c>search_usage</c>).</summary>
internal sealed record CategoryMapping(string Category, string Scope, string? Window, Figure Source);

/// <summary>A map of entries keyed by endpoint or category (Sharpe's <c>by_endpoint</c>).</summary>
internal sealed record MapBreakdownMapping(
    string Scope,
    string? Window,
    ValueSource Map,
    string? UsedProperty,
    string? ErrorsProperty,
    string? AverageMsProperty,
    EquatableArray<PathStep> NumericProperties);

internal sealed record CounterMapping(string Window, Figure Source);

/// <summary>How the usage operation's response becomes a <c>UsageSnapshot</c>; chosen by normalization or override.</summary>
internal sealed record UsageMapping(
    string OperationName,
    string OperationDisplay,
    Figure? Plan,
    EquatableArray<QuotaMapping> Quotas,
    Figure? ResetsAt,
    Figure? RequestsPerMinute,
    EquatableArray<CategoryMapping> Categories,
    EquatableArray<MapBreakdownMapping> Maps,
    EquatableArray<CounterMapping> Counters,
    EquatableArray<Figure> Attributes,
    EquatableArray<NullTrackedProperty> NullTracked,
    EquatableArray<string> Explanation);
