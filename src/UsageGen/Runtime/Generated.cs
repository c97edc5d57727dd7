using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace UsageGen.Runtime;

/// <summary>A typed response: the parsed body, the status and the headers, including typed rate-limit headers.</summary>
public abstract class ApiResponse<TBody>
{
    private readonly HttpCallResult _result;
    private RateLimitStatus? _rateLimit;
    private bool _rateLimitRead;

    protected ApiResponse(HttpCallResult result, TBody body)
    {
        _result = result ?? throw new ArgumentNullException(nameof(result));
        Body = body;
    }

    /// <summary>The parsed body.</summary>
    public TBody Body { get; }

    public HttpStatusCode StatusCode => _result.Status;

    /// <summary>When the response arrived (UTC).</summary>
    public DateTimeOffset ReceivedAt => _result.ReceivedAt;

    public HttpResponseHeaders Headers => _result.Headers;

    /// <summary>A response or content header's values joined by a comma, or null.</summary>
    public string? GetHeader(string name) => _result.GetHeader(name);

    /// <summary>The rate-limit headers (IETF <c>RateLimit</c>, <c>RateLimit-*</c>, <c>X-RateLimit-*</c>), when sent.</summary>
    public RateLimitStatus? RateLimit
    {
        get
        {
            if (!_rateLimitRead)
            {
                _rateLimit = RateLimitHeaders.Parse(_result);
                _rateLimitRead = true;
            }
            return _rateLimit;
        }
    }
}

/// <summary>Chooses and applies one of an operation's security schemes.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Auth
{
    /// <summary>
    /// The scheme to use with <paramref name="credentials"/>: basic when a user is set, else for a key a header
    /// (apiKey header, bearer) before a cookie before a query parameter, so keys stay out of URLs when the spec allows.
    /// </summary>
    public static AuthSchemeInfo? Choose(UsageCredentials credentials, IReadOnlyList<AuthSchemeInfo> schemes, bool optional, OperationContext context)
    {
        if (schemes.Count == 0) return null;
        AuthSchemeInfo? best = null;
        var bestRank = int.MaxValue;
        foreach (var scheme in schemes)
        {
            var rank = Rank(scheme.Kind, credentials);
            if (rank < bestRank) { best = scheme; bestRank = rank; }
        }
        if (best is not null && bestRank < 100) return best;
        if (optional) return null;
        var wanted = new StringBuilder();
        foreach (var s in schemes)
        {
            if (wanted.Length > 0) wanted.Append(" or ");
            wanted.Append(s.Kind switch
            {
                AuthKind.Basic => "a user name and password (basic)",
                AuthKind.Bearer => "an API key (bearer token)",
                AuthKind.ApiKeyQuery => $"an API key (query parameter {s.ParameterName})",
                AuthKind.ApiKeyCookie => $"an API key (cookie {s.ParameterName})",
                _ => $"an API key (header {s.ParameterName})",
            });
        }
        throw new UsageGenConfigurationException(context.Provider, context.Operation,
            $"{context.Provider} {context.Operation} needs credentials: {wanted}. Set UsageCredentials.");
    }

    private static int Rank(AuthKind kind, UsageCredentials c)
    {
        var hasKey = !string.IsNullOrEmpty(c.ApiKey);
        var hasUser = !string.IsNullOrEmpty(c.Username);
        return kind switch
        {
            AuthKind.Basic when hasUser => 0,
            AuthKind.ApiKeyQuery when hasKey && c.PreferQueryApiKey => 1,
            AuthKind.ApiKeyHeader when hasKey => 2,
            AuthKind.Bearer when hasKey => 3,
            AuthKind.ApiKeyCookie when hasKey => 4,
            AuthKind.ApiKeyQuery when hasKey => 5,
            _ => 100,
        };
    }

    /// <summary>
    /// The query of an operation without query parameters of its own: the apiKey-in-query parameter when that scheme
    /// was chosen, else null (nothing allocated).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>>? Query(AuthSchemeInfo? scheme, UsageCredentials credentials) =>
        QueryParameter(scheme, credentials) is { } parameter ? new[] { parameter } : null;

    /// <summary>Adds the query parameter for an apiKey-in-query scheme.</summary>
    public static void AddQuery(AuthSchemeInfo? scheme, UsageCredentials credentials, List<KeyValuePair<string, string?>> query)
    {
        if (QueryParameter(scheme, credentials) is { } parameter) query.Add(parameter);
    }

    /// <summary>The apiKey-in-query parameter when that scheme was chosen, else null.</summary>
    private static KeyValuePair<string, string?>? QueryParameter(AuthSchemeInfo? scheme, UsageCredentials credentials) =>
        scheme?.Kind == AuthKind.ApiKeyQuery ? new KeyValuePair<string, string?>(scheme.ParameterName!, credentials.ApiKey) : null;

    /// <summary>Adds the header, bearer token, basic credentials or cookie.</summary>
    public static void Apply(HttpRequestMessage request, AuthSchemeInfo? scheme, UsageCredentials credentials)
    {
        switch (scheme?.Kind)
        {
            case AuthKind.ApiKeyHeader:
                // A scheme word the spec shows (Authorization: DeepL-Auth-Key <key>) is sent before the key; else the key is sent raw.
                var value = scheme.Prefix is { } prefix && string.Equals(scheme.ParameterName, "Authorization", StringComparison.OrdinalIgnoreCase)
                    ? prefix + " " + credentials.ApiKey
                    : credentials.ApiKey;
                request.Headers.TryAddWithoutValidation(scheme.ParameterName!, value);
                break;
            case AuthKind.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.ApiKey);
                break;
            case AuthKind.Basic:
                var raw = Encoding.UTF8.GetBytes((credentials.Username ?? "") + ":" + (credentials.Password ?? ""));
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
                break;
            case AuthKind.ApiKeyCookie:
                request.Headers.TryAddWithoutValidation("Cookie", scheme.ParameterName + "=" + Uri.EscapeDataString(credentials.ApiKey ?? ""));
                break;
        }
    }
}

/// <summary>Conversions from typed fields to normalized figures, for generated adapters.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Figures
{
    public static decimal? ToDecimal(decimal? value) => value;
    public static decimal? ToDecimal(long? value) => value;
    public static decimal? ToDecimal(int? value) => value;

    public static decimal? ToDecimal(double? value)
    {
        if (value is not { } d || double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 7.9e28) return null;
        return (decimal)d;
    }

    public static decimal? ToDecimal(string? value) =>
        decimal.TryParse(value?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static string? Text(object? value) =>
        (value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()) is { Length: > 0 } s ? s : null;

    public static DateTimeOffset? ToInstant(DateTimeOffset? value) => value?.ToUniversalTime();

    public static DateTimeOffset? ToInstant(string? value) => JsonRead.TryParseDateTime(value, out var d) ? d.ToUniversalTime() : null;

    public static DateTimeOffset? ToInstant(long? epoch) =>
        epoch is { } e && e >= 0 ? (e < 100_000_000_000L ? DateTimeOffset.FromUnixTimeSeconds(e) : e < 253_402_300_800_000L ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null) : null;

#if NET6_0_OR_GREATER
    public static DateTimeOffset? ToInstant(DateOnly? value) =>
        value is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
#endif

    /// <summary>The reported figure of a breakdown entry: one entry, or none when null.</summary>
    public static IReadOnlyList<KeyValuePair<string, decimal>> Metrics(string name, decimal? value) =>
        value is { } v ? new[] { new KeyValuePair<string, decimal>(name, v) } : System.Array.Empty<KeyValuePair<string, decimal>>();

    /// <summary>The reported figures of a breakdown entry, nulls left out, in one array of the exact size.</summary>
    public static IReadOnlyList<KeyValuePair<string, decimal>> Metrics(string name1, decimal? value1, string name2, decimal? value2) =>
        Metrics(name1, value1, name2, value2, null, null, null, null);

    /// <inheritdoc cref="Metrics(string, decimal?, string, decimal?)"/>
    public static IReadOnlyList<KeyValuePair<string, decimal>> Metrics(string name1, decimal? value1, string name2, decimal? value2, string name3, decimal? value3) =>
        Metrics(name1, value1, name2, value2, name3, value3, null, null);

    /// <inheritdoc cref="Metrics(string, decimal?, string, decimal?)"/>
    public static IReadOnlyList<KeyValuePair<string, decimal>> Metrics(string name1, decimal? value1, string name2, decimal? value2, string? name3, decimal? value3, string? name4, decimal? value4)
    {
        var count = (value1.HasValue ? 1 : 0) + (value2.HasValue ? 1 : 0) + (value3.HasValue ? 1 : 0) + (value4.HasValue ? 1 : 0);
        if (count == 0) return System.Array.Empty<KeyValuePair<string, decimal>>();
        var metrics = new KeyValuePair<string, decimal>[count];
        var i = 0;
        if (value1 is { } v1) metrics[i++] = new KeyValuePair<string, decimal>(name1, v1);
        if (value2 is { } v2) metrics[i++] = new KeyValuePair<string, decimal>(name2, v2);
        if (value3 is { } v3) metrics[i++] = new KeyValuePair<string, decimal>(name3!, v3);
        if (value4 is { } v4) metrics[i] = new KeyValuePair<string, decimal>(name4!, v4);
        return metrics;
    }

    /// <summary>The reported figures of a breakdown entry, nulls left out.</summary>
    public static IReadOnlyList<KeyValuePair<string, decimal>> Metrics(params (string Name, decimal? Value)[] values)
    {
        var list = new List<KeyValuePair<string, decimal>>(values.Length);
        foreach (var (name, value) in values)
            if (value is { } v) list.Add(new KeyValuePair<string, decimal>(name, v));
        return list;
    }

    /// <summary>Reads a required parameter for the catalog from <see cref="UsageCredentials.Parameters"/>.</summary>
    public static string RequiredParameter(UsageCredentials credentials, string name, string provider, string operation)
    {
        if (credentials.Parameters.TryGetValue(name, out var value) && value is not null) return value;
        throw new UsageGenConfigurationException(provider, operation,
            $"{provider} {operation} needs parameter '{name}': set it in UsageCredentials.Parameters.");
    }

    public static string? OptionalParameter(UsageCredentials credentials, string name) =>
        credentials.Parameters.TryGetValue(name, out var value) ? value : null;

    public static long ParseInt64(string value, string provider, string operation, string name) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l
            : throw new UsageGenConfigurationException(provider, operation, $"parameter '{name}' must be an integer");

    public static decimal ParseDecimal(string value, string provider, string operation, string name) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : throw new UsageGenConfigurationException(provider, operation, $"parameter '{name}' must be a number");

    public static bool ParseBoolean(string value, string provider, string operation, string name) =>
        bool.TryParse(value, out var b) ? b
            : throw new UsageGenConfigurationException(provider, operation, $"parameter '{name}' must be true or false");

    /// <summary>Formats a path or query value the way OpenAPI's simple style does.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.ToString("o", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
