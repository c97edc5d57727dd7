using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace UsageGen.Extensions.Http;

/// <summary>
/// An <see cref="IHttpClientLogger"/> that writes what IHttpClientFactory's default logging writes (method, URI,
/// status, time; headers at Trace) with credentials masked: apiKey query values in URIs and exception messages, and
/// the values of credential headers.
/// </summary>
public sealed class UsageGenHttpClientLogger : IHttpClientLogger
{
    private static readonly Action<ILogger, string, string, Exception?> RequestStart = LoggerMessage.Define<string, string>(
        LogLevel.Information, new EventId(100, "RequestStart"), "Sending HTTP request {HttpMethod} {Uri}");
    private static readonly Action<ILogger, double, int, Exception?> RequestEnd = LoggerMessage.Define<double, int>(
        LogLevel.Information, new EventId(101, "RequestEnd"), "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}");
    private static readonly Action<ILogger, string, string, double, string, Exception?> RequestFailed = LoggerMessage.Define<string, string, double, string>(
        LogLevel.Warning, new EventId(102, "RequestFailed"), "HTTP request {HttpMethod} {Uri} failed after {ElapsedMilliseconds}ms: {Error}");
    private static readonly Action<ILogger, string, Exception?> Headers = LoggerMessage.Define<string>(
        LogLevel.Trace, new EventId(103, "Headers"), "{Headers}");

    private readonly ILogger _logger;
    private readonly ICollection<string>? _sensitiveQuery;
    private readonly ISet<string> _sensitiveHeaders;

    /// <param name="logger">Where to write.</param>
    /// <param name="sensitiveQueryParameters">Query parameters to mask; null masks every query value.</param>
    /// <param name="sensitiveHeaders">Headers whose values are masked at Trace; null for <see cref="UsageGenRedaction.SensitiveHeaders"/>.</param>
    public UsageGenHttpClientLogger(ILogger logger, ICollection<string>? sensitiveQueryParameters, ISet<string>? sensitiveHeaders = null)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _sensitiveQuery = sensitiveQueryParameters;
        _sensitiveHeaders = sensitiveHeaders ?? UsageGenRedaction.SensitiveHeaders();
    }

    /// <inheritdoc />
    public object? LogRequestStart(HttpRequestMessage request)
    {
        if (_logger.IsEnabled(LogLevel.Information))
            RequestStart(_logger, request.Method.Method, UsageGenRedaction.RedactUri(request.RequestUri, _sensitiveQuery), null);
        if (_logger.IsEnabled(LogLevel.Trace))
            Headers(_logger, "Request Headers:" + Environment.NewLine + Format(request.Headers, request.Content?.Headers), null);
        return null;
    }

    /// <inheritdoc />
    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (_logger.IsEnabled(LogLevel.Information))
            RequestEnd(_logger, elapsed.TotalMilliseconds, (int)response.StatusCode, null);
        if (_logger.IsEnabled(LogLevel.Trace))
            Headers(_logger, "Response Headers:" + Environment.NewLine + Format(response.Headers, response.Content?.Headers), null);
    }

    /// <inheritdoc />
    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        // The exception itself is not passed on: its message or an inner one may quote the URI.
        if (_logger.IsEnabled(LogLevel.Warning))
            RequestFailed(_logger, request.Method.Method, UsageGenRedaction.RedactUri(request.RequestUri, _sensitiveQuery), elapsed.TotalMilliseconds,
                exception.GetType().FullName + ": " + UsageGenRedaction.RedactQuery(exception.Message, _sensitiveQuery), null);
    }

    private string Format(HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        var sb = new StringBuilder();
        void Add(HttpHeaders h)
        {
            foreach (var pair in h)
            {
                sb.Append(pair.Key).Append(": ");
                sb.Append(_sensitiveHeaders.Contains(pair.Key) ? UsageGenRedaction.Mask : string.Join(", ", pair.Value));
                sb.AppendLine();
            }
        }
        Add(headers);
        if (contentHeaders is not null) Add(contentHeaders);
        return sb.ToString().TrimEnd();
    }

    /// <summary>For tests and diagnostics.</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "UsageGenHttpClientLogger(query={0}, headers={1})",
        _sensitiveQuery is null ? "all" : string.Join(",", _sensitiveQuery), string.Join(",", _sensitiveHeaders));
}
