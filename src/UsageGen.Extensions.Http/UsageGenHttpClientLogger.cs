using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace UsageGen.Extensions.Http;

/// <summary>
/// An <see cref="IHttpClientLogger"/> that writes what IHttpClientFactory's default logging writes (method, URI,
/// status, time; headers at Trace) with credentials masked by <see cref="UsageGenRedactor"/>.
/// </summary>
/// <remarks>
/// The credentials are read from the request itself when it starts (its <c>Authorization</c> parameter and decoded
/// Basic password, its apiKey headers, cookies and query parameters: <see cref="UsageGenRedactor.FromRequest"/>), so
/// they are known even after a handler removed them. Then: the values of credential headers and apiKey query
/// parameters are masked by name; every other header value (response headers too: <c>WWW-Authenticate</c>,
/// <c>Location</c>, a custom header that echoes the key) and the URI have every form of those credentials masked; a
/// failure is written as the exception's type and, unless it may quote the server, its masked message
/// (<see cref="UsageGenRedactor.Describe"/>), never the exception object.
/// </remarks>
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

    private static readonly string[] UriHeaders = { "Location", "Content-Location", "Link", "Refresh" };

    private readonly ILogger _logger;
    private readonly ICollection<string>? _sensitiveQuery;
    private readonly ISet<string> _sensitiveHeaders;
    private readonly IReadOnlyList<AuthSchemeInfo>? _schemes;

    /// <param name="logger">Where to write.</param>
    /// <param name="sensitiveQueryParameters">Query parameters to mask; null masks every query value.</param>
    /// <param name="sensitiveHeaders">Headers whose values are masked at Trace; null for <see cref="UsageGenRedaction.SensitiveHeaders"/>.</param>
    public UsageGenHttpClientLogger(ILogger logger, ICollection<string>? sensitiveQueryParameters, ISet<string>? sensitiveHeaders = null)
        : this(logger, sensitiveQueryParameters, sensitiveHeaders, null)
    {
    }

    /// <param name="logger">Where to write.</param>
    /// <param name="sensitiveQueryParameters">Query parameters to mask; null masks every query value.</param>
    /// <param name="sensitiveHeaders">Headers whose values are masked at Trace; null for <see cref="UsageGenRedaction.SensitiveHeaders"/>.</param>
    /// <param name="schemes">The provider's schemes, to find the credentials on each request; null for names that read as credentials.</param>
    public UsageGenHttpClientLogger(ILogger logger, ICollection<string>? sensitiveQueryParameters, ISet<string>? sensitiveHeaders, IEnumerable<AuthSchemeInfo>? schemes)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _sensitiveQuery = sensitiveQueryParameters;
        _schemes = schemes?.ToArray();
        _sensitiveHeaders = sensitiveHeaders ?? UsageGenRedaction.SensitiveHeaders(_schemes);
    }

    /// <inheritdoc />
    public object? LogRequestStart(HttpRequestMessage request)
    {
        // Read once, now: a redirect-following handler removes Authorization before the response is logged.
        var redactor = UsageGenRedactor.FromRequest(request, _schemes);
        if (_logger.IsEnabled(LogLevel.Information))
            RequestStart(_logger, request.Method.Method, redactor.RedactUri(request.RequestUri, _sensitiveQuery), null);
        if (_logger.IsEnabled(LogLevel.Trace))
            Headers(_logger, "Request Headers:" + Environment.NewLine + Format(request.Headers, request.Content?.Headers, redactor), null);
        return redactor;
    }

    /// <inheritdoc />
    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        var redactor = context as UsageGenRedactor ?? UsageGenRedactor.FromRequest(request, _schemes);
        if (_logger.IsEnabled(LogLevel.Information))
            RequestEnd(_logger, elapsed.TotalMilliseconds, (int)response.StatusCode, null);
        if (_logger.IsEnabled(LogLevel.Trace))
            Headers(_logger, "Response Headers:" + Environment.NewLine + Format(response.Headers, response.Content?.Headers, redactor), null);
    }

    /// <inheritdoc />
    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        var redactor = context as UsageGenRedactor ?? UsageGenRedactor.FromRequest(request, _schemes);
        // The exception itself is not passed on: its message or an inner one may quote the URI or the server's bytes.
        if (_logger.IsEnabled(LogLevel.Warning))
            RequestFailed(_logger, request.Method.Method, redactor.RedactUri(request.RequestUri, _sensitiveQuery), elapsed.TotalMilliseconds,
                UsageGenRedaction.RedactQuery(redactor.Describe(exception), _sensitiveQuery), null);
    }

    private string Format(HttpHeaders headers, HttpHeaders? contentHeaders, UsageGenRedactor redactor)
    {
        var sb = new StringBuilder();
        void Add(HttpHeaders h)
        {
            foreach (var pair in h)
            {
                sb.Append(pair.Key).Append(": ");
                if (_sensitiveHeaders.Contains(pair.Key)) sb.Append(UsageGenRedaction.Mask);
                else
                {
                    var value = redactor.Redact(string.Join(", ", pair.Value));
                    if (Array.Exists(UriHeaders, n => n.Equals(pair.Key, StringComparison.OrdinalIgnoreCase)))
                        value = UsageGenRedaction.RedactQuery(value, _sensitiveQuery);
                    sb.Append(value);
                }
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
