using System;
using System.Net.Http;

namespace UsageGen;

/// <summary>HttpClient plumbing that keeps credentials where they belong.</summary>
public static class UsageGenHttp
{
    /// <summary>
    /// A handler that does not follow redirects and keeps no cookies. HttpClient drops <c>Authorization</c> on a
    /// redirect but keeps custom headers and cookies, so an apiKey header would reach whatever host a redirect names:
    /// generated clients refuse to send a credential through a handler that follows redirects. Cookies a server sets
    /// are not stored and sent back (an API client needs none, and a server may set one that echoes the key).
    /// </summary>
    public static HttpMessageHandler CreateHandler()
    {
#if NET5_0_OR_GREATER
        return new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
#else
        return new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
#endif
    }

    /// <summary>An <see cref="HttpClient"/> over <see cref="CreateHandler"/>, with a timeout.</summary>
    public static HttpClient CreateClient(Uri? baseAddress = null, TimeSpan? timeout = null) =>
        new(CreateHandler()) { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
}
