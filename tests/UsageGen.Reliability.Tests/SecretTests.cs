using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UsageGen.EndToEnd.Tests;
using UsageGen.Generated;
using UsageGen.Providers.CoinGecko;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.Reliability.Tests;

/// <summary>
/// Targeted secret checks: redirects, IHttpClientFactory's logging, URI and query redaction. The sweep over every auth
/// style and hostile answer is <see cref="SecretSweepTests"/>.
/// </summary>
public sealed class SecretTests : IAsyncLifetime
{
    public const string Key = "sk-SECRET-4f1c9";

    /// <summary>What is searched for: the key's distinctive part, so partial leaks count too.</summary>
    public const string Tail = "SECRET-4f1c9";

    private readonly ITestOutputHelper _output;
    private FaultServer? _server;
    private FaultServer? _elsewhere;

    public SecretTests(ITestOutputHelper output) => _output = output;

    private FaultServer Server => _server!;

    /// <summary>Another origin (another port) that redirects point to.</summary>
    private FaultServer Elsewhere => _elsewhere!;

    public async Task InitializeAsync()
    {
        _server = await FaultServer.StartAsync();
        _elsewhere = await FaultServer.StartAsync();
        _elsewhere.Handler = ctx => FaultServer.Json(ctx, "{}");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_elsewhere is not null) await _elsewhere.DisposeAsync();
    }

    [Fact]
    public async Task No_HttpClient_sends_a_header_key_to_another_host()
    {
        Server.Handler = ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = Elsewhere.Url("steal").ToString();
            return Task.CompletedTask;
        };
        var credentials = new UsageCredentials(Key);

        using (var safe = UsageGenHttpClient.Create(Server.Url("coingecko/"), new UsageGenHttpOptions { Retries = false }))
            await Assert.ThrowsAsync<UsageGenHttpException>(() => new CoinGeckoClient(safe, credentials).ApiUsageAsync());
        using (var legacy = UsageGenHttp.CreateClient(Server.Url("coingecko/")))
            await Assert.ThrowsAsync<UsageGenHttpException>(() => new CoinGeckoClient(legacy, credentials).ApiUsageAsync());
        Assert.Equal(0, Elsewhere.TotalRequests);

        // A default HttpClient follows redirects and would carry the custom header along (or a key the server put into
        // the Location): the generated client refuses to send a credential on it at all, header or query.
        var before = Server.TotalRequests;
        using (var plain = new HttpClient { BaseAddress = Server.Url("coingecko/") })
        {
            var header = await Record.ExceptionAsync(() => new CoinGeckoClient(plain, credentials).ApiUsageAsync());
            var query = await Record.ExceptionAsync(() => new CoinGeckoClient(plain, new UsageCredentials(Key) { PreferQueryApiKey = true }).ApiUsageAsync());
            Assert.IsType<UsageGenConfigurationException>(header);
            Assert.IsType<UsageGenConfigurationException>(query);
            Assert.DoesNotContain(Tail, header!.ToString() + query!.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, Server.TotalRequests);
        Assert.Equal(0, Elsewhere.TotalRequests);
    }

    [Fact]
    public async Task The_default_factory_logging_on_this_runtime_redacts_query_keys_and_header_values()
    {
        var capture = new CapturingLoggerProvider();
        Server.Handler = ctx => FaultServer.Json(ctx, Documented.CoinGeckoBody);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        services.AddHttpClient("cg", c => c.BaseAddress = Server.Url("coingecko/")).ConfigurePrimaryHttpMessageHandler(UsageGenHttp.CreateHandler);
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("cg");

        await new CoinGeckoClient(http, new UsageCredentials(Key) { PreferQueryApiKey = true }).ApiUsageAsync();
        await new CoinGeckoClient(http, new UsageCredentials(Key)).ApiUsageAsync();

        foreach (var line in capture.Lines) _output.WriteLine($"{line.Level} {line.Category}: {line.Message.Replace(Key, "<the key>", StringComparison.Ordinal)}");
        Assert.DoesNotContain(capture.Lines, l => l.All.Contains(Tail, StringComparison.Ordinal));
        Assert.Contains(capture.Lines, l => l.Message.Contains("/coingecko/key?*", StringComparison.Ordinal));
        Assert.False(Microsoft.Extensions.DependencyInjection.UsageGenHttpClientBuilderExtensions.DefaultLoggingWritesQueryStrings);
    }

    [Fact]
    public async Task RedactUsageGenSecrets_logs_the_query_with_only_the_key_masked()
    {
        var capture = new CapturingLoggerProvider();
        Server.Handler = ctx => FaultServer.Json(ctx, Documented.CoinGeckoBody);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        services.AddHttpClient("cg", c => c.BaseAddress = Server.Url("coingecko/"))
            .ConfigurePrimaryHttpMessageHandler(UsageGenHttp.CreateHandler)
            .RedactUsageGenSecrets(CoinGeckoClient.SecuritySchemes, replaceDefaultLogging: true);
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("cg");

        await new CoinGeckoClient(http, new UsageCredentials(Key) { PreferQueryApiKey = true }).ApiUsageAsync();
        await new CoinGeckoClient(http, new UsageCredentials(Key)).ApiUsageAsync();

        foreach (var line in capture.Lines) _output.WriteLine($"{line.Level} {line.Category}: {line.Message}");
        Assert.DoesNotContain(capture.Lines, l => l.All.Contains(Tail, StringComparison.Ordinal));
        Assert.Contains(capture.Lines, l => l.Message.Contains("/coingecko/key?x_cg_pro_api_key=***", StringComparison.Ordinal));
        Assert.Contains(capture.Lines, l => l.Message.Contains("x-cg-pro-api-key: ***", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://h.test/key?x_cg_pro_api_key=sk-SECRET-4f1c9&vs=usd", "https://h.test/key?x_cg_pro_api_key=***&vs=usd")]
    [InlineData("https://user:pw@h.test:8443/a/b?vs=usd&x_cg_pro_api_key=sk-SECRET-4f1c9#frag", "https://h.test:8443/a/b?vs=usd&x_cg_pro_api_key=***")]
    [InlineData("https://h.test/key?x_cg_pro_api_key=sk%2DSECRET", "https://h.test/key?x_cg_pro_api_key=***")]
    [InlineData("https://h.test/key", "https://h.test/key")]
    public void RedactUri_masks_only_the_key_parameters(string uri, string expected)
    {
        var names = UsageGenRedaction.SensitiveQueryParameters(CoinGeckoClient.SecuritySchemes);
        Assert.Equal(expected, UsageGenRedaction.RedactUri(new Uri(uri), names));
        Assert.DoesNotContain("SECRET", UsageGenRedaction.RedactUri(new Uri(uri), null), StringComparison.Ordinal);
        Assert.Contains("x-cg-pro-api-key", UsageGenRedaction.SensitiveHeaders(CoinGeckoClient.SecuritySchemes));
        Assert.Contains("Authorization", UsageGenRedaction.SensitiveHeaders(CoinGeckoClient.SecuritySchemes));
    }

    [Fact]
    public void RedactQuery_masks_key_pairs_in_free_text()
    {
        var names = new[] { "x_cg_pro_api_key" };
        Assert.Equal("GET /key?x_cg_pro_api_key=*** failed", UsageGenRedaction.RedactQuery("GET /key?x_cg_pro_api_key=" + Key + " failed", names));
        Assert.Equal("x_cg_pro_api_key=***", UsageGenRedaction.RedactQuery("x_cg_pro_api_key=" + Key, names));
        Assert.Equal("/key?a=***&b=***", UsageGenRedaction.RedactQuery("/key?a=1&b=" + Key, null));
        Assert.Equal("no query here", UsageGenRedaction.RedactQuery("no query here", null));
    }
}
