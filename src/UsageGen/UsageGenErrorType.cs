using System;

namespace UsageGen;

/// <summary>
/// A short, stable, key-free name for what went wrong in a call: the command's JSON <c>error.type</c>, the hosted
/// monitor's logs and the <c>error.type</c> attribute of its failure counter all use these.
/// </summary>
public static class UsageGenErrorType
{
    public const string Authentication = "authentication";
    public const string RateLimit = "rateLimit";
    public const string Http = "http";
    public const string MalformedResponse = "malformedResponse";
    public const string Timeout = "timeout";
    public const string Transport = "transport";
    public const string Configuration = "configuration";
    /// <summary>Another <see cref="UsageGenException"/>.</summary>
    public const string Error = "error";
    /// <summary>Not a UsageGen exception: a bug, or something below the client.</summary>
    public const string Unexpected = "unexpected";

    /// <summary>The name for <paramref name="exception"/>.</summary>
    public static string Of(Exception exception) => exception switch
    {
        UsageGenAuthenticationException => Authentication,
        UsageGenRateLimitException => RateLimit,
        UsageGenHttpException => Http,
        UsageGenMalformedResponseException => MalformedResponse,
        UsageGenTimeoutException => Timeout,
        UsageGenTransportException => Transport,
        UsageGenConfigurationException => Configuration,
        UsageGenException => Error,
        TimeoutException or OperationCanceledException => Timeout,
        _ => Unexpected,
    };
}
