namespace UsageGen.Generator.Emit;

/// <summary>
/// The runtime library's types as generated code names them, <c>global::</c>-qualified: the one place a runtime
/// rename or move is made. (BCL spellings the writers share are on <see cref="TypeNames"/>.)
/// </summary>
internal static class RuntimeTypes
{
    // UsageGen: the public surface a consumer sees.
    public const string UsageSnapshot = "global::UsageGen.UsageSnapshot";
    public const string UsageQuota = "global::UsageGen.UsageQuota";
    public const string QuotaScope = "global::UsageGen.QuotaScope";
    public const string UsageBreakdownItem = "global::UsageGen.UsageBreakdownItem";
    public const string RequestCounter = "global::UsageGen.RequestCounter";
    public const string UsageCredentials = "global::UsageGen.UsageCredentials";
    public const string UsageProviderInfo = "global::UsageGen.UsageProviderInfo";
    public const string ExampleResponse = "global::UsageGen.ExampleResponse";
    public const string IUsageProvider = "global::UsageGen.IUsageProvider";
    public const string IJsonWritable = "global::UsageGen.IJsonWritable";
    public const string AuthSchemeInfo = "global::UsageGen.AuthSchemeInfo";
    public const string AuthKind = "global::UsageGen.AuthKind";
    public const string UsageGenException = "global::UsageGen.UsageGenException";

    // UsageGen.Runtime: helpers only generated code calls.
    public const string Figures = "global::UsageGen.Runtime.Figures";
    public const string JsonRead = "global::UsageGen.Runtime.JsonRead";
    public const string JsonReadException = "global::UsageGen.Runtime.JsonReadException";
    public const string HttpCall = "global::UsageGen.Runtime.HttpCall";
    public const string HttpCallResult = "global::UsageGen.Runtime.HttpCallResult";
    public const string Auth = "global::UsageGen.Runtime.Auth";
    public const string UriCache = "global::UsageGen.Runtime.UriCache";
    public const string OperationContext = "global::UsageGen.Runtime.OperationContext";
    public const string ApiResponse = "global::UsageGen.Runtime.ApiResponse";
}
