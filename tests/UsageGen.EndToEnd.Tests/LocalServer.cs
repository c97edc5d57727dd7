using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UsageGen.EndToEnd.Tests;

/// <summary>One request as the server saw it.</summary>
public sealed class RecordedRequest
{
    public RecordedRequest(string method, string path, string queryString,
        IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> headers)
    {
        Method = method;
        Path = path;
        QueryString = queryString;
        Query = query;
        Headers = headers;
    }

    public string Method { get; }

    /// <summary>The request path, for example <c>/coingecko/key</c>.</summary>
    public string Path { get; }

    /// <summary>The raw query string with its leading <c>?</c>, or empty.</summary>
    public string QueryString { get; }

    /// <summary>Query parameters, case-sensitive names, values joined by a comma.</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>Request headers, case-insensitive names, values joined by a comma.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public override string ToString() => $"{Method} {Path}{QueryString}";
}

/// <summary>What the server answers on one route.</summary>
public sealed class CannedResponse
{
    public int Status { get; init; } = 200;

    /// <summary>The body, sent as UTF-8; null or empty sends no body.</summary>
    public string? Body { get; init; }

    public string? ContentType { get; init; } = "application/json";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>Waits this long before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Sends the body in small chunks with no Content-Length (chunked transfer encoding).</summary>
    public bool Chunked { get; init; }

    /// <summary>Declares the whole body's length, sends only this many bytes, then drops the connection.</summary>
    public int? AbortAfterBytes { get; init; }

    public static CannedResponse Json(string body, int status = 200, params (string Name, string Value)[] headers) => new()
    {
        Status = status,
        Body = body,
        ContentType = "application/json",
        Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToArray(),
    };
}

/// <summary>
/// A real HTTP server for tests: ASP.NET Core on Kestrel at <c>http://127.0.0.1:0</c> (an ephemeral port read back
/// from the server's addresses feature). Serves the routes configured with <see cref="Route(string, string, CannedResponse)"/>
/// (404 otherwise) and records every request it receives.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, CannedResponse>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<HttpClient> _clients = new();

    private LocalServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's root, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<LocalServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(LocalServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LocalServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel exposes no addresses feature.");
        var address = addresses.Single();
        var uri = new Uri(address.TrimEnd('/') + "/");
        if (uri.Port == 0) throw new InvalidOperationException("Kestrel did not report the port it bound: " + address);
        server = new LocalServer(app, uri);
        return server;
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with <paramref name="response"/>.</summary>
    public LocalServer Route(string method, string path, CannedResponse response) => Route(method, path, _ => response);

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with whatever <paramref name="responder"/> returns.</summary>
    public LocalServer Route(string method, string path, Func<RecordedRequest, CannedResponse> responder)
    {
        _routes[Key(method, path)] = responder;
        return this;
    }

    /// <summary>
    /// An HttpClient whose BaseAddress is this server plus <paramref name="prefix"/> (for example <c>coingecko/</c>), over
    /// a handler that does not follow redirects, as <c>UsageGenHttp.CreateHandler()</c> (generated clients refuse to send a
    /// credential through one that does; this file is also compiled where the runtime is not referenced).
    /// </summary>
    public HttpClient CreateClient(string prefix = "")
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(BaseAddress, prefix),
            Timeout = TimeSpan.FromSeconds(30),
        };
        lock (_clients) _clients.Add(client);
        return client;
    }

    /// <summary>The requests received on <paramref name="path"/>.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => Requests.Where(r => r.Path == path).ToArray();

    private static string Key(string method, string path) => method.ToUpperInvariant() + " " + path;

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers) headers[h.Key] = h.Value.ToString();
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var q in request.Query) query[q.Key] = q.Value.ToString();
        var path = request.PathBase.Add(request.Path).Value ?? "/";
        var recorded = new RecordedRequest(request.Method, path, request.QueryString.Value ?? "", query, headers);
        _requests.Enqueue(recorded);

        if (!_routes.TryGetValue(Key(request.Method, path), out var responder))
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("no route for " + recorded).ConfigureAwait(false);
            return;
        }

        var canned = responder(recorded);
        if (canned.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(canned.Delay, context.RequestAborted).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
        context.Response.StatusCode = canned.Status;
        foreach (var pair in canned.Headers) context.Response.Headers.Append(pair.Key, pair.Value);
        if (canned.ContentType is not null) context.Response.ContentType = canned.ContentType;
        var bytes = Encoding.UTF8.GetBytes(canned.Body ?? "");
        if (canned.AbortAfterBytes is { } cut)
        {
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, Math.Min(cut, bytes.Length))).ConfigureAwait(false);
            await context.Response.Body.FlushAsync().ConfigureAwait(false);
            context.Abort();
            return;
        }
        if (canned.Chunked)
        {
            for (var i = 0; i < bytes.Length; i += 1000)
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(i, Math.Min(1000, bytes.Length - i))).ConfigureAwait(false);
                await context.Response.Body.FlushAsync().ConfigureAwait(false);
            }
            return;
        }
        context.Response.ContentLength = bytes.Length;
        if (bytes.Length > 0) await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var c in _clients) c.Dispose();
            _clients.Clear();
        }
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
