using System;
using System.Net.Http;
#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
#else
using System.Reflection;
#endif

namespace UsageGen.Runtime;

/// <summary>
/// Keeps credentials from leaving the origin whatever handler the caller's <see cref="HttpClient"/> has. A handler
/// that follows redirects sends every request header but <c>Authorization</c> to whatever host a redirect names
/// (checked on .NET 10: custom headers, <c>Cookie</c> and <c>Proxy-Authorization</c> go along), and a server may put
/// a query or path key into the <c>Location</c> it sends. So before a request leaves, the handler chain is walked
/// (through every <see cref="DelegatingHandler"/>, as IHttpClientFactory builds it); when it ends in an
/// <see cref="HttpClientHandler"/> or <c>SocketsHttpHandler</c> with <c>AllowAutoRedirect</c> on, a request that
/// carries a credential (in any header, the query or the path) is refused with
/// <see cref="UsageGenConfigurationException"/> before anything is sent.
/// </summary>
/// <remarks>
/// A chain that ends in any other handler (your own, a test double, WinHttpHandler) cannot be seen through and is
/// trusted; the check that no answer from another origin is read still applies to it.
/// </remarks>
internal static class RedirectGuard
{
    public static void ThrowIfCredentialWouldFollowRedirect(HttpClient http, HttpRequestMessage request, OperationContext context)
    {
        if (FollowsRedirects(http) is not { } follower) return;
        var where = WhereCredential(request, context.Redactor);
        if (where is null) return;
        throw new UsageGenConfigurationException(context.Provider, context.Operation,
            $"{context.Provider} {context.Operation}: not sent. This HttpClient follows redirects ({follower}.AllowAutoRedirect is true), and a " +
            $"redirect could take the credential in the {where} to another host. Use UsageGenHttpClient.Create() or " +
            "UsageGenHttp.CreateClient(); with IHttpClientFactory, AddUsageGenResilience() or ConfigurePrimaryHttpMessageHandler(UsageGenHttp.CreateHandler); " +
            "or set AllowAutoRedirect = false on your handler.");
    }

    /// <summary>Where <paramref name="request"/> carries a credential (<c>X-Api-Key header</c>, <c>URI</c>), or null.</summary>
    internal static string? WhereCredential(HttpRequestMessage request, UsageGenRedactor redactor)
    {
#if NET6_0_OR_GREATER
        foreach (var header in request.Headers.NonValidated)
#else
        foreach (var header in request.Headers)
#endif
        {
            foreach (var value in header.Value)
                if (redactor.Contains(value)) return header.Key + " header";
        }
        return request.RequestUri is { } uri && redactor.Contains(uri.OriginalString) ? "URI" : null;
    }

    /// <summary>
    /// The type name of the handler that ends <paramref name="http"/>'s chain when it follows redirects; null when it
    /// does not, or when the chain cannot be seen through.
    /// </summary>
    internal static string? FollowsRedirects(HttpClient http)
    {
        try
        {
            var handler = HandlerOf(http);
            for (var depth = 0; handler is not null && depth < 64; depth++)
            {
                switch (handler)
                {
                    case HttpClientHandler h:
                        return h.AllowAutoRedirect ? h.GetType().Name : null;
#if NET5_0_OR_GREATER
                    case SocketsHttpHandler s:
                        return s.AllowAutoRedirect ? s.GetType().Name : null;
#endif
                    case DelegatingHandler d:
                        handler = d.InnerHandler;
                        continue;
                    default:
                        return null;
                }
            }
        }
        catch (Exception e) when (e is MemberAccessException or PlatformNotSupportedException or InvalidOperationException or NotSupportedException)
        {
            // A runtime without the field, or a platform whose handler cannot say: trusted, as an unknown handler is.
        }
        return null;
    }

#if NET8_0_OR_GREATER
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_handler")]
    private static extern ref HttpMessageHandler HandlerField(HttpMessageInvoker invoker);

    private static HttpMessageHandler? HandlerOf(HttpClient http) => HandlerField(http);
#else
    private static readonly FieldInfo? Field =
        typeof(HttpMessageInvoker).GetField("_handler", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? typeof(HttpMessageInvoker).GetField("handler", BindingFlags.NonPublic | BindingFlags.Instance);

    private static HttpMessageHandler? HandlerOf(HttpClient http) => Field?.GetValue(http) as HttpMessageHandler;
#endif
}
