using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using UsageGen.Runtime;
using Xunit;

namespace UsageGen.Tests;

/// <summary>
/// <see cref="HttpCall.SendAsync"/>'s body: read into a pooled buffer whatever the declared length says, released once
/// parsed or turned into an exception, and read under the client's timeout when it comes from a stream that can stall.
/// </summary>
public class HttpCallBodyTests
{
    private const string Key = "tvly-SECRET123";

    private static OperationContext Context() => new("Tavily", "GetUsage", new UsageCredentials(Key));

    private static byte[] Json(int n, int padding) =>
        Encoding.UTF8.GetBytes("{\"n\":" + n + ",\"pad\":\"" + new string((char)('a' + n % 26), padding) + "\"}");

    private static readonly JsonValueReader<(int N, string Pad)> ReadN = static (ref Utf8JsonReader r) =>
    {
        JsonRead.ExpectStartObject(ref r, "$");
        int n = -1;
        string pad = "";
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var name = r.GetString();
            r.Read();
            if (name == "n") n = r.GetInt32();
            else pad = r.GetString()!;
        }
        return (n, pad);
    };

    private static HttpClient Client(Func<HttpContent> content, TimeSpan? timeout = null, HttpStatusCode status = HttpStatusCode.OK) =>
        new(new ContentHandler(content, status)) { BaseAddress = new Uri("http://body.test/"), Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>Sends; a call that hangs fails the test (TimeoutException after 10 s) instead of hanging it.</summary>
    private static Task<HttpCallResult> Send(HttpClient http, CancellationToken cancellationToken = default) =>
        HttpCall.SendAsync(http, new HttpRequestMessage(HttpMethod.Get, "http://body.test/usage"), Context(), cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    // ---- declared length vs what arrives ---------------------------------------------------------------------------

    [Theory]
    [InlineData(300, 300L, 64)]        // as declared, in chunks
    [InlineData(9000, 10L, 700)]       // longer than declared: read whole
    [InlineData(300, 5000L, 50)]       // shorter than declared: what came
    [InlineData(100_000, null, 1000)]  // no length: the buffer grows
    [InlineData(4096, null, 4096)]     // no length, exactly the first buffer's size
    [InlineData(0, 0L, 10)]
    [InlineData(0, null, 10)]
    public async Task The_body_is_read_whole_whatever_the_declared_length(int size, long? declared, int chunk)
    {
        var data = Enumerable.Range(0, size).Select(i => (byte)(i * 31 % 251)).ToArray();
        using var http = Client(() => new StreamedContent(data, declared, chunk));

        var result = await Send(http);

        Assert.Equal(data, result.Body.ToArray());
        Assert.False(result.IsBodyReleased);
    }

    [Fact]
    public async Task An_in_memory_body_is_read_whole_under_a_finite_timeout()
    {
        var data = Json(7, 500);
        using var http = Client(() => new ByteArrayContent(data), TimeSpan.FromSeconds(5));

        var result = await Send(http);

        Assert.Equal(data, result.Body.ToArray());
        Assert.Equal((7, new string('h', 500)), HttpCall.ParseBody(result, Context(), ReadN));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_transport_error()
    {
        using var http = Client(() => new StreamedContent(null, null, 64 * 1024));

        var ex = await Record.ExceptionAsync(async () => await Send(http));

        var transport = Assert.IsType<UsageGenTransportException>(ex);
        Assert.Contains(HttpCall.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), transport.Message);
    }

    // ---- the pooled buffer ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task ParseBody_releases_the_body_and_what_it_parsed_stays_intact()
    {
        using var http = Client(() => new StreamedContent(Json(3, 40), 50, 16));
        var result = await Send(http);

        var parsed = HttpCall.ParseBody(result, Context(), ReadN);
        result.ReleaseBody(); // a second release is harmless

        Assert.True(result.IsBodyReleased);
        Assert.True(result.Body.IsEmpty);
        // Another call now gets the same pooled array; what the first one parsed must not change.
        using var other = Client(() => new StreamedContent(Json(4, 40), 50, 16));
        var second = HttpCall.ParseBody(await Send(other), Context(), ReadN);
        Assert.Equal((3, new string('d', 40)), parsed);
        Assert.Equal((4, new string('e', 40)), second);
    }

    [Fact]
    public async Task A_body_that_does_not_parse_is_released_after_its_excerpt_is_taken()
    {
        var body = "{\"n\":\"not a number " + Key + "\"}";
        using var http = Client(() => new StreamedContent(Encoding.UTF8.GetBytes(body), body.Length, 8));
        var result = await Send(http);

        var ex = Assert.Throws<UsageGenMalformedResponseException>(() => HttpCall.ParseBody(result, Context(), ReadN));

        Assert.True(result.IsBodyReleased);
        Assert.StartsWith("{\"n\":\"not a number ***", ex.BodyExcerpt);
        Assert.DoesNotContain(Key, ex.Message);
    }

    [Fact]
    public async Task StatusError_keeps_the_providers_message_and_releases_the_body()
    {
        var body = "{\"message\":\"bad key " + Key + "\"}";
        using var http = Client(() => new StreamedContent(Encoding.UTF8.GetBytes(body), body.Length, 5), status: HttpStatusCode.Unauthorized);
        var result = await Send(http);
        Assert.False(result.IsSuccess);

        var error = HttpCall.TryParseError(result, static (ref Utf8JsonReader r) => JsonRead.Element(ref r, "error"));
        var ex = HttpCall.StatusError(result, Context(), error, "Unauthorized");

        Assert.IsType<UsageGenAuthenticationException>(ex);
        Assert.Contains("bad key ***", ex.Message);
        Assert.Equal("{\"message\":\"bad key ***\"}", ex.BodyExcerpt);
        // Detached: still readable; the key was masked in the body itself before anything parsed it.
        Assert.Equal("bad key ***", ((JsonElement)error!).GetProperty("message").GetString());
        Assert.True(result.IsBodyReleased);
    }

    [Fact]
    public async Task A_released_body_is_cleared_before_the_pool_gets_it_back()
    {
        // No credential in it (those are masked on arrival): any body may hold private account data.
        var body = "{\"message\":\"account 4471-private, balance 12\"}";
        using var http = Client(() => new StreamedContent(Encoding.UTF8.GetBytes(body), null, 7), status: HttpStatusCode.Forbidden);
        var result = await Send(http);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result.Body, out var segment));
        Assert.Equal(body, Encoding.UTF8.GetString(segment.Array!, segment.Offset, segment.Count));

        HttpCall.StatusError(result, Context(), null, null);

        // Test only: looks at the array after it went back to the pool, to see that no credential was left in it.
        Assert.All(segment.Array!.Take(segment.Count), b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Concurrent_calls_never_see_each_others_bodies()
    {
        var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var data = Json(i, 10 + i * 37 % 3000);
            using var http = Client(() => i % 2 == 0 ? new StreamedContent(data, i % 4 == 0 ? data.Length : null, 97) : new ByteArrayContent(data));
            var result = await Send(http);
            await Task.Yield();
            var parsed = HttpCall.ParseBody(result, Context(), ReadN);
            Assert.Equal(i, parsed.N);
            Assert.Equal(new string((char)('a' + i % 26), 10 + i * 37 % 3000), parsed.Pad);
        }));
        await Task.WhenAll(tasks);
    }

    [Fact]
    public void A_result_built_from_an_array_keeps_it_until_released()
    {
        var data = Json(1, 3);
        var result = new HttpCallResult(HttpStatusCode.OK, new HttpResponseMessage().Headers, null, data, DateTimeOffset.UtcNow);
        Assert.Equal(data, result.Body.ToArray());
        result.ReleaseBody();
        Assert.True(result.Body.IsEmpty);
        Assert.Equal(Json(1, 3), data); // never handed to the pool, never cleared
    }

    // ---- deadlines -----------------------------------------------------------------------------------------------------

    /// <summary>Sends with the body's deadline on <paramref name="time"/>.</summary>
    private static Task<HttpCallResult> Send(HttpClient http, ObservedTime time) =>
        HttpCall.SendAsync(http, new HttpRequestMessage(HttpMethod.Get, "http://body.test/usage"), new OperationContext("Test", "Usage", new UsageCredentials(Key)) { Time = time }, default)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_body_that_stalls_is_bounded_by_the_clients_timeout()
    {
        var time = new ObservedTime();
        using var http = Client(() => new StreamedContent(Json(1, 100), null, 10, stallAfter: 30), TimeSpan.FromSeconds(60));

        var call = Send(http, time);
        // The body is read under a timer for what is left of HttpClient.Timeout: all of it, no (fake) time has passed.
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(60));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.IsType<UsageGenTimeoutException>(await Record.ExceptionAsync(async () => await call));
    }

    [Fact]
    public async Task The_body_deadline_counts_the_time_the_headers_took()
    {
        var time = new ObservedTime();
        using var http = new HttpClient(new ContentHandler(() => new StreamedContent(Json(1, 100), null, 10, stallAfter: 30), HttpStatusCode.OK,
            beforeHeaders: () => time.Advance(TimeSpan.FromSeconds(45))))
        {
            Timeout = TimeSpan.FromSeconds(60),
        };

        var call = Send(http, time);
        // 60 s in all: the headers took 45 s, so the body gets the 15 s left, not a fresh 60 s.
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(TimeSpan.FromSeconds(60), time.Created);
        time.Advance(TimeSpan.FromSeconds(15));

        Assert.IsType<UsageGenTimeoutException>(await Record.ExceptionAsync(async () => await call));
    }

    [Fact]
    public async Task Without_a_timeout_the_callers_token_still_stops_a_stalled_body()
    {
        using var http = Client(() => new StreamedContent(Json(1, 100), null, 10, stallAfter: 30), System.Threading.Timeout.InfiniteTimeSpan);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var ex = await Record.ExceptionAsync(async () => await Send(http, cts.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.IsNotAssignableFrom<UsageGenException>(ex);
    }

    [Fact]
    public async Task With_a_timeout_the_callers_cancellation_is_still_the_callers()
    {
        using var http = Client(() => new StreamedContent(Json(1, 100), null, 10, stallAfter: 30), TimeSpan.FromSeconds(20));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var ex = await Record.ExceptionAsync(async () => await Send(http, cts.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.IsNotAssignableFrom<UsageGenException>(ex);
    }

    // ---- URIs and queries ------------------------------------------------------------------------------------------------

    [Fact]
    public void BuildUri_with_a_cache_reuses_the_uri_until_the_base_or_path_changes()
    {
        var cache = new UriCache();
        var a = new Uri("https://api.test/v1/");
        var first = HttpCall.BuildUri(cache, a, "https://spec.test", "/usage", null);
        Assert.Equal("https://api.test/v1/usage", first.AbsoluteUri);
        Assert.Same(first, HttpCall.BuildUri(cache, a, "https://spec.test", "/usage", null));
        Assert.Same(first, HttpCall.BuildUri(cache, a, "https://spec.test", "/usage", Array.Empty<KeyValuePair<string, string?>>()));

        var other = HttpCall.BuildUri(cache, new Uri("https://other.test/"), "https://spec.test", "/usage", null);
        Assert.Equal("https://other.test/usage", other.AbsoluteUri);
        Assert.Equal("https://spec.test/usage", HttpCall.BuildUri(cache, null, "https://spec.test", "/usage", null).AbsoluteUri);
        Assert.Equal("https://spec.test/keys/a%20b", HttpCall.BuildUri(cache, null, "https://spec.test", "/keys/a%20b", null).AbsoluteUri);
    }

    [Fact]
    public void BuildUri_never_caches_a_query_and_so_never_a_key_in_one()
    {
        var cache = new UriCache();
        var query = new[] { new KeyValuePair<string, string?>("api_key", "k1") };
        var withKey = HttpCall.BuildUri(cache, null, "https://spec.test", "/usage", query);
        Assert.Equal("https://spec.test/usage?api_key=k1", withKey.AbsoluteUri);
        var plain = HttpCall.BuildUri(cache, null, "https://spec.test", "/usage", null);
        Assert.Equal("https://spec.test/usage", plain.AbsoluteUri);
        var again = HttpCall.BuildUri(cache, null, "https://spec.test", "/usage", new[] { new KeyValuePair<string, string?>("api_key", "k2") });
        Assert.Equal("https://spec.test/usage?api_key=k2", again.AbsoluteUri);
    }

    [Fact]
    public void Auth_Query_is_null_unless_the_key_goes_in_the_query()
    {
        var credentials = new UsageCredentials("k 1");
        Assert.Null(Auth.Query(null, credentials));
        Assert.Null(Auth.Query(new AuthSchemeInfo("h", AuthKind.ApiKeyHeader, "x-key"), credentials));
        var query = Auth.Query(new AuthSchemeInfo("q", AuthKind.ApiKeyQuery, "api_key"), credentials);
        Assert.Equal(new[] { new KeyValuePair<string, string?>("api_key", "k 1") }, query);
        Assert.Equal("https://x.test/usage?api_key=k%201", HttpCall.BuildUri(new UriCache(), null, "https://x.test", "usage", query).AbsoluteUri);
    }

    // ---- test doubles --------------------------------------------------------------------------------------------------

    private sealed class ContentHandler : HttpMessageHandler
    {
        private readonly Func<HttpContent> _content;
        private readonly HttpStatusCode _status;
        private readonly Action? _beforeHeaders;

        /// <param name="beforeHeaders">Runs before the headers are returned (a test moves its clock to say they took time).</param>
        public ContentHandler(Func<HttpContent> content, HttpStatusCode status, Action? beforeHeaders = null)
        {
            _content = content;
            _status = status;
            _beforeHeaders = beforeHeaders;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _beforeHeaders?.Invoke();
            return Task.FromResult(new HttpResponseMessage(_status) { Content = _content(), RequestMessage = request });
        }
    }

    /// <summary>Content read through a stream that is not a MemoryStream, in chunks, with any declared length.</summary>
    private sealed class StreamedContent : HttpContent
    {
        private readonly byte[]? _data;
        private readonly int _chunk;
        private readonly int? _stallAfter;

        /// <param name="data">The bytes; null for an endless body.</param>
        public StreamedContent(byte[]? data, long? declared, int chunk, int? stallAfter = null)
        {
            _data = data;
            _chunk = chunk;
            _stallAfter = stallAfter;
            Headers.ContentLength = declared;
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new ChunkStream(_data, _chunk, _stallAfter));

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new NotSupportedException();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class ChunkStream : Stream
    {
        private readonly byte[]? _data;
        private readonly int _chunk;
        private readonly int? _stallAfter;
        private long _position;

        public ChunkStream(byte[]? data, int chunk, int? stallAfter)
        {
            _data = data;
            _chunk = chunk;
            _stallAfter = stallAfter;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_stallAfter is { } stall && _position >= stall) await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            var left = _data is null ? long.MaxValue : _data.Length - _position;
            var n = (int)Math.Min(Math.Min(buffer.Length, _chunk), left);
            if (_stallAfter is { } s && _position < s) n = (int)Math.Min(n, s - _position);
            if (_data is null) buffer.Span.Slice(0, n).Fill((byte)'a');
            else _data.AsSpan((int)_position, n).CopyTo(buffer.Span);
            _position += n;
            if (n > 0 && _position % 3 == 0) await Task.Yield(); // some reads complete later, as on a socket
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
