using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// An operation's <c>x-usagegen</c> override, as records: the parser reads the YAML, the stage reads these.
/// <see cref="Pointer"/> is the operation's JSON pointer (<c>/paths/~1key/get</c>).
/// </summary>
internal sealed record OperationOverride(
    string Pointer,
    bool? Usage,
    bool? UnlimitedWhenNull,
    string? Unit,
    string? Window,
    string? Scope,
    EquatableArray<FieldOverride> Fields);

/// <summary>
/// One field choice (<c>used: data.quota.used</c>, <c>plan: header:X-Plan</c>); <see cref="Path"/> null clears the
/// figure. <see cref="Pointer"/> is the JSON pointer of the value, where an issue about it is reported.
/// </summary>
internal sealed record FieldOverride(string Key, string? Path, string Pointer);
