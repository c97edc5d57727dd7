using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace UsageGen.Runtime;

/// <summary>A response as received: status, headers and the whole body.</summary>
/// <remarks>
/// A body read by <see cref="HttpCall.SendAsync"/> lives in a buffer rented from <see cref="ArrayPool{T}.Shared"/>.
/// It is handed back, and <see cref="Body"/> becomes empty, once <c>HttpCall.ParseBody</c> has parsed it or
/// <see cref="HttpCall.StatusError"/> has turned it into an exception, or when <see cref="ReleaseBody"/> is called:
/// copy it first (<c>Body.ToArray()</c>) to keep it. Never hold on to <see cref="Body"/> past that point.
/// </remarks>
public sealed class HttpCallResult
{
    private ReadOnlyMemory<byte> _body;
    private byte[]? _pooled;

    /// <summary>A result over <paramref name="body"/> as given (not pooled: <see cref="ReleaseBody"/> only forgets it).</summary>
    public HttpCallResult(HttpStatusCode status, HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, byte[] body, DateTimeOffset receivedAt)
        : this(status, headers, contentHeaders, body ?? throw new ArgumentNullException(nameof(body)), body.Length, pooled: false, receivedAt)
    {
    }

    internal HttpCallResult(HttpStatusCode status, HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, byte[] buffer, int length, bool pooled, DateTimeOffset receivedAt)
    {
        Status = status;
        Headers = headers;
        ContentHeaders = contentHeaders;
        _body = new ReadOnlyMemory<byte>(buffer, 0, length);
        _pooled = pooled ? buffer : null;
        ReceivedAt = receivedAt;
    }

    public HttpStatusCode Status { get; }
    public HttpResponseHeaders Headers { get; }
    public HttpContentHeaders? ContentHeaders { get; }

    /// <summary>The body; empty once released (see the remarks on <see cref="HttpCallResult"/>).</summary>
    public ReadOnlyMemory<byte> Body => _body;

    public DateTimeOffset ReceivedAt { get; }
    public bool IsSuccess => (int)Status >= 200 && (int)Status <= 299;

    /// <summary>True once the body has been released: <see cref="Body"/> is then empty.</summary>
    public bool IsBodyReleased { get; private set; }

    /// <summary>A response or content header's values joined by a comma, or null.</summary>
    public string? GetHeader(string name) => HttpCall.GetHeader(Headers, ContentHeaders, name);

    /// <summary>
    /// Empties <see cref="Body"/> and returns a pooled buffer to the pool, its bytes cleared (an error body may echo a
    /// credential; the next renter must not see it). Safe to call more than once.
    /// </summary>
    public void ReleaseBody()
    {
        var length = _body.Length;
        _body = ReadOnlyMemory<byte>.Empty;
        IsBodyReleased = true;
        if (Interlocked.Exchange(ref _pooled, null) is { } buffer) HttpCall.ReturnCleared(buffer, length);
    }
}

/// <summary>Everything a generated client needs to say who failed and what to hide.</summary>
public sealed class OperationContext
{
    public OperationContext(string provider, string operation, UsageCredentials? credentials)
    {
        Provider = provider;
        Operation = operation;
        Redactor = UsageGenRedactor.For(credentials);
    }

    public string Provider { get; }
    public string Operation { get; }

    /// <summary>The clock for the body's deadline and the time an answer was received; the system's, or a test's.</summary>
    internal TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>What is masked for this operation's credentials (see <see cref="UsageGenRedactor"/>).</summary>
    public UsageGenRedactor Redactor { get; }

    /// <summary>Removes every credential from <paramref name="text"/>.</summary>
    public string Redact(string text) => Redactor.Redact(text);
}

/// <summary>The last URI one operation of one generated client built (see <see cref="HttpCall.BuildUri(UriCache, Uri?, string?, string, IReadOnlyList{KeyValuePair{string, string?}}?)"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class UriCache
{
    internal sealed class Entry
    {
        public Entry(Uri? clientBase, string? specServer, string path, Uri uri)
        {
            ClientBase = clientBase;
            SpecServer = specServer;
            Path = path;
            Uri = uri;
        }

        public readonly Uri? ClientBase;
        public readonly string? SpecServer;
        public readonly string Path;
        public readonly Uri Uri;
    }

    private volatile Entry? _last;

    /// <summary>Replaced whole, never changed in place: concurrent calls see one entry or the other.</summary>
    internal Entry? Last { get => _last; set => _last = value; }
}

/// <summary>Sending, reading and failing for generated clients; every failure is a <see cref="UsageGenException"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HttpCall
{
    /// <summary>Bodies larger than this are refused (a usage response is a few kilobytes).</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>
    /// <see cref="BuildUri(Uri?, string?, string, IReadOnlyList{KeyValuePair{string, string?}}?)"/> for a call without
    /// query parameters reuses the URI it built last time through <paramref name="cache"/> while the base address, the
    /// spec server and the path are the same (a <see cref="Uri"/> is immutable and safe to share).
    /// </summary>
    public static Uri BuildUri(UriCache cache, Uri? clientBase, string? specServer, string path, IReadOnlyList<KeyValuePair<string, string?>>? query)
    {
        if (query is not null && query.Count > 0) return BuildUri(clientBase, specServer, path, query);
        if (cache.Last is { } last && ReferenceEquals(last.ClientBase, clientBase) && string.Equals(last.SpecServer, specServer, StringComparison.Ordinal)
            && string.Equals(last.Path, path, StringComparison.Ordinal))
            return last.Uri;
        var uri = BuildUri(clientBase, specServer, path, null);
        cache.Last = new UriCache.Entry(clientBase, specServer, path, uri);
        return uri;
    }

    /// <summary>Joins a base address and a spec path without losing the base's own path.</summary>
    public static Uri BuildUri(Uri? clientBase, string? specServer, string path, IReadOnlyList<KeyValuePair<string, string?>>? query)
    {
        var baseText = clientBase?.AbsoluteUri ?? specServer
            ?? throw new InvalidOperationException("No base address: set HttpClient.BaseAddress; the spec declares no server.");
        var end = baseText.Length;
        while (end > 0 && baseText[end - 1] == '/') end--;
        var start = 0;
        while (start < path.Length && path[start] == '/') start++;
        var hasQuery = false;
        if (query is not null)
            foreach (var pair in query)
                if (pair.Value is not null) { hasQuery = true; break; }
        if (!hasQuery)
        {
#if NET5_0_OR_GREATER
            return new Uri(string.Concat(baseText.AsSpan(0, end), "/", path.AsSpan(start)), UriKind.Absolute);
#else
            return new Uri(baseText.Substring(0, end) + "/" + path.Substring(start), UriKind.Absolute);
#endif
        }
        // One pre-sized builder, no trimmed copies of the base or the path.
        var sb = new StringBuilder(end + 1 + path.Length - start + 64);
        sb.Append(baseText, 0, end).Append('/').Append(path, start, path.Length - start);
        var first = true;
        foreach (var pair in query!)
        {
            if (pair.Value is null) continue;
            sb.Append(first ? '?' : '&').Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value));
            first = false;
        }
        return new Uri(sb.ToString(), UriKind.Absolute);
    }

    /// <summary>Sends <paramref name="request"/> and reads the whole body; never throws anything but ours or the caller's cancellation.</summary>
    /// <remarks>
    /// The body is pooled: see <see cref="HttpCallResult"/>. A <see cref="ValueTask{TResult}"/>: await it once; a call
    /// that completes synchronously (an in-memory handler) allocates no task.
    /// </remarks>
    public static async ValueTask<HttpCallResult> SendAsync(HttpClient http, HttpRequestMessage request, OperationContext context, CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        CancellationTokenSource? deadline = null;
        ITimer? deadlineTimer = null;
        var time = context.Time;
        var started = time.GetTimestamp();
        try
        {
            var origin = request.RequestUri;
            var redactor = context.Redactor;
            if (!redactor.IsEmpty)
            {
                RedirectGuard.ThrowIfCredentialWouldFollowRedirect(http, request, context);
                // A key in the URI (query or path) is seen by every handler, logger and DiagnosticListener below: tell
                // ours what it is, since no name gives a path key away.
                if (origin is not null && redactor.Contains(origin.OriginalString)) redactor.AttachTo(request);
            }
            // HttpClient.Timeout bounds the headers itself (its own timer); no linked source of ours is needed here.
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            // A handler that follows redirects was let through (no credential a redirect would carry, or a handler we
            // cannot see through): still never trust or read an answer from another origin. The other origin's name
            // is not quoted: the server chose it.
            if (origin is not null && response.RequestMessage?.RequestUri is { } final && !SameOrigin(origin, final))
                throw new UsageGenTransportException(context.Provider, context.Operation,
                    $"{context.Provider} {context.Operation}: the answer was redirected to another origin; refused. " +
                    "Use a handler that does not follow redirects (UsageGenHttp.CreateHandler()).");
            if (!redactor.IsEmpty) Scrub(response.Headers, redactor);
            var content = response.Content;
            if (content is null)
                return new HttpCallResult(response.StatusCode, response.Headers, null, System.Array.Empty<byte>(), 0, pooled: false, time.GetUtcNow());
            if (!redactor.IsEmpty) Scrub(content.Headers, redactor);
#if NET5_0_OR_GREATER
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            using (stream)
            {
                // An in-memory body knows its exact length (and reading it parses no Content-Length header).
                var declared = stream is MemoryStream memory && memory.CanSeek ? memory.Length - memory.Position : content.Headers.ContentLength;
                if (declared is > MaxBodyBytes)
                    throw new BodyTooLargeException($"the body is {declared} bytes, over the {MaxBodyBytes} byte limit");
                // HttpClient's timer stops at the headers: the body is read under what is left of the same deadline, so
                // a server that sends headers and then stalls cannot hang the call. A body already in memory (a
                // buffered response, ByteArrayContent) cannot stall and needs no timer.
                var token = cancellationToken;
                if (http.Timeout != Timeout.InfiniteTimeSpan && stream is not MemoryStream)
                {
                    var left = http.Timeout - time.GetElapsedTime(started);
                    if (left <= TimeSpan.Zero) throw new OperationCanceledException();
                    deadline = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
                    deadlineTimer = time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), deadline, left, Timeout.InfiniteTimeSpan);
                    token = deadline.Token;
                }
                var (buffer, length) = await ReadBodyAsync(stream, declared, token).ConfigureAwait(false);
                // The body may echo a credential (an account endpoint returning the caller's api_key, an error quoting
                // it): it is masked here, before anything parses, quotes or keeps the body.
                if (!redactor.IsEmpty) (buffer, length) = ScrubBody(buffer, length, redactor);
                return new HttpCallResult(response.StatusCode, response.Headers, content.Headers, buffer, length, pooled: buffer.Length > 0, time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            throw new UsageGenTimeoutException(context.Provider, context.Operation,
                $"{context.Provider} {context.Operation}: no answer within the client's timeout ({Seconds(http.Timeout)}).", RedactedException.From(e, context.Redactor));
        }
        catch (HttpRequestException e)
        {
            throw new UsageGenTransportException(context.Provider, context.Operation,
                $"{context.Provider} {context.Operation}: the request failed before an HTTP answer: {TransportReason(e)}.", RedactedException.From(e, context.Redactor));
        }
        catch (IOException e)
        {
            throw new UsageGenTransportException(context.Provider, context.Operation,
                $"{context.Provider} {context.Operation}: the connection broke while reading the answer: {TransportReason(e)}.", RedactedException.From(e, context.Redactor));
        }
        catch (UsageGenException)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutException || e.GetType().FullName == "Polly.Timeout.TimeoutRejectedException")
        {
            // A resilience pipeline's timeout (AddStandardResilienceHandler) is still a timeout.
            throw new UsageGenTimeoutException(context.Provider, context.Operation,
                $"{context.Provider} {context.Operation}: no answer in time ({e.GetType().Name}).", RedactedException.From(e, context.Redactor));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new UsageGenTransportException(context.Provider, context.Operation,
                $"{context.Provider} {context.Operation}: the request could not be completed: {TransportReason(e)}.", RedactedException.From(e, context.Redactor));
        }
        finally
        {
            deadlineTimer?.Dispose();
            deadline?.Dispose();
            response?.Dispose();
            request.Dispose();
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>
    /// Reads the whole body into a buffer rented from <see cref="ArrayPool{T}.Shared"/>: with a declared length one
    /// buffer of that size (plus one byte to see a body longer than declared), else one that doubles as it fills. On
    /// any failure the buffer is dropped, not returned: a read that did not finish might still write into it.
    /// </summary>
    private static async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync(Stream stream, long? declared, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } d and >= 0 ? (int)d + 1 : 4096);
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (filled > MaxBodyBytes) throw new BodyTooLargeException($"the body is over the {MaxBodyBytes} byte limit");
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, MaxBodyBytes + 1L));
                Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                ReturnCleared(buffer, filled);
                buffer = larger;
            }
#if NET5_0_OR_GREATER
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
#else
            var read = await stream.ReadAsync(buffer, filled, buffer.Length - filled, cancellationToken).ConfigureAwait(false);
#endif
            if (read == 0) break;
            filled += read;
            if (filled > MaxBodyBytes) throw new BodyTooLargeException($"the body is over the {MaxBodyBytes} byte limit");
        }
        if (filled > 0) return (buffer, filled);
        ArrayPool<byte>.Shared.Return(buffer);
        return (System.Array.Empty<byte>(), 0);
    }

    /// <summary>Clears the first <paramref name="used"/> bytes (the rest were never written by us) and returns the buffer.</summary>
    internal static void ReturnCleared(byte[] buffer, int used)
    {
        System.Array.Clear(buffer, 0, Math.Min(used, buffer.Length));
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Parses a success body, turning any reading failure into <see cref="UsageGenMalformedResponseException"/>.</summary>
    public static T ParseBody<T>(HttpCallResult result, OperationContext context, JsonValueReader<T> read)
    {
        try
        {
            // The reader copies every string and number out of the body; nothing parsed points into the buffer.
            return JsonRead.Parse(result.Body.Span, read);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw Malformed(result, context, e);
        }
        finally
        {
            result.ReleaseBody();
        }
    }

    /// <inheritdoc cref="ParseBody{T}(HttpCallResult, OperationContext, JsonValueReader{T})"/>
    public static T ParseBody<T>(HttpCallResult result, OperationContext context, JsonCodec<T> codec) => ParseBody(result, context, codec.Whole);

    private static bool IsReadFailure(Exception e) =>
        e is JsonReadException or System.Text.Json.JsonException or FormatException or OverflowException or InvalidOperationException or ArgumentException or DecoderFallbackException;

    private static UsageGenMalformedResponseException Malformed(HttpCallResult result, OperationContext context, Exception e)
    {
        var where = (e as JsonReadException)?.Where;
        var what = e is JsonReadException ? e.Message : "invalid JSON (" + FirstSentence(e.Message) + ")";
        var contentType = result.ContentHeaders?.ContentType?.MediaType;
        var hint = contentType is not null && contentType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0 ? $" (content type {contentType})" : "";
        return new UsageGenMalformedResponseException(context.Provider, context.Operation, result.Status,
            $"{context.Provider} {context.Operation}: HTTP {(int)result.Status} body does not match the spec{hint}: {context.Redact(what)}" +
            (where is null or "$" ? "" : $" at '{where}'") + $". Body: {Excerpt(result.Body, context)}",
            where)
        { BodyExcerpt = Excerpt(result.Body, context) };
    }

    /// <summary>Parses an error body when the spec documents one; null when absent or unreadable.</summary>
    public static object? TryParseError<T>(HttpCallResult result, JsonValueReader<T> read)
    {
        if (result.Body.Length == 0) return null;
        try { return JsonRead.Parse(result.Body.Span, read); }
        catch (Exception e) when (IsReadFailure(e))
        {
            return null;
        }
    }

    /// <inheritdoc cref="TryParseError{T}(HttpCallResult, JsonValueReader{T})"/>
    public static object? TryParseError<T>(HttpCallResult result, JsonCodec<T> codec) => TryParseError(result, codec.Whole);

    /// <summary>The exception for a non-success status: auth (401/403), rate limit (429), or the general one. Releases the body.</summary>
    public static UsageGenHttpException StatusError(HttpCallResult result, OperationContext context, object? error, string? description)
    {
        var status = (int)result.Status;
        var retryAfter = RetryAfter(result);
        var excerpt = Excerpt(result.Body, context);
        var providerMessage = ErrorMessage(result.Body, context);
        result.ReleaseBody();
        var message = new StringBuilder()
            .Append(context.Provider).Append(' ').Append(context.Operation).Append(": HTTP ").Append(status)
            .Append(description is null ? "" : " (" + description.Trim() + ")");
        if (providerMessage is not null) message.Append(": ").Append(providerMessage);
        if (retryAfter is { } ra) message.Append(". Retry after ").Append(Seconds(ra));
        message.Append('.');
        var text = context.Redact(message.ToString());
        UsageGenHttpException ex = status switch
        {
            401 or 403 => new UsageGenAuthenticationException(context.Provider, context.Operation, result.Status, text, error, retryAfter),
            429 => new UsageGenRateLimitException(context.Provider, context.Operation, result.Status, text, error, retryAfter),
            _ => new UsageGenHttpException(context.Provider, context.Operation, result.Status, text, error, retryAfter),
        };
        return With(ex, excerpt);
    }

    private static T With<T>(T ex, string excerpt) where T : UsageGenException
    {
        ex.BodyExcerpt = excerpt;
        return ex;
    }

    /// <summary><c>Retry-After</c> as seconds or an HTTP date, as a delay from now.</summary>
    public static TimeSpan? RetryAfter(HttpCallResult result)
    {
        var ra = result.Headers.RetryAfter;
        if (ra?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (ra?.Date is { } date)
        {
            var wait = date - result.ReceivedAt;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>The body's first 200 characters, one line, credentials removed.</summary>
    public static string Excerpt(ReadOnlyMemory<byte> body, OperationContext context)
    {
        if (body.Length == 0) return "(empty)";
        var head = body.Slice(0, Math.Min(body.Length, 600));
        var text = MemoryMarshal.TryGetArray(head, out var segment)
            ? Encoding.UTF8.GetString(segment.Array!, segment.Offset, segment.Count)
            : Encoding.UTF8.GetString(head.ToArray());
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(char.IsControl(c) ? ' ' : c);
        var flat = context.Redact(sb.ToString().Trim());
        return flat.Length <= 200 ? flat : flat.Substring(0, 200) + "...";
    }

    /// <summary>The provider's own message from a JSON error body (<c>message</c>, <c>error</c>, <c>detail</c>...).</summary>
    public static string? ErrorMessage(ReadOnlyMemory<byte> body, OperationContext context)
    {
        if (body.Length == 0) return null;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            var found = FindMessage(doc.RootElement, 0);
            if (found is null) return null;
            return context.Redact(found.Length <= 200 ? found : found.Substring(0, 200) + "...");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static readonly string[] MessageNames = { "message", "error", "detail", "error_description", "title", "msg", "errors", "status" };

    private static string? FindMessage(System.Text.Json.JsonElement e, int depth)
    {
        if (depth > 4) return null;
        switch (e.ValueKind)
        {
            case System.Text.Json.JsonValueKind.String:
                return e.GetString();
            case System.Text.Json.JsonValueKind.Object:
                foreach (var name in MessageNames)
                    foreach (var p in e.EnumerateObject())
                        if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && FindMessage(p.Value, depth + 1) is { } m)
                            return m;
                return null;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                    if (FindMessage(item, depth + 1) is { } m) return m;
                return null;
            default:
                return null;
        }
    }

    public static string? GetHeader(HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, string name)
    {
#if NET6_0_OR_GREATER
        // The values as received: no parsing, and a single value is returned as stored, without a copy.
        if (headers.NonValidated.TryGetValues(name, out var raw) || (contentHeaders is not null && contentHeaders.NonValidated.TryGetValues(name, out raw)))
        {
            if (raw.Count == 1)
                foreach (var only in raw) return only;
            var joined = new StringBuilder();
            var first = true;
            foreach (var value in raw)
            {
                if (!first) joined.Append(',');
                joined.Append(value);
                first = false;
            }
            return joined.ToString();
        }
        return null;
#else
        if (headers.TryGetValues(name, out var values) || (contentHeaders is not null && contentHeaders.TryGetValues(name, out values)))
            return string.Join(",", values);
        return null;
#endif
    }

    /// <summary>A header parsed as a number, or null when absent or not a number.</summary>
    public static decimal? GetHeaderDecimal(HttpCallResult result, string name) =>
        decimal.TryParse(result.GetHeader(name)?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static long? GetHeaderInt64(HttpCallResult result, string name) =>
        long.TryParse(result.GetHeader(name)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null;

    public static bool? GetHeaderBoolean(HttpCallResult result, string name) =>
        bool.TryParse(result.GetHeader(name)?.Trim(), out var b) ? b : null;

    public static DateTimeOffset? GetHeaderDateTime(HttpCallResult result, string name) =>
        JsonRead.TryParseDateTime(result.GetHeader(name), out var d) ? d : null;

    /// <summary>
    /// Why a transport failed, in our words: the runtime's classification of the error, never the exception's message
    /// (which may quote the server's bytes, such as an invalid header line).
    /// </summary>
    internal static string TransportReason(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is BodyTooLargeException) return x.Message;
#if NET8_0_OR_GREATER
            if (x is HttpRequestException h && h.HttpRequestError != HttpRequestError.Unknown) return Reason(h.HttpRequestError);
            if (x is HttpIOException io && io.HttpRequestError != HttpRequestError.Unknown) return Reason(io.HttpRequestError);
#endif
            if (x is System.Net.Sockets.SocketException se) return "socket error " + se.SocketErrorCode;
            if (x is System.Security.Authentication.AuthenticationException) return "the TLS handshake failed";
        }
        return e is IOException ? "the stream failed (" + e.GetType().Name + ")" : e.GetType().Name;
    }

#if NET8_0_OR_GREATER
    private static string Reason(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved",
        HttpRequestError.ConnectionError => "no connection could be made",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.HttpProtocolError => "the answer broke the HTTP protocol",
        HttpRequestError.ExtendedConnectNotSupported => "the server does not support extended CONNECT",
        HttpRequestError.VersionNegotiationError => "no HTTP version could be agreed",
        HttpRequestError.UserAuthenticationError => "the handler's own credentials were refused",
        HttpRequestError.ProxyTunnelError => "the proxy tunnel failed",
        HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
        HttpRequestError.ResponseEnded => "the connection closed before the answer ended",
        HttpRequestError.ConfigurationLimitExceeded => "the answer exceeded a configured limit (such as the header size)",
        _ => "HTTP error " + error,
    };
#endif

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The body with every credential form masked. Bytes that cannot hold one are returned as they are (the usual case:
    /// one vectorized search per form). A JSON body is masked inside its strings only, so it stays valid JSON and a
    /// number that happens to equal a short key is left alone; other text is masked throughout; bytes that are not
    /// UTF-8 have the forms' UTF-8 bytes replaced. A changed body lives in a new pooled buffer; the old one is cleared.
    /// </summary>
    internal static (byte[] Buffer, int Length) ScrubBody(byte[] buffer, int length, UsageGenRedactor redactor)
    {
        if (length == 0 || !redactor.MayOccurIn(new ReadOnlySpan<byte>(buffer, 0, length))) return (buffer, length);
        string text;
        try { text = StrictUtf8.GetString(buffer, 0, length); }
        catch (DecoderFallbackException) { return (buffer, ReplaceBytes(buffer, length, redactor)); }
        var scrubbed = LooksLikeJson(text) ? RedactJsonStrings(text, redactor) : redactor.Redact(text);
        if (ReferenceEquals(scrubbed, text)) return (buffer, length);
        var count = Encoding.UTF8.GetByteCount(scrubbed);
        var fresh = ArrayPool<byte>.Shared.Rent(Math.Max(count, 1));
        var written = Encoding.UTF8.GetBytes(scrubbed, 0, scrubbed.Length, fresh, 0);
        ReturnCleared(buffer, length);
        return (fresh, written);
    }

    private static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (c == '\uFEFF' || char.IsWhiteSpace(c)) continue;
            return c == '{' || c == '[' || c == '"';
        }
        return false;
    }

    /// <summary>
    /// Masks credentials inside the JSON strings of <paramref name="json"/> (property names and values), nowhere else.
    /// A string with escapes is decoded first, so a key escaped in any way, or escaped inside another encoding
    /// (<c>\u0026#x2B;</c>, an HTML reference written with a JSON escape), is seen as the server meant it; a string
    /// that changed is written back with only the escapes JSON requires.
    /// </summary>
    internal static string RedactJsonStrings(string json, UsageGenRedactor redactor)
    {
        StringBuilder? sb = null;
        var copied = 0;
        var i = 0;
        while ((i = json.IndexOf('"', i)) >= 0)
        {
            var end = i + 1;
            while (end < json.Length && json[end] != '"') end += json[end] == '\\' ? 2 : 1;
            if (end > json.Length) end = json.Length;
            var inner = json.Substring(i + 1, end - i - 1);
            string? replacement = null;
            if (inner.IndexOf('\\') < 0)
            {
                var masked = redactor.Redact(inner);
                if (!ReferenceEquals(masked, inner)) replacement = masked;
            }
            else if (TryUnescapeJson(inner, out var value))
            {
                var masked = redactor.Redact(value);
                if (!ReferenceEquals(masked, value)) replacement = EscapeJson(masked);
            }
            else
            {
                var masked = redactor.Redact(inner);
                if (!ReferenceEquals(masked, inner)) replacement = masked;
            }
            if (replacement is not null)
            {
                sb ??= new StringBuilder(json.Length);
                sb.Append(json, copied, i + 1 - copied).Append(replacement);
                copied = end;
            }
            i = end + 1;
            if (i >= json.Length) break;
        }
        return sb is null ? json : sb.Append(json, copied, json.Length - copied).ToString();
    }

    private static bool TryUnescapeJson(string inner, out string value)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse("\"" + inner + "\"");
            value = doc.RootElement.GetString() ?? "";
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            value = inner;
            return false;
        }
    }

    private static string EscapeJson(string value) =>
        System.Text.Json.JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

    /// <summary>For bytes that are not UTF-8: each form's UTF-8 bytes, as they are, become <c>***</c>. Returns the new length.</summary>
    private static int ReplaceBytes(byte[] buffer, int length, UsageGenRedactor redactor)
    {
        var mask = Encoding.ASCII.GetBytes(UsageGenRedactor.Mask);
        foreach (var form in redactor.Utf8Forms)
        {
            if (form.Length < mask.Length) continue;
            int at;
            while ((at = new ReadOnlySpan<byte>(buffer, 0, length).IndexOf(form.AsSpan())) >= 0)
            {
                Buffer.BlockCopy(mask, 0, buffer, at, mask.Length);
                Buffer.BlockCopy(buffer, at + form.Length, buffer, at + mask.Length, length - at - form.Length);
                length -= form.Length - mask.Length;
            }
        }
        return length;
    }

    /// <summary>Masks credentials echoed in response headers (a <c>WWW-Authenticate</c>, <c>Location</c> or custom header quoting the key), in place.</summary>
    internal static void Scrub(HttpHeaders headers, UsageGenRedactor redactor)
    {
        List<KeyValuePair<string, List<string>>>? changed = null;
#if NET6_0_OR_GREATER
        foreach (var header in headers.NonValidated)
#else
        foreach (var header in headers)
#endif
        {
            var hit = false;
            foreach (var value in header.Value)
                if (redactor.Contains(value)) { hit = true; break; }
            if (!hit) continue;
            var values = new List<string>();
            foreach (var value in header.Value) values.Add(redactor.Redact(value));
            (changed ??= new List<KeyValuePair<string, List<string>>>()).Add(new KeyValuePair<string, List<string>>(header.Key, values));
        }
        if (changed is null) return;
        foreach (var pair in changed)
        {
            headers.Remove(pair.Key);
            headers.TryAddWithoutValidation(pair.Key, pair.Value);
        }
    }

    private static string Seconds(TimeSpan t) =>
        t == Timeout.InfiniteTimeSpan ? "infinite" : t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string FirstSentence(string m)
    {
        var i = m.IndexOf(". ", StringComparison.Ordinal);
        return i > 0 ? m.Substring(0, i) : m;
    }
}

/// <summary>A body over <see cref="HttpCall.MaxBodyBytes"/>: not a transient failure, so not retried; its message is ours, so it may be quoted.</summary>
internal sealed class BodyTooLargeException : IOException
{
    public BodyTooLargeException(string message) : base(message) { }
}
