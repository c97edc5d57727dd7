using System;
using System.Net.Http;

namespace UsageGen;

/// <summary>
/// HttpClients for generated clients and adapters with retries, backoff, <c>Retry-After</c> and timeouts
/// (<see cref="UsageGenResilienceHandler"/>) over a handler that never follows redirects (<see cref="UsageGenHttp.CreateHandler"/>).
/// <code>
/// using var http = UsageGenHttpClient.Create(new UsageGenHttpOptions { MaxAttempts = 4, Timeout = TimeSpan.FromSeconds(20) });
/// var usage = await new TavilyUsageAdapter(http, new UsageCredentials(key)).GetUsageAsync();
/// </code>
/// </summary>
public static class UsageGenHttpClient
{
    /// <summary>
    /// A new <see cref="HttpClient"/>: <see cref="UsageGenResilienceHandler"/> with <paramref name="options"/> over a
    /// no-redirect handler; <see cref="HttpClient.Timeout"/> is <see cref="UsageGenHttpOptions.Timeout"/> and
    /// <see cref="HttpClient.BaseAddress"/> is <see cref="UsageGenHttpOptions.BaseAddress"/>.
    /// </summary>
    public static HttpClient Create(UsageGenHttpOptions? options = null)
    {
        options ??= new UsageGenHttpOptions();
        options.Validate();
        return new HttpClient(CreateHandler(options), disposeHandler: true)
        {
            BaseAddress = options.BaseAddress,
            Timeout = options.Timeout,
        };
    }

    /// <summary>As <see cref="Create(UsageGenHttpOptions?)"/>, rooted at <paramref name="baseAddress"/>.</summary>
    public static HttpClient Create(Uri baseAddress, UsageGenHttpOptions? options = null)
    {
        var copy = (options ?? new UsageGenHttpOptions()).Clone();
        copy.BaseAddress = baseAddress ?? throw new ArgumentNullException(nameof(baseAddress));
        return Create(copy);
    }

    /// <summary>The handler chain alone (resilience over no-redirect sockets), for an HttpClient you build yourself.</summary>
    public static HttpMessageHandler CreateHandler(UsageGenHttpOptions? options = null) =>
        new UsageGenResilienceHandler(options, UsageGenHttp.CreateHandler());
}
