namespace UsageGen.Generator.Model;

internal enum ValueSourceKind { Body, Header }

/// <summary>How a path step goes from one value to the next.</summary>
internal enum PathStepKind
{
    /// <summary>An object's property (<c>.Quota</c>).</summary>
    Property,
    /// <summary>The object case of a union (<c>.AsObject</c>): a <c>oneOf</c> of an object and an error string.</summary>
    UnionCase,
    /// <summary>The first element of an array (<c>tasks[0]</c>), when the array holds one record per call.</summary>
    FirstElement,
}

/// <summary>
/// One step of a path through the typed body: the C# member and whether the value it reaches may be null.
/// <see cref="JsonName"/> is empty for a union case and <c>[0]</c> for a first element.
/// </summary>
internal sealed record PathStep(string JsonName, string PropertyName, bool Nullable, PathStepKind Kind = PathStepKind.Property)
{
    public const string FirstElementName = "[0]";
}

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
    /// <summary>
    /// The one naming rule for the flag, shared by the mapping and the models writer: <c>XxxIsUnlimited</c>, free among
    /// the owner's members (a spec's own <c>limit_is_unlimited</c> keeps its name; the flag takes the next one).
    /// </summary>
    public static string FlagName(TypeModel? owner, string propertyName) =>
        owner is null ? propertyName + "IsUnlimited" : NameScope.UnlimitedFlag(owner, propertyName);
}

internal enum QuotaScopeModel { Account, ApiKey, Plan, PayAsYouGo, Project, Other }

/// <summary>
/// One quota: its figures, how "unlimited" is told (<see cref="Unlimited"/>: a null limit; <see cref="UnlimitedSentinel"/>:
/// a limit value such as <c>-1</c> documented as unlimited), its unit (a word, or read at run time from a sibling
/// currency field, <see cref="UnitSource"/>) and its window.
/// </summary>
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
    string? Window,
    string? UnlimitedSentinel = null,
    Figure? UnitSource = null);

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

/// <summary>How the adapter fills a parameter of the usage operation that the user is not asked for.</summary>
internal enum ParameterFillKind
{
    /// <summary>The spec fixes the value (a required parameter with a default or a single-value enum).</summary>
    Fixed,
    /// <summary>The parameter is the API key itself (a spec that declares no security scheme for it).</summary>
    ApiKey,
}

/// <summary>A parameter of the usage operation the adapter fills by itself; <see cref="Value"/> for <see cref="ParameterFillKind.Fixed"/>.</summary>
internal sealed record ParameterFill(string Name, ParameterFillKind Kind, string? Value);

/// <summary>How sure inference is of a figure: shown in the adapter's doc comment and <c>usagegen generate --explain</c>.</summary>
internal enum Confidence
{
    /// <summary>Named by an <c>x-usagegen</c> override.</summary>
    Override,
    /// <summary>Its name says its role and it pairs with siblings of its quota.</summary>
    High,
    /// <summary>Its name says its role, or its slot in a pair does.</summary>
    Medium,
    /// <summary>Read from a description only, or chosen among equal candidates.</summary>
    Low,
}

/// <summary>One row of the explanation: a headline figure, the field it is read from, the rule that chose it and how sure.</summary>
internal sealed record ExplainedFigure(string Figure, string Field, string Rule, Confidence Confidence);

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
    EquatableArray<string> Explanation,
    EquatableArray<ExplainedFigure> Explained,
    EquatableArray<ParameterFill> Parameters);
