using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace UsageGen.CommandLine;

/// <summary>Why a provider has no snapshot. <see cref="Message"/> never carries a credential.</summary>
internal sealed record ProviderError(string Type, int? Status, string Message);

/// <summary>One provider's outcome: a snapshot or an error.</summary>
internal sealed record ProviderResult(UsageProviderInfo Info, UsageSnapshot? Snapshot, ProviderError? Error, TimeSpan Elapsed)
{
    public string Name => Info.Name;
}

/// <summary>A provider to query: where, with what, or why it cannot be.</summary>
internal sealed class FetchTarget : IDisposable
{
    private readonly HttpClient? _http;

    public FetchTarget(UsageProviderInfo info, HttpClient http, UsageCredentials credentials)
    {
        Info = info;
        _http = http;
        Credentials = credentials;
    }

    public FetchTarget(UsageProviderInfo info, ProviderError error)
    {
        Info = info;
        Precondition = error;
    }

    public UsageProviderInfo Info { get; }
    public UsageCredentials? Credentials { get; }

    /// <summary>Set when the provider cannot be queried at all (no key, bad BaseAddress).</summary>
    public ProviderError? Precondition { get; }

    public HttpClient? Http => _http;

    public void Dispose() => _http?.Dispose();
}

/// <summary>Queries every target concurrently, each with its own timeout; one failure never hides the others.</summary>
internal static class UsageFetcher
{
    public static async Task<IReadOnlyList<ProviderResult>> FetchAllAsync(IReadOnlyList<FetchTarget> targets, TimeSpan timeout,
        UsageGenRedactor redactor, Action<ProviderResult>? completed, CancellationToken cancellationToken)
    {
        var tasks = targets.Select(async t =>
        {
            var result = await FetchAsync(t, timeout, redactor, cancellationToken).ConfigureAwait(false);
            completed?.Invoke(result);
            return result;
        }).ToArray();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    public static async Task<ProviderResult> FetchAsync(FetchTarget target, TimeSpan timeout, UsageGenRedactor redactor, CancellationToken cancellationToken)
    {
        if (target.Precondition is { } pre) return new ProviderResult(target.Info, null, pre, TimeSpan.Zero);

        var watch = Stopwatch.StartNew();
        // HttpClient.Timeout covers the call up to the response headers; this covers reading the body too.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout + TimeSpan.FromMilliseconds(250));
        try
        {
            // Yield first so a provider whose adapter does work synchronously cannot hold up the others.
            await Task.Yield();
            var provider = target.Info.Create(target.Http!, target.Credentials!);
            var snapshot = await provider.GetUsageAsync(deadline.Token).ConfigureAwait(false);
            return new ProviderResult(target.Info, snapshot, null, watch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(target, watch, new ProviderError("timeout", null,
                $"{target.Info.Name}: no complete answer within the timeout ({Duration.Format(timeout)})."));
        }
        catch (UsageGenException e)
        {
            return Fail(target, watch, new ProviderError(TypeOf(e), e.StatusCode is { } s ? (int)s : null, redactor.Redact(e.Message)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Fail(target, watch, new ProviderError("unexpected", null,
                $"{target.Info.Name}: unexpected {e.GetType().Name}: {redactor.Redact(e.Message)}"));
        }
    }

    private static ProviderResult Fail(FetchTarget target, Stopwatch watch, ProviderError error) =>
        new(target.Info, null, error, watch.Elapsed);

    /// <summary>The error's <c>type</c> in JSON (the same names as the hosted monitor's logs and metrics).</summary>
    public static string TypeOf(UsageGenException e) => UsageGenErrorType.Of(e);
}
