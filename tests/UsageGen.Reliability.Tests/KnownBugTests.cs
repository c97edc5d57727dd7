using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.Reliability.Tests;

/// <summary>Runtime bugs these tests found, recognised by where they are thrown. Each has a skipped repro below.</summary>
public static class KnownBugs
{
    public const string DecimalOverflow =
        "bug: UsageSnapshot.PercentUsed computes 'u * 100m / limit' unchecked for range: a reported figure near decimal.MaxValue " +
        "(79228162514264337593543950335, which the body may legally send) throws OverflowException from PercentUsed and so from " +
        "UsageSnapshotJson.Serialize. Fix in src/UsageGen/UsageSnapshot.cs: wrap the arithmetic (and UsageQuota.Create's l - u, u + r) " +
        "in try/catch (OverflowException) and return null / leave the figure underived.";

    public const string PollyTimeoutEscapes =
        "bug: with services.AddHttpClient<TClient>().AddStandardResilienceHandler(), a timeout of the standard pipeline reaches the " +
        "generated client as Polly.Timeout.TimeoutRejectedException, which HttpCall.SendAsync does not catch: the caller gets a " +
        "non-UsageGen exception. Fix in src/UsageGen/Runtime/HttpCall.cs SendAsync: add, before the final catch, " +
        "'catch (Exception e) when (e is TimeoutException || e.GetType().FullName == \"Polly.Timeout.TimeoutRejectedException\")' " +
        "throwing UsageGenTimeoutException, and wrap any other non-UsageGen exception from a handler in UsageGenTransportException.";

    public const string BodyReadIgnoresTimeout =
        "bug: HttpCall.SendAsync sends with HttpCompletionOption.ResponseHeadersRead and reads the body with the caller's token only, " +
        "and HttpClient.Timeout stops at the headers: a server that sends headers and then stalls mid-body hangs the call until the " +
        "caller cancels (forever without a token), even with UsageGenHttp.CreateClient(timeout). Fix in src/UsageGen/Runtime/HttpCall.cs " +
        "SendAsync: 'using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken); if (http.Timeout != " +
        "Timeout.InfiniteTimeSpan) deadline.CancelAfter(http.Timeout);' and pass deadline.Token to http.SendAsync and ReadBodyAsync " +
        "(the existing catch already turns a cancellation the caller did not ask for into UsageGenTimeoutException). " +
        "UsageGenResilienceHandler (UsageGenHttpClient) avoids it by reading the body inside each attempt's timeout.";

    /// <summary>An <see cref="OverflowException"/> from the snapshot's own arithmetic (not from parsing).</summary>
    public static bool IsDecimalOverflow(OverflowException e) => Where(e) is not null;

    public static string? Where(Exception e)
    {
        var trace = e.StackTrace ?? "";
        foreach (var site in new[] { "UsageSnapshot.get_PercentUsed", "UsageQuota.Create" })
            if (trace.Contains(site, StringComparison.Ordinal)) return site;
        return null;
    }
}

public sealed class KnownBugTests
{
    [Fact]
    public async Task A_key_echoed_JSON_escaped_is_redacted_too()
    {
        const string key = "sk+SECRET/4f1c9";
        var handler = new InMemoryHandler { Answer = CannedAnswer.Json("{\"message\":\"bad key sk\\u002BSECRET\\/4f1c9\"}", 500) };
        using var http = new System.Net.Http.HttpClient(handler) { BaseAddress = new Uri("http://provider.test/") };
        var ex = await Assert.ThrowsAsync<UsageGenHttpException>(() => new UsageGen.Providers.CoinStats.CoinStatsClient(http, new UsageCredentials(key)).GetCreditUsageAsync());
        Assert.DoesNotContain("SECRET", ex.Message + ex.BodyExcerpt + ex, StringComparison.Ordinal);
    }

    [Fact]
    public void A_used_figure_near_decimal_MaxValue_serializes()
    {
        var snapshot = new UsageSnapshot
        {
            Provider = "X",
            Quotas = new[] { UsageQuota.Create("account", QuotaScope.Account, used: 79228162514264337593543950335m, limit: 1000000m, remaining: 5m) },
        };
        Assert.Null(Record.Exception(() => snapshot.PercentUsed));
        Assert.Null(Record.Exception(() => UsageSnapshotJson.Serialize(snapshot)));
    }

    [Fact]
    public void Deriving_a_figure_from_extreme_ones_does_not_throw()
    {
        Assert.Null(Record.Exception(() => UsageQuota.Create("a", QuotaScope.Account, used: -79228162514264337593543950335m, limit: 79228162514264337593543950335m, remaining: null)));
    }
}
