using System;
using System.Net;

namespace UsageGen;

/// <summary>
/// The one family of exceptions that UsageGen clients throw (cancellation by the caller's token aside).
/// Messages carry provider, operation, status and a short excerpt of the body; never a credential.
/// </summary>
public class UsageGenException : Exception
{
    public UsageGenException(string provider, string operation, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        Operation = operation;
    }

    /// <summary>The provider's compiled-in name.</summary>
    public string Provider { get; }

    /// <summary>The operation (method name) that failed.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status, when a response arrived.</summary>
    public virtual HttpStatusCode? StatusCode => null;

    /// <summary>The start of the response body (credentials redacted), when one arrived.</summary>
    public string? BodyExcerpt { get; internal set; }
}

/// <summary>The provider answered with a non-success status.</summary>
public class UsageGenHttpException : UsageGenException
{
    public UsageGenHttpException(string provider, string operation, HttpStatusCode statusCode, string message,
        object? error = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(provider, operation, message, innerException)
    {
        Status = statusCode;
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode Status { get; }

    /// <inheritdoc />
    public override HttpStatusCode? StatusCode => Status;

    /// <summary>The provider's error body, parsed into the type the spec documents for this status.</summary>
    public object? Error { get; }

    /// <summary>How long the provider asked us to wait (<c>Retry-After</c>), when sent.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The provider's error body as <typeparamref name="TError"/>, or default.</summary>
    public TError? GetError<TError>() => Error is TError e ? e : default;
}

/// <summary>401 or 403: the credentials were missing, wrong or lack the scope.</summary>
public class UsageGenAuthenticationException : UsageGenHttpException
{
    public UsageGenAuthenticationException(string provider, string operation, HttpStatusCode statusCode, string message,
        object? error = null, TimeSpan? retryAfter = null)
        : base(provider, operation, statusCode, message, error, retryAfter) { }
}

/// <summary>429: the provider rate-limited the call.</summary>
public class UsageGenRateLimitException : UsageGenHttpException
{
    public UsageGenRateLimitException(string provider, string operation, HttpStatusCode statusCode, string message,
        object? error = null, TimeSpan? retryAfter = null)
        : base(provider, operation, statusCode, message, error, retryAfter) { }
}

/// <summary>A success response whose body could not be read as the spec describes.</summary>
public class UsageGenMalformedResponseException : UsageGenException
{
    public UsageGenMalformedResponseException(string provider, string operation, HttpStatusCode statusCode, string message,
        string? jsonPath = null, Exception? innerException = null)
        : base(provider, operation, message, innerException)
    {
        Status = statusCode;
        JsonPath = jsonPath;
    }

    public HttpStatusCode Status { get; }

    /// <inheritdoc />
    public override HttpStatusCode? StatusCode => Status;

    /// <summary>Where in the body reading stopped, when known (for example <c>$.data.quota.used</c>).</summary>
    public string? JsonPath { get; }
}

/// <summary>The call did not complete in time (the caller's own cancellation is not this).</summary>
public class UsageGenTimeoutException : UsageGenException
{
    public UsageGenTimeoutException(string provider, string operation, string message, Exception? innerException = null)
        : base(provider, operation, message, innerException) { }
}

/// <summary>The request never got an HTTP answer: DNS, connection refused or reset, TLS.</summary>
public class UsageGenTransportException : UsageGenException
{
    public UsageGenTransportException(string provider, string operation, string message, Exception? innerException = null)
        : base(provider, operation, message, innerException) { }
}

/// <summary>The client was used wrongly: a missing credential or required parameter.</summary>
public class UsageGenConfigurationException : UsageGenException
{
    public UsageGenConfigurationException(string provider, string operation, string message)
        : base(provider, operation, message) { }
}
