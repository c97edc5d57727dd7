using System;
using System.Linq;
using System.Threading.Tasks;
using UsageGen.Generated;
using Xunit;

namespace UsageGen.EndToEnd.Tests;

/// <summary>
/// The generated catalog, used with no provider-specific code: every provider is built by name and called over HTTP,
/// each under its own path prefix on one server. The per-provider facts (documented path, body, plan) are data.
/// </summary>
public sealed class CatalogTests : ServerTest
{
    private static readonly string[] ExpectedNames = { "CoinGecko", "CoinStats", "Sharpe", "Shoal", "Tavily" };

    [Fact]
    public void Providers_lists_exactly_the_five()
    {
        Assert.Equal(ExpectedNames, UsageCatalog.Providers.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(ExpectedNames.Length, UsageCatalog.Providers.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Find_is_case_insensitive_and_unknown_names_fail()
    {
        Assert.Equal("CoinGecko", UsageCatalog.Find("coingecko")?.Name);
        Assert.Null(UsageCatalog.Find("nope"));
        var ex = Assert.Throws<ArgumentException>(() => UsageCatalog.Create("nope", Server.CreateClient(), new UsageCredentials("k")));
        Assert.Contains("CoinGecko", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Documented.Names), MemberType = typeof(Documented))]
    public void Info_describes_the_documented_operation(string name)
    {
        var documented = Documented.Get(name);
        var info = UsageCatalog.Find(name)!;

        Assert.Equal(documented.Method + " " + documented.Path, info.UsageOperation);
        Assert.Empty(info.RequiredParameters);
        Assert.NotEmpty(info.AuthSchemes);
        Assert.Equal(name.ToUpperInvariant() + "_API_KEY", info.ApiKeyEnvironmentVariable);
        Assert.NotNull(info.DefaultBaseAddress);
    }

    [Fact]
    public async Task Every_provider_is_created_by_name_and_reports_its_plan_over_HTTP()
    {
        // One server, each provider under its own prefix (Sharpe and Shoal share /v1/usage).
        foreach (var documented in Documented.Providers)
            Server.Route(documented.Method, "/" + documented.Prefix + documented.Path.TrimStart('/'), documented.Response);

        foreach (var info in UsageCatalog.Providers)
        {
            var documented = Documented.Get(info.Name);
            var http = Server.CreateClient(documented.Prefix);

            var provider = UsageCatalog.Create(info.Name, http, new UsageCredentials("test-key"));
            Assert.Equal(info.Name, provider.Name);
            var snapshot = await provider.GetUsageAsync();

            Assert.Equal(info.Name, snapshot.Provider);
            Assert.Equal(documented.Plan, snapshot.Plan);
            Assert.NotNull(snapshot.MainQuota);
            Assert.NotNull(snapshot.CreditsUsed);
            Assert.NotNull(snapshot.CreditsLimit);
            Assert.NotNull(snapshot.RawResponse);

            // The request went to the documented path under the client's BaseAddress, carrying the key one of the
            // provider's declared schemes expects.
            var request = Assert.Single(Server.RequestsTo("/" + documented.Prefix + documented.Path.TrimStart('/')));
            Assert.True(info.AuthSchemes.Any(s => s.Kind switch
            {
                AuthKind.Bearer => request.Header("Authorization") == "Bearer test-key",
                AuthKind.ApiKeyHeader => request.Header(s.ParameterName!) == "test-key",
                _ => false,
            }), $"{info.Name}: no declared scheme matches the request's credentials");
        }

        Assert.Equal(Documented.Providers.Count, Server.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Documented.Names), MemberType = typeof(Documented))]
    public void Info_Example_is_the_documented_example(string name)
    {
        var documented = Documented.Get(name);
        var example = UsageCatalog.Find(name)!.Example;

        Assert.NotNull(example);
        Assert.Equal(200, example!.Status);
        Assert.Equal(documented.Method, example.Method);
        Assert.Equal(documented.Path, example.Path);
        JsonAssert.Equal(documented.Body, example.Body);

        var headers = JsonAssert.ToDictionary(example.Headers);
        Assert.Equal(documented.Headers.Length, headers.Count);
        foreach (var (header, value) in documented.Headers)
            Assert.Equal(value, headers[header]);
    }

    [Fact]
    public async Task The_catalog_example_replayed_by_a_server_round_trips_through_every_adapter()
    {
        // What a demo server would do: serve Info.Example as is. Every adapter must read it and report its plan.
        foreach (var info in UsageCatalog.Providers)
        {
            var example = info.Example!;
            var prefix = info.Name.ToLowerInvariant() + "/";
            Server.Route(example.Method, "/" + prefix + example.Path.TrimStart('/'), new CannedResponse
            {
                Status = example.Status,
                Body = example.Body,
                Headers = example.Headers,
            });
            var snapshot = await UsageCatalog.Create(info.Name, Server.CreateClient(prefix), new UsageCredentials("test-key")).GetUsageAsync();
            Assert.Equal(Documented.Get(info.Name).Plan, snapshot.Plan);
        }
    }
}
