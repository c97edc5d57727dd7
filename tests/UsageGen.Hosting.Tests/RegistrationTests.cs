using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UsageGen.Generated;
using Xunit;

namespace UsageGen.Hosting.Tests;

/// <summary><c>services.AddUsageGen(configuration.GetSection("UsageGen"))</c>: what it registers and what it refuses at start-up.</summary>
public class RegistrationTests
{
    private static IHost Build(params (string Key, string? Value)[] settings) =>
        MonitorHost.Build(settings.ToDictionary(s => s.Key, s => s.Value), new FakeTimeProvider(MonitorHost.Start), new LogSink());

    private static async Task<string> StartupFailure(params (string Key, string? Value)[] settings)
    {
        using var host = Build(settings);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        // One failing options instance throws its OptionsValidationException, several an AggregateException of them.
        IReadOnlyList<Exception> failures = e is AggregateException a ? a.InnerExceptions : new[] { e };
        Assert.All(failures, f => Assert.IsType<OptionsValidationException>(f));
        return string.Join("\n", failures.Select(f => f.Message));
    }

    [Fact]
    public async Task Every_catalog_provider_is_a_keyed_adapter_and_all_are_an_enumerable()
    {
        await using var providers = await FakeProviders.StartAsync();
        using var host = MonitorHost.Build(MonitorHost.Settings(providers, new[] { "Shoal" }, ("UsageGen:Monitor", "false")), new FakeTimeProvider(MonitorHost.Start), new LogSink());
        var all = host.Services.GetServices<IUsageProvider>().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(UsageCatalog.Providers.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal), all);
        foreach (var info in UsageCatalog.Providers)
            Assert.Equal(info.Name, host.Services.GetRequiredKeyedService<IUsageProvider>(info.Name).Name);

        // The keyed adapter works on its own: its named HttpClient points where the options say, with the options' key.
        var shoal = await host.Services.GetRequiredKeyedService<IUsageProvider>("Shoal").GetUsageAsync();
        Assert.Equal(420m, shoal.CreditsUsed);
        var request = providers.Requests.Single();
        Assert.Equal("/shoal/v1/usage", request.Path);
        Assert.Equal("Bearer " + MonitorHost.KeyFor("Shoal"), request.Header("Authorization"));
    }

    [Fact]
    public async Task A_missing_key_for_an_enabled_provider_names_the_provider_and_the_setting()
    {
        var message = await StartupFailure(("UsageGen:Providers:Tavily:BaseAddress", "http://127.0.0.1:9/"),
            ("UsageGen:Providers:Shoal:ApiKey", "sk-live-present-Q1w2E3"));
        Assert.Contains("UsageGen:Providers:Tavily:ApiKey is not set: Tavily is enabled and its API needs a key. Set it, or set UsageGen:Providers:Tavily:Enabled to false.", message);
        Assert.DoesNotContain("Shoal", message);
        Assert.DoesNotContain("sk-live-present-Q1w2E3", message);
    }

    [Fact]
    public async Task Bad_settings_are_start_up_errors_that_never_show_a_secret()
    {
        var message = await StartupFailure(
            ("UsageGen:Interval", "00:00:00.5"),
            ("UsageGen:Jitter", "0.9"),
            ("UsageGen:Providers:Shoal:ApiKey", "sk-live-secret-A1b2C3"),
            ("UsageGen:Providers:Shoal:BaseAddress", "ftp://example.invalid/?key=sk-live-secret-A1b2C3"),
            ("UsageGen:Providers:Shoal:WarnAbove", "90"),
            ("UsageGen:Providers:Shoal:CriticalAbove", "50"),
            ("UsageGen:Providers:Tavilly:ApiKey", "sk-live-secret-A1b2C3"));
        Assert.True(message.Contains("UsageGen:Interval must be at least 1 second.", StringComparison.Ordinal), message);
        Assert.Contains("UsageGen:Jitter must be between 0 and 0.5.", message);
        Assert.Contains("UsageGen:Providers:Tavilly names no compiled-in provider (known: CoinGecko, CoinStats, Sharpe, Shoal, Tavily).", message);
        Assert.True(message.Contains("UsageGen:Providers:Shoal:BaseAddress is not an absolute http(s) address without a query.", StringComparison.Ordinal), message);
        Assert.Contains("UsageGen:Providers:Shoal: WarnAbove (90) is above CriticalAbove (50).", message);
        Assert.DoesNotContain("sk-live-secret", message);
    }

    [Fact]
    public async Task A_disabled_provider_needs_no_key()
    {
        await using var providers = await FakeProviders.StartAsync();
        var settings = MonitorHost.Settings(providers, new[] { "Shoal" });
        settings["UsageGen:Providers:Tavily:Enabled"] = "false";
        await using var host = await MonitorHost.StartAsync(settings);
        await host.WaitForFetchesAsync("Shoal", 1);
        Assert.False(host.State("Tavily").Enabled);
    }

    [Fact]
    public void The_provider_options_bind_the_same_shape_the_command_reads()
    {
        using var host = Build(
            ("UsageGen:Providers:Sharpe:ApiKey", "k"),
            ("UsageGen:Providers:Sharpe:Username", "u"),
            ("UsageGen:Providers:Sharpe:Password", "p"),
            ("UsageGen:Providers:Sharpe:BaseAddress", "http://127.0.0.1:1234/sharpe"),
            ("UsageGen:Providers:Sharpe:Parameters:region", "eu"),
            ("UsageGen:Providers:Sharpe:Interval", "00:02:00"),
            ("UsageGen:Providers:Sharpe:WarnAbove", "50"),
            ("UsageGen:Providers:Sharpe:CriticalAbove", "75"));
        var o = host.Services.GetRequiredService<IOptionsMonitor<UsageGenProviderOptions>>().Get("Sharpe");
        Assert.True(o.Enabled);
        Assert.Equal(new Uri("http://127.0.0.1:1234/sharpe/"), o.BaseUri);
        Assert.Equal("eu", o.Parameters["region"]);
        Assert.Equal(TimeSpan.FromMinutes(2), o.Interval);
        Assert.Equal(50, o.WarnAbove);
        Assert.Equal(75, o.CriticalAbove);
        var credentials = o.ToCredentials();
        Assert.Equal(("k", "u", "p"), (credentials.ApiKey, credentials.Username, credentials.Password));
        Assert.DoesNotContain("k,", o.ToString());
        Assert.Contains("ApiKey=***", o.ToString());
        Assert.False(host.Services.GetRequiredService<IOptionsMonitor<UsageGenProviderOptions>>().Get("Tavily").Enabled);
    }

    [Fact]
    public void A_second_registration_adds_only_new_providers_and_one_monitor()
    {
        var configuration = new ConfigurationBuilder().Build().GetSection("UsageGen");
        var services = new ServiceCollection();
        var first = services.AddUsageGen(configuration, UsageCatalog.Providers.Where(p => p.Name != "Shoal"));
        var second = services.AddUsageGen(configuration, UsageCatalog.Providers);   // another compilation's catalog, overlapping
        Assert.Equal(4, first.Providers.Count);
        Assert.Equal("Shoal", Assert.Single(second.Providers).Name);
        using var sp = services.BuildServiceProvider();
        Assert.Equal(5, sp.GetServices<IUsageProvider>().Count());
        Assert.Same(sp.GetRequiredService<IUsageMonitor>(), Assert.Single(sp.GetServices<IHostedService>().OfType<UsageMonitor>()));
    }

    [Fact]
    public void Each_provider_has_its_named_http_client_with_the_configured_address()
    {
        using var host = Build(("UsageGen:Providers:Tavily:ApiKey", "k"), ("UsageGen:Providers:Tavily:BaseAddress", "http://127.0.0.1:4321/t/"));
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(UsageGenRegistry.HttpClientName("Tavily"));
        Assert.Equal(new Uri("http://127.0.0.1:4321/t/"), client.BaseAddress);
        Assert.Null(host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(UsageGenRegistry.HttpClientName("Shoal")).BaseAddress);
    }
}
