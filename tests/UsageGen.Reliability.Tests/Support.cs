using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UsageGen.Reliability.Tests;

/// <summary>One canned answer for <see cref="InMemoryHandler"/>.</summary>
public sealed record CannedAnswer(int Status, byte[] Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static CannedAnswer Json(string body, int status = 200) =>
        new(status, Encoding.UTF8.GetBytes(body), "application/json", Array.Empty<KeyValuePair<string, string>>());
}

/// <summary>
/// Answers every request with <see cref="Answer"/> from memory: for volume in property tests only (at least one
/// property also runs over real Kestrel, see <see cref="PropertyTests"/>).
/// </summary>
public sealed class InMemoryHandler : HttpMessageHandler
{
    private int _requests;

    public CannedAnswer Answer { get; set; } = CannedAnswer.Json("{}");

    public int Requests => _requests;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var a = Answer;
        var response = new HttpResponseMessage((HttpStatusCode)a.Status) { RequestMessage = request, Content = new ByteArrayContent(a.Body) };
        if (a.ContentType is not null) response.Content.Headers.TryAddWithoutValidation("Content-Type", a.ContentType);
        foreach (var h in a.Headers)
            if (!response.Headers.TryAddWithoutValidation(h.Key, h.Value)) response.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
        return Task.FromResult(response);
    }
}

/// <summary>
/// A Kestrel server on 127.0.0.1 that misbehaves on purpose: every request goes to <see cref="Handler"/>, which can
/// stall, drop the connection, or answer anything. Counts requests per path.
/// </summary>
public sealed class FaultServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _arrived = new(0);
    private int _total;

    private FaultServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the server does with each request; 404 until set.</summary>
    public Func<HttpContext, Task> Handler { get; set; } = ctx => { ctx.Response.StatusCode = 404; return Task.CompletedTask; };

    public int TotalRequests => Volatile.Read(ref _total);

    public int RequestsTo(string path) => _counts.TryGetValue(path, out var n) ? n : 0;

    /// <summary>Waits until <paramref name="count"/> requests have arrived in all (see <see cref="UsageGen.Tests.ObservedTime.Until"/>).</summary>
    public Task WaitForRequestsAsync(int count) =>
        UsageGen.Tests.ObservedTime.Until(() => TotalRequests >= count, _arrived, () => $"{count} requests expected, {TotalRequests} arrived");

    /// <summary>Request headers and query strings seen, for secret sweeps.</summary>
    public ConcurrentQueue<string> Seen { get; } = new();

    public static async Task<FaultServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FaultServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FaultServer? server = null;
        app.Run(async context =>
        {
            var s = server!;
            Interlocked.Increment(ref s._total);
            s._counts.AddOrUpdate(context.Request.Path.Value ?? "/", 1, (_, n) => n + 1);
            s._arrived.Release();
            s.Seen.Enqueue(context.Request.Path + context.Request.QueryString + " " +
                string.Join("; ", context.Request.Headers.Select(h => h.Key + ": " + h.Value)));
            try { await s.Handler(context).ConfigureAwait(false); }
            catch (OperationCanceledException) { /* the client went away */ }
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new FaultServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    public Uri Url(string relative) => new(BaseAddress, relative);

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    // ---- behaviours ----------------------------------------------------------------------------------------------

    public static async Task Json(HttpContext ctx, string body, int status = 200, params (string Name, string Value)[] headers)
    {
        ctx.Response.StatusCode = status;
        foreach (var (n, v) in headers) ctx.Response.Headers.Append(n, v);
        ctx.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Never answers (until the client gives up or the server stops).</summary>
    public static async Task Hang(HttpContext ctx)
    {
        try { await Task.Delay(TimeSpan.FromSeconds(60), ctx.RequestAborted).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    /// <summary>A 200 JSON answer that declares all of <paramref name="body"/> and sends only its first <paramref name="count"/> bytes.</summary>
    private static async Task WriteFirstBytes(HttpContext ctx, string body, int count)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes.AsMemory(0, Math.Min(count, bytes.Length)), ctx.RequestAborted).ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Sends the headers and the first bytes of <paramref name="body"/>, then stalls.</summary>
    public static async Task StallMidBody(HttpContext ctx, string body)
    {
        await WriteFirstBytes(ctx, body, 10).ConfigureAwait(false);
        await Hang(ctx).ConfigureAwait(false);
    }

    /// <summary>Declares the whole body, sends some of it, then resets the connection.</summary>
    public static async Task ResetMidBody(HttpContext ctx, string body)
    {
        await WriteFirstBytes(ctx, body, 20).ConfigureAwait(false);
        ctx.Abort();
    }
}

/// <summary>One log line as a provider captured it: the formatted message, every structured value, the exception.</summary>
public sealed record LogLine(string Category, LogLevel Level, string Message, string State, string? Exception)
{
    public string All => $"{Category} {Level} {Message} | {State} | {Exception}";
}

/// <summary>A real <see cref="ILoggerProvider"/> that keeps every line, for secret sweeps.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger : ILogger
    {
        private readonly CapturingLoggerProvider _owner;
        private readonly string _category;

        public Logger(CapturingLoggerProvider owner, string category)
        {
            _owner = owner;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            _owner.Lines.Enqueue(new LogLine(_category, LogLevel.None, "scope: " + state, Values(state), null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _owner.Lines.Enqueue(new LogLine(_category, logLevel, formatter(state, exception), Values(state), exception?.ToString()));

        private static string Values<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join("; ", pairs.Select(p => p.Key + "=" + p.Value))
                : state?.ToString() ?? "";
    }
}

/// <summary>Counts a secret in everything a failure or a snapshot exposes.</summary>
public static class Leaks
{
    /// <summary>
    /// The places to look in a failure: message, ToString, body excerpt, the parsed error, and the inner exceptions as
    /// one text (how deep the runtime's own chain under a reset goes depends on timing; one text keeps a count fixed).
    /// </summary>
    public static IEnumerable<(string Where, string Text)> Of(Exception e)
    {
        yield return ("Message", e.Message);
        yield return ("ToString", e.ToString());
        if (e is UsageGenException u)
        {
            yield return ("BodyExcerpt", u.BodyExcerpt ?? "");
            yield return ("Error", (u as UsageGenHttpException)?.Error?.ToString() ?? "");
        }
        var inner = new StringBuilder();
        for (var x = e.InnerException; x is not null; x = x.InnerException) inner.Append(x.Message).Append(' ').Append(x).Append('\n');
        yield return ("InnerExceptions", inner.ToString());
    }

    public static IEnumerable<(string Where, string Text)> Of(UsageSnapshot s)
    {
        yield return ("Snapshot.ToString", s.ToString());
        yield return ("UsageSnapshotJson", UsageSnapshotJson.Serialize(s, indented: false, includeRaw: true));
        yield return ("Plan", s.Plan ?? "");
        foreach (var a in s.Attributes) yield return ("Attribute " + a.Key, a.Value);
    }

    /// <summary>Occurrences of <paramref name="tail"/>, the distinctive end of a secret, so partial leaks count too.</summary>
    public static int Count(string text, string tail)
    {
        var n = 0;
        var i = 0;
        while ((i = text.IndexOf(tail, i, StringComparison.Ordinal)) >= 0) { n++; i += tail.Length; }
        return n;
    }
}
