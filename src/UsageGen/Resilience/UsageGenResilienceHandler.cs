using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using UsageGen.Runtime;

namespace UsageGen;

/// <summary>
/// A <see cref="DelegatingHandler"/> that retries and times out UsageGen calls, built on a Polly
/// <see cref="ResiliencePipeline{T}"/>: overall timeout ⟶ retry ⟶ attempt timeout ⟶ the request, whose body is read
/// inside the attempt (so a server that stalls mid-body or drops the connection is an attempt that failed, not a hang).
/// <list type="bullet">
/// <item>Retried: 429 (any method; <c>Retry-After</c> seconds or HTTP date honoured up to <see cref="UsageGenHttpOptions.MaxRetryAfter"/>),
/// and for idempotent methods 408, 500, 502, 503 (<c>Retry-After</c> honoured), 504, transport errors and attempt timeouts.
/// A connection that could not be made is retried for any method.</item>
/// <item>Not retried: other statuses, the caller's cancellation, a body over <see cref="HttpCall.MaxBodyBytes"/>.</item>
/// <item>Timeouts surface as a <see cref="TaskCanceledException"/> whose inner exception is a <see cref="TimeoutException"/>,
/// as <see cref="HttpClient"/>'s own timeout does, so generated clients report <see cref="UsageGenTimeoutException"/>;
/// the caller's cancellation stays an <see cref="OperationCanceledException"/>.</item>
/// </list>
/// It logs nothing and keeps no request data, so no credential can leak from it. One instance per pipeline.
/// </summary>
public sealed class UsageGenResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<long> StartedAt = new("UsageGen.StartedAt");
    private static readonly ResiliencePropertyKey<HttpRequestMessage> Request = new("UsageGen.Request");

    private readonly UsageGenHttpOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>A handler with <paramref name="options"/> (copied; validated). Set <see cref="DelegatingHandler.InnerHandler"/>, or let IHttpClientFactory do it.</summary>
    public UsageGenResilienceHandler(UsageGenHttpOptions? options = null)
    {
        _options = (options ?? new UsageGenHttpOptions()).Clone();
        _options.Validate();
        _time = _options.TimeProvider ?? TimeProvider.System;
        _pipeline = BuildPipeline();
    }

    /// <summary>A handler over <paramref name="innerHandler"/>.</summary>
    public UsageGenResilienceHandler(UsageGenHttpOptions? options, HttpMessageHandler innerHandler) : this(options) =>
        InnerHandler = innerHandler ?? throw new ArgumentNullException(nameof(innerHandler));

    /// <summary>The options in force (a copy of those given).</summary>
    public UsageGenHttpOptions Options => _options.Clone();

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (UsageGenHttpOptions.IsFinite(_options.Timeout)) builder.AddTimeout(_options.Timeout);
        if (_options.EffectiveMaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.EffectiveMaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = _options.UseJitter,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result is { } r ? RetryAfter(r) : null),
            });
        }
        if (UsageGenHttpOptions.IsFinite(_options.AttemptTimeout)) builder.AddTimeout(_options.AttemptTimeout);
        return builder.Build();
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StartedAt, _time.GetTimestamp());
        context.Properties.Set(Request, request);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.handler.SendOnceAsync(state.request, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context, (handler: this, request)).ConfigureAwait(false);

            if (outcome.Exception is null) return outcome.Result!;
            if (outcome.Exception is TimeoutRejectedException timeout && !cancellationToken.IsCancellationRequested)
                throw new TaskCanceledException(
                    $"The request was canceled: no complete answer within {Describe(timeout.Timeout)} ({_options.EffectiveMaxAttempts} attempt(s) allowed).",
                    new TimeoutException(timeout.Message, timeout));
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(outcome.Exception).Throw();
            throw outcome.Exception; // not reached
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await BufferAsync(response, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Reads the whole body now, inside the attempt and its timeout; a body over the limit is left for the client to refuse.</summary>
    private static async Task BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content is null) return;
        if (content.Headers.ContentLength is > HttpCall.MaxBodyBytes) return;
#if NET5_0_OR_GREATER
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using var registration = cancellationToken.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        var capacity = content.Headers.ContentLength is { } length and >= 0 ? (int)length : 4096;
        using var buffer = new MemoryStream(capacity);
        var chunk = new byte[Math.Min(Math.Max(capacity, 1024), 81920)];
        while (true)
        {
#if NET5_0_OR_GREATER
            var read = await stream.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false);
#else
            var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
#endif
            if (read == 0) break;
            if (buffer.Length + read > HttpCall.MaxBodyBytes) throw new BodyTooLargeException($"the body is over the {HttpCall.MaxBodyBytes} byte limit");
            buffer.Write(chunk, 0, read);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var buffered = new ByteArrayContent(buffer.ToArray());
        foreach (var header in content.Headers)
        {
            if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content = buffered;
        content.Dispose();
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested) return false;
        var request = context.Properties.GetValue(Request, null!);
        var idempotent = _options.RetryNonIdempotent || IsIdempotent(request?.Method);
        if (outcome.Exception is { } e)
        {
            return e switch
            {
                BodyTooLargeException => false,
                OperationCanceledException => false, // the caller's (timeouts are TimeoutRejectedException)
                TimeoutRejectedException => idempotent,
                HttpRequestException h => idempotent || NeverSent(h),
                IOException => idempotent,
                _ => false,
            };
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        var retryable = status == 429 || (idempotent && status is 408 or 500 or 502 or 503 or 504);
        if (!retryable) return false;
        if (RetryAfter(response) is { } wait)
        {
            // A wait longer than allowed, or than the time left, is not waited for: the caller gets the answer now.
            if (wait > _options.MaxRetryAfter) return false;
            if (UsageGenHttpOptions.IsFinite(_options.Timeout))
            {
                var elapsed = _time.GetElapsedTime(context.Properties.GetValue(StartedAt, _time.GetTimestamp()));
                if (elapsed + wait >= _options.Timeout) return false;
            }
        }
        return true;
    }

    /// <summary><c>Retry-After</c> on a 429 or 503 as a delay: seconds, or an HTTP date against the response's <c>Date</c> (else the clock).</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status != 429 && status != 503) return null;
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var now = response.Headers.Date ?? _time.GetUtcNow();
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static bool IsIdempotent(HttpMethod? method) =>
        method is null || method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options ||
        method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Trace;

    /// <summary>True when the request cannot have reached the server (so retrying a POST does no harm).</summary>
    private static bool NeverSent(HttpRequestException e)
    {
#if NET8_0_OR_GREATER
        return e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
#else
        return e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };
#endif
    }

    private static string Describe(TimeSpan t) =>
        t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
