using System;
using System.Collections.Generic;
using System.Net;
using UsageGen.Forecasting;

namespace UsageGen.Hosting;

/// <summary>Why a provider's latest fetch failed. Built from typed facts: no message text that could carry a credential.</summary>
public sealed class UsageFetchError
{
    public UsageFetchError(string type, HttpStatusCode? status, string message, TimeSpan? retryAfter, DateTimeOffset at, Exception? exception)
    {
        Type = type;
        Status = status;
        Message = message;
        RetryAfter = retryAfter;
        At = at;
        Exception = exception;
    }

    /// <summary>A <see cref="UsageGenErrorType"/> name: <c>authentication</c>, <c>rateLimit</c>, <c>timeout</c>...</summary>
    public string Type { get; }

    /// <summary>The HTTP status, when a response arrived.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>
    /// The UsageGen exception's message (key-free by contract: provider, operation, status, redacted body excerpt), or
    /// only the exception's type for anything else.
    /// </summary>
    public string Message { get; }

    /// <summary>How long the provider asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>When the fetch failed.</summary>
    public DateTimeOffset At { get; }

    /// <summary>The exception itself, for callers that want it (not logged: an inner exception may quote a URI).</summary>
    public Exception? Exception { get; }

    /// <summary>True for 401/403: the credentials were refused.</summary>
    public bool IsAuthentication => Type == UsageGenErrorType.Authentication;

    public override string ToString() => Status is { } s ? $"{Type} ({(int)s})" : Type;

    internal static UsageFetchError From(Exception exception, DateTimeOffset at, string? timeoutMessage = null)
    {
        var type = UsageGenErrorType.Of(exception);
        var message = timeoutMessage ?? (exception is UsageGenException ? exception.Message : exception.GetType().FullName ?? "error");
        return new UsageFetchError(type, (exception as UsageGenException)?.StatusCode, message,
            (exception as UsageGenHttpException)?.RetryAfter, at, exception);
    }
}

/// <summary>What the monitor knows of one provider: the latest snapshot, the last error, forecasts and its schedule. Immutable.</summary>
public sealed class ProviderUsageState
{
    internal ProviderUsageState(string provider, bool enabled)
    {
        Provider = provider;
        Enabled = enabled;
    }

    private ProviderUsageState(ProviderUsageState other)
    {
        Provider = other.Provider;
        Enabled = other.Enabled;
        Snapshot = other.Snapshot;
        LastSuccessAt = other.LastSuccessAt;
        LastError = other.LastError;
        LastAttemptAt = other.LastAttemptAt;
        NextFetchAt = other.NextFetchAt;
        Fetches = other.Fetches;
        ConsecutiveFailures = other.ConsecutiveFailures;
        Forecasts = other.Forecasts;
        LastFetchDuration = other.LastFetchDuration;
    }

    /// <summary>The provider's compiled-in name.</summary>
    public string Provider { get; }

    /// <summary>Whether the monitor polls it (<c>UsageGen:Providers:&lt;Name&gt;:Enabled</c>).</summary>
    public bool Enabled { get; }

    /// <summary>The latest snapshot, kept through later failures; null until a fetch succeeds.</summary>
    public UsageSnapshot? Snapshot { get; private init; }

    /// <summary>When the latest snapshot was fetched (the monitor's clock).</summary>
    public DateTimeOffset? LastSuccessAt { get; private init; }

    /// <summary>The error of the latest fetch, or null when it succeeded.</summary>
    public UsageFetchError? LastError { get; private init; }

    /// <summary>When the latest fetch started.</summary>
    public DateTimeOffset? LastAttemptAt { get; private init; }

    /// <summary>When the next fetch is due.</summary>
    public DateTimeOffset? NextFetchAt { get; private init; }

    /// <summary>Fetches completed, successful or not.</summary>
    public int Fetches { get; private init; }

    /// <summary>Failures since the last success.</summary>
    public int ConsecutiveFailures { get; private init; }

    /// <summary>How long the latest fetch took (the monitor's clock).</summary>
    public TimeSpan? LastFetchDuration { get; private init; }

    /// <summary>Each quota's burn rate and forecast, ordered by scope and name.</summary>
    public IReadOnlyList<QuotaForecast> Forecasts { get; private init; } = Array.Empty<QuotaForecast>();

    internal ProviderUsageState Succeeded(UsageSnapshot snapshot, DateTimeOffset startedAt, DateTimeOffset at, IReadOnlyList<QuotaForecast> forecasts) =>
        new(this)
        {
            Snapshot = snapshot, LastSuccessAt = at, LastError = null, LastAttemptAt = startedAt, Fetches = Fetches + 1,
            ConsecutiveFailures = 0, Forecasts = forecasts, LastFetchDuration = at - startedAt,
        };

    internal ProviderUsageState Failed(UsageFetchError error, DateTimeOffset startedAt, DateTimeOffset at) =>
        new(this) { LastError = error, LastAttemptAt = startedAt, Fetches = Fetches + 1, ConsecutiveFailures = ConsecutiveFailures + 1, LastFetchDuration = at - startedAt };

    internal ProviderUsageState Scheduled(DateTimeOffset next) => new(this) { NextFetchAt = next };

    public override string ToString() =>
        $"{Provider}: {(Snapshot?.ToString() ?? "no snapshot")}{(LastError is null ? "" : ", last error " + LastError)}";
}

/// <summary>A provider's state changed: a fetch completed.</summary>
public sealed class UsageChangedEventArgs : EventArgs
{
    public UsageChangedEventArgs(ProviderUsageState state) => State = state;

    public ProviderUsageState State { get; }
}
