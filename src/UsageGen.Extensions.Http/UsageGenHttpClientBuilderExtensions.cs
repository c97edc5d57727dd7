using System;
using System.Collections.Generic;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using UsageGen;
using UsageGen.Extensions.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>UsageGen on an <see cref="IHttpClientBuilder"/> (<c>services.AddHttpClient&lt;TavilyClient&gt;()</c>).</summary>
public static class UsageGenHttpClientBuilderExtensions
{
    /// <summary>
    /// Retries with backoff and <c>Retry-After</c>, per-attempt and overall timeouts (<see cref="UsageGenResilienceHandler"/>),
    /// a primary handler that never follows redirects, and <see cref="System.Net.Http.HttpClient.Timeout"/> set to
    /// <see cref="UsageGenHttpOptions.Timeout"/>. Use it instead of, not with, <c>AddStandardResilienceHandler()</c>.
    /// </summary>
    public static IHttpClientBuilder AddUsageGenResilience(this IHttpClientBuilder builder, Action<UsageGenHttpOptions>? configure = null)
    {
        if (builder is null) throw new ArgumentNullException(nameof(builder));
        var options = new UsageGenHttpOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.ConfigurePrimaryHttpMessageHandler(static () => UsageGenHttp.CreateHandler());
        builder.AddHttpMessageHandler(() => new UsageGenResilienceHandler(options));
        builder.ConfigureHttpClient(client => client.Timeout = options.Timeout);
        return builder;
    }

    /// <summary>
    /// Keeps credentials out of IHttpClientFactory's logs. The default loggers are replaced by
    /// <see cref="UsageGenHttpClientLogger"/>, which reads the credentials off each request and masks every form of them
    /// in everything it writes: the URI (apiKey query parameters of <paramref name="schemes"/>, every query value when
    /// null), request and response headers at Trace (credential headers by name; any other header that echoes a key,
    /// such as <c>WWW-Authenticate</c>, <c>Location</c> or <c>Set-Cookie</c>, by value), and failures (type and masked
    /// runtime message, never the server's bytes). The values of Authorization, Cookie and every apiKey header are also
    /// added to <c>ShouldRedactHeaderValue</c> for any other logger.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="schemes">The provider's schemes, such as <c>CoinGeckoClient.SecuritySchemes</c>; null for the defaults.</param>
    /// <param name="replaceDefaultLogging">
    /// True or null (the default): replace the default loggers. False keeps them, with header values redacted by name
    /// only: a key a server echoes in another header is then written as is at Trace.
    /// </param>
    public static IHttpClientBuilder RedactUsageGenSecrets(this IHttpClientBuilder builder, IEnumerable<AuthSchemeInfo>? schemes = null, bool? replaceDefaultLogging = null)
    {
        if (builder is null) throw new ArgumentNullException(nameof(builder));
        var headers = UsageGenRedaction.SensitiveHeaders(schemes);
        ICollection<string>? query = schemes is null ? null : UsageGenRedaction.SensitiveQueryParameters(schemes);
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, options =>
        {
            var previous = options.ShouldRedactHeaderValue;
            options.ShouldRedactHeaderValue = header => headers.Contains(header) || (previous?.Invoke(header) ?? false);
        });
        if (replaceDefaultLogging ?? true)
        {
            var name = builder.Name;
            var known = schemes is null ? null : new List<AuthSchemeInfo>(schemes);
            builder.RemoveAllLoggers();
            builder.AddLogger(services => new UsageGenHttpClientLogger(
                services.GetRequiredService<ILoggerFactory>().CreateLogger("System.Net.Http.HttpClient." + name + ".UsageGen"), query, headers, known),
                wrapHandlersPipeline: true);
        }
        return builder;
    }

    /// <summary>
    /// True when IHttpClientFactory's default logging writes request URIs with their query strings: Microsoft.Extensions.Http
    /// before 9.0, or URI redaction turned off (<c>System.Net.Http.DisableUriRedaction</c>).
    /// </summary>
    public static bool DefaultLoggingWritesQueryStrings
    {
        get
        {
            var version = typeof(HttpClientFactoryOptions).Assembly.GetName().Version;
            if (version is null || version.Major < 9) return true;
            if (AppContext.TryGetSwitch("System.Net.Http.DisableUriRedaction", out var disabled) && disabled) return true;
            var env = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_HTTP_DISABLEURIREDACTION");
            return env is not null && (env == "1" || env.Equals("true", StringComparison.OrdinalIgnoreCase));
        }
    }
}
