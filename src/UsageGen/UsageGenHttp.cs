using System;
using System.Net.Http;

namespace UsageGen;

/// <summary>HttpClient plumbing that keeps credentials where they belong.</summary>
public static class UsageGenHttp
{
    /// <summary>
    /// A handler that does not follow redirects. HttpClient drops <c>Authorization</c> on a redirect but keeps custom
    /// headers, so an apiKey header would reach whatever host a redirect names. Generated clients also refuse an
    /// answer from another origin, but only this stops the key from being sent.
    /// </summary>
    public static HttpMessageHandler CreateHandler()
    {
#if NET5_0_OR_GREATER
        return new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
#else
        return new HttpClientHandler { AllowAutoRedirect = false };
#endif
    }

    /// <summary>An <see cref="HttpClient"/> over <see cref="CreateHandler"/>, with a timeout.</summary>
    public static HttpClient CreateClient(Uri? baseAddress = null, TimeSpan? timeout = null) =>
        new(CreateHandler()) { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
}
