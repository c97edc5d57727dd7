using System;
using System.Globalization;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using UsageGen.Providers.CoinStats;
using UsageGen.Providers.Sharpe;
using UsageGen.Providers.Tavily;
using Xunit;

namespace UsageGen.EndToEnd.Tests;

/// <summary>What happens between the bytes: chunked bodies, slow and dropped connections, cancellation, retry dates.</summary>
public sealed class TransportTests : ServerTest
{
    [Fact]
    public async Task A_large_chunked_body_is_read_whole()
    {
        var padding = new string('x', 20_000);
        var body = Documented.SharpeBody.Replace("\"elapsed_ms\": 12", "\"elapsed_ms\": 12, \"padding\": \"" + padding + "\"", StringComparison.Ordinal);
        var http = Serve(Documented.Get("Sharpe"), new CannedResponse { Body = body, Chunked = true });

        var s = await new SharpeUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal(12480m, s.CreditsUsed);
        Assert.Equal(padding, s.Raw!.Meta.AdditionalProperties!["padding"].GetString());
    }

    [Fact]
    public async Task A_slow_server_is_a_timeout_exception()
    {
        var http = Serve(Documented.Get("CoinStats"), new CannedResponse { Body = Documented.CoinStatsBody, Delay = TimeSpan.FromSeconds(10) });
        http.Timeout = TimeSpan.FromMilliseconds(300);

        var ex = await Record.ExceptionAsync(() => new CoinStatsClient(http, new UsageCredentials("cs-secret")).GetCreditUsageAsync());

        var timeout = Assert.IsType<UsageGenTimeoutException>(ex);
        Assert.Equal("CoinStats", timeout.Provider);
        Assert.Null(timeout.StatusCode);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_wrapped()
    {
        var http = Serve(Documented.Get("CoinStats"), new CannedResponse { Body = Documented.CoinStatsBody, Delay = TimeSpan.FromSeconds(10) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var ex = await Record.ExceptionAsync(() => new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageAsync(cts.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
    }

    [Fact]
    public async Task A_connection_dropped_mid_body_is_a_transport_exception()
    {
        var http = Serve(Documented.Get("CoinStats"), new CannedResponse { Body = Documented.CoinStatsBody, AbortAfterBytes = 20 });

        var ex = await Record.ExceptionAsync(() => new CoinStatsClient(http, new UsageCredentials("cs-secret")).GetCreditUsageAsync());

        Assert.IsType<UsageGenTransportException>(ex);
        Assert.DoesNotContain("cs-secret", ex!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transport_exception()
    {
        Uri gone;
        await using (var other = await LocalServer.StartAsync()) gone = other.BaseAddress;
        using var http = new HttpClientWithBase(gone);

        var ex = await Record.ExceptionAsync(() => new CoinStatsClient(http.Client, new UsageCredentials("k")).GetCreditUsageAsync());

        var transport = Assert.IsType<UsageGenTransportException>(ex);
        Assert.Equal("GetCreditUsage", transport.Operation);
        // Our words, not the exception's; the inner exception is a stand-in that names what it stands for.
        Assert.Equal("CoinStats GetCreditUsage: the request failed before an HTTP answer: no connection could be made.", transport.Message);
        var inner = Assert.IsType<UsageGen.Runtime.RedactedException>(transport.InnerException);
        Assert.Equal("System.Net.Http.HttpRequestException", inner.OriginalTypeName);
        Assert.IsType<UsageGen.Runtime.RedactedException>(inner.InnerException);
    }

    [Fact]
    public async Task A_plain_HttpClient_that_follows_redirects_never_gets_an_apiKey_header()
    {
        using var http = new System.Net.Http.HttpClient { BaseAddress = new Uri(Server.BaseAddress, Documented.Get("CoinStats").Prefix) };

        var ex = await Record.ExceptionAsync(() => new CoinStatsClient(http, new UsageCredentials("cs-secret-1")).GetCreditUsageAsync());

        var refused = Assert.IsType<UsageGenConfigurationException>(ex);
        Assert.Contains("follows redirects (HttpClientHandler.AllowAutoRedirect is true)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("X-API-KEY header", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cs-secret-1", refused.ToString(), StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task A_plain_HttpClient_gets_no_bearer_token_either()
    {
        using var http = new System.Net.Http.HttpClient { BaseAddress = new Uri(Server.BaseAddress, Documented.Get("Tavily").Prefix) };
        Server.Route("GET", Documented.Get("Tavily").ServedPath, CannedResponse.Json(Documented.TavilyBody));

        var refused = await Assert.ThrowsAsync<UsageGenConfigurationException>(() => new TavilyClient(http, new UsageCredentials("tvly-secret-1")).GetUsageAsync());
        Assert.Contains("Authorization header", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tvly-secret-1", refused.ToString(), StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_a_delay()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(120).ToString("r", CultureInfo.InvariantCulture);
        var http = Serve(Documented.Get("CoinStats"), CannedResponse.Json(Documented.CoinStatsRateLimitedBody, 429, ("Retry-After", at)));

        var ex = await Assert.ThrowsAsync<UsageGenRateLimitException>(() => new CoinStatsClient(http, new UsageCredentials("k")).GetCreditUsageAsync());

        Assert.NotNull(ex.RetryAfter);
        Assert.InRange(ex.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    [Fact]
    public async Task Sharpe_403_is_an_authentication_exception_with_the_documented_description()
    {
        var http = Serve(Documented.Get("Sharpe"), new CannedResponse { Status = 403, Body = null });

        var ex = await Assert.ThrowsAsync<UsageGenAuthenticationException>(() => new SharpeClient(http, new UsageCredentials("k")).GetUsageAsync());

        Assert.Equal(HttpStatusCode.Forbidden, ex.Status);
        Assert.Contains("usage:read", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.Error);
    }

    [Fact]
    public async Task Tavily_429_carries_the_typed_documented_body()
    {
        const string text = "Your request has been blocked due to excessive requests. Please reduce the rate of requests";
        var http = Serve(Documented.Get("Tavily"), CannedResponse.Json("{\"detail\":{\"error\":\"" + text + "\"}}", 429));

        var ex = await Assert.ThrowsAsync<UsageGenRateLimitException>(() => new TavilyClient(http, new UsageCredentials("k")).GetUsageAsync());

        var error = Assert.IsType<GetUsageTooManyRequestsError>(ex.Error);
        Assert.Equal(text, error.Detail?.Error);
        Assert.Null(ex.RetryAfter);
    }

    /// <summary>An HttpClient with a BaseAddress, disposed with the test.</summary>
    private sealed class HttpClientWithBase : IDisposable
    {
        public HttpClientWithBase(Uri baseAddress) => Client = UsageGenHttp.CreateClient(baseAddress, TimeSpan.FromSeconds(10));
        public System.Net.Http.HttpClient Client { get; }
        public void Dispose() => Client.Dispose();
    }
}
