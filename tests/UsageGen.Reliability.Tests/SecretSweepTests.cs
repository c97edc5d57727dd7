using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UsageGen.EndToEnd.Tests;
using UsageGen.Generated;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.Reliability.Tests;

/// <summary>
/// The secret sweep: every auth style the spec format allows (apiKey in a header, the query, a cookie, the
/// Authorization header with a scheme word and raw; bearer; basic; a key as a required path or query parameter; and
/// the five launch providers), against hostile servers on 127.0.0.1 that echo what they received in every encoding
/// (in error bodies of 401/403/404/429/500/999, in headers, in the status line, in a 200 body the snapshot keeps), send
/// invalid status and header lines, redirect to another origin, and send huge and truncated bodies; through five client
/// pipelines, with IHttpClientFactory logging captured at Trace. Every text a caller or an operator can see is
/// searched for every form of every credential (the key, the password, base64(user:password), decoded from JSON,
/// percent and HTML escapes): there must be none, and the other origin must never see a request.
/// </summary>
public sealed class SecretSweepTests : IAsyncLifetime
{
    public const string Key = "sk+SWEEP/7a2e5b9c1dXq";
    public const string User = "sweep-user";
    public const string Password = "pw+SWEEP/3f8d6c0a2bYr";

    private static readonly string Basic64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Password));

    /// <summary>Every credential form a client puts on the wire, and the distinctive start and end of each (so a cut-off form counts too).</summary>
    private static readonly string[][] Detect = new[] { Key, Password, Basic64.TrimEnd('='), Basic64.TrimEnd('=').Replace('+', '-').Replace('/', '_') }
        .Distinct(StringComparer.Ordinal).Select(s => new[] { s, s.Substring(0, 10), s.Substring(s.Length - 10) }).ToArray();

    private readonly ITestOutputHelper _output;
    private FaultServer _server = null!;
    private FaultServer _elsewhere = null!;
    private RawServer _raw = null!;

    public SecretSweepTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _server = await FaultServer.StartAsync();
        _elsewhere = await FaultServer.StartAsync();
        _raw = await RawServer.StartAsync();
        _elsewhere.Handler = ctx => FaultServer.Json(ctx, "{}");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _elsewhere.DisposeAsync();
        await _raw.DisposeAsync();
    }

    // ---- who is called, with what ------------------------------------------------------------------------------

    /// <summary>One provider in one auth style: its catalog name, the credentials, its documented 200 body.</summary>
    private sealed record Target(string Provider, string Style, UsageCredentials Credentials, string Body, (string Name, string Value)[] Headers)
    {
        public string Prefix => (Provider + "-" + Style).ToLowerInvariant().Replace(' ', '-') + "/";

        public override string ToString() => Provider + " (" + Style + ")";
    }

    private const string SweepBody = "{\"plan\":\"pro\",\"api_key\":\"none\",\"credits_used\":10,\"credits_limit\":100,\"credits_remaining\":90}";

    private static IReadOnlyList<Target> Targets()
    {
        var key = new UsageCredentials(Key);
        var none = Array.Empty<(string, string)>();
        var list = new List<Target>
        {
            new("SweepHeader", "apiKey header", key, SweepBody, none),
            new("SweepQuery", "apiKey query", key, SweepBody, none),
            new("SweepCookie", "apiKey cookie", key, SweepBody, none),
            new("SweepAuthWord", "Authorization scheme word", key, SweepBody, none),
            new("SweepAuthRaw", "Authorization raw", key, SweepBody, none),
            new("SweepBearer", "bearer", key, SweepBody, none),
            new("SweepBasic", "basic", new UsageCredentials { Username = User, Password = Password }, SweepBody, none),
            new("SweepPath", "required path parameter", new UsageCredentials { Parameters = new Dictionary<string, string> { ["api_key"] = Key } }, SweepBody, none),
            new("SweepQueryParam", "required query parameter", new UsageCredentials { Parameters = new Dictionary<string, string> { ["token"] = Key } }, SweepBody, none),
        };
        foreach (var p in Documented.Providers)
        {
            var schemes = UsageCatalog.Find(p.Name)!.AuthSchemes;
            list.Add(new(p.Name, schemes[0].Kind.ToString(), key, p.Body, p.Headers));
            if (schemes.Any(s => s.Kind == AuthKind.ApiKeyQuery))
                list.Add(new(p.Name, "ApiKeyQuery", new UsageCredentials(Key) { PreferQueryApiKey = true }, p.Body, p.Headers));
        }
        return list;
    }

    // ---- what the hostile servers do --------------------------------------------------------------------------

    /// <summary>One misbehaviour; <c>echo</c> is every credential the request carried, as received (and Basic decoded).</summary>
    private sealed record Scenario(string Name, Func<HttpContext, Target, string, Task>? Http = null, Func<Target, string, byte[]>? Raw = null);

    private IReadOnlyList<Scenario> Scenarios()
    {
        var flaky = new ConcurrentDictionary<string, int>();
        return new Scenario[]
        {
            new("401 JSON, echo as is and JSON-escaped", (ctx, t, e) => FaultServer.Json(ctx,
                "{\"message\":" + JsonSerializer.Serialize("invalid key " + e) + ",\"detail\":{\"error\":\"key " + JsonAll(e) + "\"}}", 401)),
            new("403 text, echo URL-encoded in lower case", (ctx, t, e) => Text(ctx, 403, "text/plain", "Forbidden: " + UrlLower(e) + " lacks usage:read")),
            new("404 HTML, echo as HTML entities", (ctx, t, e) => Text(ctx, 404, "text/html", "<p>No account for " + HtmlEncoder.Default.Encode(e) + " nor " + HtmlDecimal(e) + "</p>")),
            new("429 JSON, every character escaped", (ctx, t, e) => FaultServer.Json(ctx, "{\"message\":\"" + JsonAll(e) + "\"}", 429, ("Retry-After", "0"))),
            new("500, echo in WWW-Authenticate, Set-Cookie, Location and a custom header", (ctx, t, e) => FaultServer.Json(ctx, "{\"message\":\"server error\"}", 500,
                ("WWW-Authenticate", "Bearer error=\"invalid_token\", key=\"" + e.Replace("\"", "'") + "\""), ("X-Echo", e), ("Set-Cookie", "sweep=" + Uri.EscapeDataString(e)),
                ("Location", _elsewhere.Url("steal?k=" + Uri.EscapeDataString(e)).ToString()))),
            new("999, echo in the body", (ctx, t, e) => Text(ctx, 999, "text/plain", "weird " + e)),
            new("400, echo in the reason phrase", (ctx, t, e) =>
            {
                ctx.Response.StatusCode = 400;
                ctx.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = "Bad key " + e;
                return Task.CompletedTask;
            }),
            new("200, echo in the body's key, plan and unknown fields and in headers", (ctx, t, e) => FaultServer.Json(ctx, Echoed(t, e), 200,
                t.Headers.Select(h => (h.Name, h.Name == "X-Plan-Tier" || h.Name == "X-Api-Surface" ? e : h.Value)).Append(("X-Echo", e)).ToArray())),
            new("200, echo in every encoding", (ctx, t, e) => FaultServer.Json(ctx,
                Echoed(t, e + " " + UrlLower(e) + " " + HtmlEncoder.Default.Encode(e) + " " + Uri.EscapeDataString(e)).Replace("\"api_key\":\"", "\"api_key\":\"" + JsonAll(e) + " "), 200, t.Headers)),
            new("200, wrong types holding the echo", (ctx, t, e) => FaultServer.Json(ctx, ReplaceNumbers(t.Body, JsonSerializer.Serialize(e)))),
            new("200 HTML, echo", (ctx, t, e) => Text(ctx, 200, "text/html", "<html>Welcome " + e + "</html>")),
            new("200, huge chunked body (over the limit), echo first", (ctx, t, e) => Huge(ctx, e)),
            new("200, 1 MB body, echo at the end", (ctx, t, e) => FaultServer.Json(ctx,
                Echoed(t, "x").Replace("{", "{\"pad\":\"" + new string('x', 1 << 20) + "\",\"late\":" + JsonSerializer.Serialize(e) + ",", StringComparison.Ordinal), 200, t.Headers)),
            new("200, truncated body with the echo", (ctx, t, e) => Truncated(ctx, Echoed(t, e))),
            new("302 to another origin, the key in the Location", (ctx, t, e) => Redirect(ctx, 302, _elsewhere.Url("steal?k=" + Uri.EscapeDataString(e)))),
            new("307 to another origin", (ctx, t, e) => Redirect(ctx, 307, _elsewhere.Url("steal"))),
            new("503 echoing then 200 echoing (retried)", (ctx, t, e) => flaky.AddOrUpdate(t.Prefix, 1, (_, n) => n + 1) % 2 == 1
                ? FaultServer.Json(ctx, "{\"message\":\"unavailable for " + e + "\"}", 503, ("Retry-After", "0"))
                : FaultServer.Json(ctx, Echoed(t, e), 200, t.Headers)),
            new("raw: invalid header line holding the echo", Raw: (t, e) => Ascii(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Echo " + e + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")),
            new("raw: invalid status line holding the echo", Raw: (t, e) => Ascii("HTTP/1.1 2x0 " + e + "\r\nConnection: close\r\n\r\n")),
            new("raw: header value with a control character and the echo", Raw: (t, e) => Ascii(
                "HTTP/1.1 401 Unauthorized\r\nX-Echo: \u0001" + e + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")),
            new("raw: status 999 with the echo as reason and body", Raw: (t, e) => Ascii(
                "HTTP/1.1 999 " + e + "\r\nContent-Type: text/plain\r\nContent-Length: " + e.Length + "\r\nConnection: close\r\n\r\n" + e)),
            new("raw: 200 cut off inside the echo", Raw: (t, e) => Ascii(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\nConnection: close\r\n\r\n{\"api_key\":\"" + e)),
        };
    }

    /// <summary>Every credential-looking thing a request carried, as received: what a hostile server can echo.</summary>
    private static string Echo(string target, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var parts = new List<string>();
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(value);
                if (value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
                    parts.Add(Encoding.UTF8.GetString(Convert.FromBase64String(value.Substring(6).Trim())));
            }
            else if (value.Contains("SWEEP", StringComparison.OrdinalIgnoreCase) || Uri.UnescapeDataString(value).Contains("SWEEP", StringComparison.Ordinal))
                parts.Add(value);
        }
        if (target.Contains("SWEEP", StringComparison.OrdinalIgnoreCase)) parts.Add(target);
        var decoded = Uri.UnescapeDataString(target);
        if (decoded != target && decoded.Contains("SWEEP", StringComparison.Ordinal)) parts.Add(decoded);
        return string.Join(" ", parts);
    }

    /// <summary>The target's 200 body with <paramref name="echo"/> in <c>api_key</c> and the plan (sweep specs) or an unknown field (launch specs).</summary>
    private static string Echoed(Target t, string echo) => t.Body == SweepBody
        ? "{\"plan\":" + JsonSerializer.Serialize("pro for " + echo) + ",\"api_key\":" + JsonSerializer.Serialize(echo) + ",\"credits_used\":10,\"credits_limit\":100,\"credits_remaining\":90}"
        : "{\"echo\":" + JsonSerializer.Serialize(echo) + "," + t.Body.TrimStart().Substring(1);

    private static string JsonAll(string s) => string.Concat(s.Select(c => "\\u" + ((int)c).ToString("x4")));

    private static string UrlLower(string s) => Regex.Replace(Uri.EscapeDataString(s), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());

    private static string HtmlDecimal(string s) => string.Concat(s.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : "&#" + (int)c + ";"));

    private static string ReplaceNumbers(string json, string replacement) => Regex.Replace(json, @"(?<=:\s*)-?\d+(\.\d+)?", replacement);

    private static byte[] Ascii(string s) => Encoding.Latin1.GetBytes(s);

    private static async Task Text(HttpContext ctx, int status, string contentType, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await ctx.Response.WriteAsync(body, ctx.RequestAborted);
    }

    private static Task Redirect(HttpContext ctx, int status, Uri location)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.Headers.Location = location.ToString();
        return Task.CompletedTask;
    }

    /// <summary>A chunked body (no length declared) of 17 MB, over the 16 MB limit, that starts with the echo.</summary>
    private static async Task Huge(HttpContext ctx, string echo)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync("{\"echo\":" + JsonSerializer.Serialize(echo) + ",\"pad\":\"", ctx.RequestAborted);
        var block = Encoding.ASCII.GetBytes(new string('x', 1 << 20));
        for (var i = 0; i < 17; i++) await ctx.Response.Body.WriteAsync(block, ctx.RequestAborted);
        await ctx.Response.WriteAsync("\"}", ctx.RequestAborted);
    }

    /// <summary>Declares the whole body, sends all but its last 10 bytes (the echo included), then drops the connection.</summary>
    private static async Task Truncated(HttpContext ctx, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length - 10), ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        ctx.Abort();
    }

    // ---- how a client reaches them ----------------------------------------------------------------------------

    private enum Pipeline
    {
        /// <summary>UsageGenHttpClient.Create: resilience over the no-redirect handler.</summary>
        UsageGenHttpClient,
        /// <summary>IHttpClientFactory, AddUsageGenResilience, RedactUsageGenSecrets(the provider's schemes).</summary>
        FactoryUsageGen,
        /// <summary>IHttpClientFactory over UsageGenHttp.CreateHandler, AddStandardResilienceHandler, RedactUsageGenSecrets() without schemes.</summary>
        FactoryStandardResilience,
        /// <summary>A plain <c>new HttpClient()</c>: follows redirects.</summary>
        PlainHttpClient,
        /// <summary>IHttpClientFactory with its default (redirect-following) primary handler, RedactUsageGenSecrets.</summary>
        FactoryDefaultHandler,
    }

    private static ServiceProvider Services(CapturingLoggerProvider capture, Pipeline pipeline, IEnumerable<Target> targets)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        foreach (var t in targets)
        {
            var schemes = UsageCatalog.Find(t.Provider)!.AuthSchemes;
            var name = pipeline + "-" + t.Prefix;
            switch (pipeline)
            {
                case Pipeline.FactoryUsageGen:
                    services.AddHttpClient(name)
                        .AddUsageGenResilience(o => { o.BaseDelay = TimeSpan.FromMilliseconds(1); o.MaxAttempts = 2; o.AttemptTimeout = TimeSpan.FromSeconds(5); o.Timeout = TimeSpan.FromSeconds(10); })
                        .RedactUsageGenSecrets(schemes);
                    break;
                case Pipeline.FactoryStandardResilience:
                    services.AddHttpClient(name)
                        .ConfigurePrimaryHttpMessageHandler(UsageGenHttp.CreateHandler)
                        .AddStandardResilienceHandler(o =>
                        {
                            o.Retry.Delay = TimeSpan.FromMilliseconds(1);
                            o.Retry.MaxRetryAttempts = 1;
                            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
                            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(20);
                            o.CircuitBreaker.MinimumThroughput = 100_000;
                        });
                    services.AddHttpClient(name).RedactUsageGenSecrets();
                    break;
                case Pipeline.FactoryDefaultHandler:
                    services.AddHttpClient(name).RedactUsageGenSecrets(schemes);
                    break;
            }
        }
        return services.BuildServiceProvider();
    }

    private static HttpClient Client(ServiceProvider services, Pipeline pipeline, Target t, Uri root)
    {
        var baseAddress = new Uri(root, t.Prefix);
        switch (pipeline)
        {
            case Pipeline.UsageGenHttpClient:
                return UsageGenHttpClient.Create(baseAddress, new UsageGenHttpOptions
                {
                    BaseDelay = TimeSpan.FromMilliseconds(1), MaxAttempts = 2, AttemptTimeout = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(10),
                });
            case Pipeline.PlainHttpClient:
                return new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
            default:
                var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(pipeline + "-" + t.Prefix);
                http.BaseAddress = baseAddress;
                return http;
        }
    }

    // ---- the sweep ---------------------------------------------------------------------------------------------

    private sealed class Findings
    {
        public int Texts;
        public int Occurrences;
        public readonly List<string> Examples = new();
        private readonly Dictionary<string, int> _examplesPerPlace = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> ByPlace = new(StringComparer.Ordinal);

        public void Check(string where, string text)
        {
            Texts++;
            var n = Count(text);
            if (n == 0) return;
            Occurrences += n;
            var place = where.Substring(where.LastIndexOf('|') + 1);
            ByPlace[place] = ByPlace.GetValueOrDefault(place) + n;
            var shown = _examplesPerPlace[place] = _examplesPerPlace.GetValueOrDefault(place) + 1;
            if (shown <= 2 && Examples.Count < 40) Examples.Add(where + ": " + (text.Length > 300 ? text.Substring(0, 300) + "..." : text).Replace('\n', ' '));
        }
    }

    /// <summary>Occurrences of any credential form in <paramref name="text"/>, read as is and with JSON, percent and HTML escapes decoded.</summary>
    public static int Count(string text)
    {
        var json = Regex.Replace(text, @"\\u([0-9a-fA-F]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString()).Replace("\\/", "/");
        var variants = new[] { text, json, Uri.UnescapeDataString(text), Uri.UnescapeDataString(json), WebUtility.HtmlDecode(text), WebUtility.HtmlDecode(Uri.UnescapeDataString(text)) };
        return variants.Max(v => Detect.Sum(forms => forms.Max(f => Leaks.Count(v, f))));
    }

    [Fact]
    public async Task No_credential_form_appears_anywhere_for_any_auth_style()
    {
        var findings = new Findings();
        var capture = new CapturingLoggerProvider();
        var targets = Targets();
        var scenarios = Scenarios();
        var pipelines = Enum.GetValues<Pipeline>();
        var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var untyped = new List<string>();
        var calls = 0;

        foreach (var pipeline in pipelines)
        {
            await using var services = Services(capture, pipeline, targets);
            foreach (var scenario in scenarios)
            {
                foreach (var target in targets)
                {
                    if (scenario.Http is { } http)
                        _server.Handler = ctx =>
                        {
                            var echo = Echo(ctx.Request.Path + ctx.Request.QueryString, ctx.Request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))));
                            if (echo.Length > 0) received.AddOrUpdate(target.ToString(), 1, (_, n) => n + 1);
                            return http(ctx, target, echo);
                        };
                    else
                        _raw.Responder = request =>
                        {
                            var echo = Echo(request.Target, request.Headers);
                            if (echo.Length > 0) received.AddOrUpdate(target.ToString(), 1, (_, n) => n + 1);
                            return scenario.Raw!(target, echo);
                        };
                    using var client = Client(services, pipeline, target, scenario.Http is not null ? _server.BaseAddress : _raw.BaseAddress);
                    var where = $"{pipeline}|{scenario.Name}|{target}|";
                    calls++;
                    try
                    {
                        var snapshot = await UsageCatalog.Create(target.Provider, client, target.Credentials).GetUsageAsync();
                        foreach (var (sink, text) in Leaks.Of(snapshot)) findings.Check(where + sink, text);
                    }
                    catch (Exception e)
                    {
                        if (e is not UsageGenException) untyped.Add(where + e.GetType().Name);
                        foreach (var (sink, text) in Leaks.Of(e)) findings.Check(where + sink, text);
                    }
                }
            }
        }
        // Polly's own telemetry (AddStandardResilienceHandler) logs the exceptions it handles, messages included: not
        // UsageGen's text and not something a handler can mask (README: raise the "Polly" category to Error). Counted apart.
        var thirdParty = new Findings();
        foreach (var line in capture.Lines)
            (line.Category.StartsWith("Polly", StringComparison.Ordinal) ? thirdParty : findings).Check("log|" + line.Category, line.All);
        foreach (var seen in _elsewhere.Seen) findings.Check("another origin|request", seen);

        _output.WriteLine($"secret sweep: {findings.Texts} texts, {findings.Occurrences} occurrences " +
                          $"({calls} calls: {targets.Count} auth styles x {scenarios.Count} hostile answers x {pipelines.Length} pipelines; {capture.Lines.Count} log lines; " +
                          $"{_elsewhere.TotalRequests} requests reached the other origin; {untyped.Count} untyped exceptions)");
        _output.WriteLine($"not UsageGen's: Polly telemetry of AddStandardResilienceHandler, {thirdParty.Texts} log lines, {thirdParty.Occurrences} occurrences " +
                          "(exception messages of invalid answers; see README)");
        foreach (var p in findings.ByPlace.OrderByDescending(p => p.Value)) _output.WriteLine($"  by place {p.Key}: {p.Value}");
        foreach (var e in findings.Examples) _output.WriteLine("  LEAK " + e);
        foreach (var u in untyped.Take(10)) _output.WriteLine("  untyped " + u);

        Assert.Equal(0, findings.Occurrences);
        Assert.Empty(untyped);
        Assert.Equal(0, _elsewhere.TotalRequests);
        // The sweep is real: every style's credential reached the servers, and the logging was wired.
        foreach (var t in targets) Assert.True(received.GetValueOrDefault(t.ToString()) > scenarios.Count, t + " was never sent its credential");
        Assert.True(capture.Lines.Count > 1000, "too few log lines: " + capture.Lines.Count);
    }

    [Fact]
    public async Task An_Authorization_scheme_word_shown_in_the_spec_is_sent_and_a_raw_key_is_sent_raw()
    {
        var seen = new ConcurrentQueue<string>();
        _server.Handler = ctx =>
        {
            seen.Enqueue(ctx.Request.Headers.Authorization.ToString());
            return FaultServer.Json(ctx, SweepBody);
        };
        foreach (var provider in new[] { "SweepAuthWord", "SweepAuthRaw" })
        {
            using var http = UsageGenHttp.CreateClient(_server.Url(provider.ToLowerInvariant() + "/"));
            Assert.Equal(10m, (await UsageCatalog.Create(provider, http, new UsageCredentials(Key)).GetUsageAsync()).CreditsUsed);
        }

        Assert.Equal(new[] { "Sweep-Auth-Key " + Key, Key }, seen.ToArray());
        Assert.Equal("Sweep-Auth-Key", UsageCatalog.Find("SweepAuthWord")!.AuthSchemes.Single().Prefix);
        Assert.Null(UsageCatalog.Find("SweepAuthRaw")!.AuthSchemes.Single().Prefix);
    }

    [Fact]
    public void The_detector_finds_every_form_it_must()
    {
        foreach (var s in new[] { Key, Password, Basic64 })
        {
            Assert.Equal(1, Count("x " + s + " y"));
            Assert.Equal(1, Count(JsonAll(s)));
            Assert.Equal(1, Count(UrlLower(s)));
            Assert.Equal(1, Count(HtmlEncoder.Default.Encode(s)));
            Assert.Equal(1, Count(HtmlDecimal(s)));
            Assert.Equal(1, Count(s.Substring(0, 12) + "...")); // cut off
        }
        Assert.Equal(0, Count("sk+*** pw+*** nothing"));
    }
}
