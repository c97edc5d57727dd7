using System;
using Microsoft.Extensions.Logging;

namespace UsageGen.Hosting;

/// <summary>
/// The monitor's log lines. Every argument is a provider or quota name, a number, a type name, or a
/// <see cref="UsageFetchError.Message"/> (through the provider's <see cref="UsageGen.UsageGenRedactor"/>); no exception
/// object is passed, since an inner one may quote a URI or the server's bytes.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "UsageFetched", Level = LogLevel.Debug,
        Message = "{Provider}: fetched usage in {DurationMs:0} ms: {Used} used of {Limit} ({Percent}%), next fetch in {NextSeconds:0} s")]
    public static partial void Fetched(ILogger logger, string provider, double durationMs, string used, string limit, string percent, double nextSeconds);

    [LoggerMessage(EventId = 2, EventName = "UsageFetchFailed", Level = LogLevel.Warning,
        Message = "{Provider}: fetching usage failed ({ErrorType}{Status}): {Message}; failure {Failures} in a row, next try in {NextSeconds:0} s")]
    public static partial void FetchFailed(ILogger logger, string provider, string errorType, string status, string message, int failures, double nextSeconds);

    [LoggerMessage(EventId = 3, EventName = "QuotaThresholdCrossed", Level = LogLevel.Warning,
        Message = "{Provider}: quota {Quota} is {Percent}% used, above the {Level} threshold of {Threshold}%")]
    public static partial void ThresholdCrossed(ILogger logger, string provider, string quota, string percent, string level, double threshold);

    [LoggerMessage(EventId = 4, EventName = "QuotaThresholdCleared", Level = LogLevel.Information,
        Message = "{Provider}: quota {Quota} is back to {Percent}% used, below the warning threshold")]
    public static partial void ThresholdCleared(ILogger logger, string provider, string quota, string percent);

    [LoggerMessage(EventId = 5, EventName = "QuotaRunsOutBeforeReset", Level = LogLevel.Warning,
        Message = "{Provider}: quota {Quota} {Forecast}")]
    public static partial void RunsOutBeforeReset(ILogger logger, string provider, string quota, string forecast);

    [LoggerMessage(EventId = 6, EventName = "MonitorStarted", Level = LogLevel.Information,
        Message = "Watching {Count} provider(s): {Providers}")]
    public static partial void Started(ILogger logger, int count, string providers);

    [LoggerMessage(EventId = 7, EventName = "MonitorIdle", Level = LogLevel.Information,
        Message = "No provider is enabled under {Section}: nothing to watch")]
    public static partial void NothingToWatch(ILogger logger, string section);
}
