using UsageGen.CommandLine;
using UsageGen.EndToEnd.Tests;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>Real mode: keys configured, each provider's BaseAddress pointed at a local Kestrel standing in for the provider.</summary>
public sealed class RealModeTests : IAsyncLifetime
{
    private LocalServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Key(Documented.Provider p) => $"sk-live-{p.Name.ToLowerInvariant()}-7f3a9c21d0";

    /// <summary>Every provider has a key and points at the local server; <paramref name="except"/> answers differently.</summary>
    private Dictionary<string, string?> ServeAll(string? except = null, CannedResponse? answer = null)
    {
        var env = new Dictionary<string, string?>();
        foreach (var p in Documented.Providers)
        {
            _server.Route("GET", p.ServedPath, p.Name == except ? answer! : p.Response);
            env[p.EnvironmentVariable] = Key(p);
            env[$"UsageGen__Providers__{p.Name}__BaseAddress"] = new Uri(_server.BaseAddress, p.Prefix).ToString();
        }
        return env;
    }

    [Fact]
    public async Task One_provider_401_is_an_error_row_exit_4_others_shown_and_no_key_printed()
    {
        // The 401 body even echoes the key back: it must still never reach the output.
        var tavilyKey = Key(Documented.Get("Tavily"));
        var env = ServeAll("Tavily", CannedResponse.Json("{\"detail\":{\"error\":\"Unauthorized: invalid API key " + tavilyKey + ".\"}}", 401));

        var run = await Cli.RunAsync(env);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.DoesNotContain("Demo data", run.Output, StringComparison.Ordinal);
        var tavily = run.Row("Tavily");
        Assert.Contains("401", tavily, StringComparison.Ordinal);
        Assert.Contains("Unauthorized", tavily, StringComparison.Ordinal);
        Assert.Contains("1 of 5 providers failed", run.Output, StringComparison.Ordinal);
        foreach (var p in Documented.Providers.Where(p => p.Name != "Tavily"))
        {
            var row = run.Row(p.Name);
            Assert.Contains(p.Plan, row, StringComparison.Ordinal);
            Assert.Contains(p.Used.ToString("#,0", CultureInfo.InvariantCulture) + " / " + p.Limit.ToString("#,0", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
        }
        foreach (var p in Documented.Providers)
        {
            Assert.DoesNotContain(Key(p), run.Output, StringComparison.Ordinal);
            // It really was sent: this is real mode, over HTTP, with the configured key.
            var request = Assert.Single(_server.RequestsTo(p.ServedPath));
            Assert.Contains(request.Headers.Values, v => v.Contains(Key(p), StringComparison.Ordinal));
        }
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Json_puts_failures_in_the_same_array()
    {
        var env = ServeAll("CoinStats", CannedResponse.Json(Documented.CoinStatsUnauthorizedBody, 401));

        var run = await Cli.RunAsync(env, "--json");

        Assert.True(run.ExitCode == 4, run.ToString());
        using var doc = JsonDocument.Parse(run.Output);
        var items = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal(5, items.Length);
        var failed = items.Single(i => i.GetProperty("provider").GetString() == "CoinStats");
        var error = failed.GetProperty("error");
        Assert.Equal("authentication", error.GetProperty("type").GetString());
        Assert.Equal(401, error.GetProperty("status").GetInt32());
        Assert.Contains("Unauthorized", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Other", items.Single(i => i.GetProperty("provider").GetString() == "CoinGecko").GetProperty("plan").GetString());
        foreach (var p in Documented.Providers) Assert.DoesNotContain(Key(p), run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_body_is_an_error_row()
    {
        var env = ServeAll("Shoal", CannedResponse.Json("""{"data":{"budget":{"limit":"lots"}}}"""));

        var run = await Cli.RunAsync(env, "--provider", "shoal", "--provider", "coingecko");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("does not match the spec", run.Row("Shoal"), StringComparison.Ordinal);
        Assert.Contains("ok", run.Row("CoinGecko"), StringComparison.Ordinal);
        Assert.DoesNotContain("Tavily", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_configured_providers_are_queried_and_a_named_one_without_key_is_an_error_row()
    {
        var env = ServeAll();
        env.Remove("COINSTATS_API_KEY");

        var all = await Cli.RunAsync(env);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("Not queried (no key): CoinStats (COINSTATS_API_KEY)", all.Output, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo(Documented.Get("CoinStats").ServedPath));

        var named = await Cli.RunAsync(env, "--provider", "coinstats", "--provider", "tavily");
        Assert.True(named.ExitCode == 4, named.ToString());
        Assert.Contains("no API key: set COINSTATS_API_KEY", named.Row("CoinStats"), StringComparison.Ordinal);
        Assert.Contains("Bootstrap", named.Row("Tavily"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Threshold_takes_precedence_over_a_failure()
    {
        var env = ServeAll("Tavily", CannedResponse.Json(Documented.TavilyUnauthorizedBody, 401));
        var run = await Cli.RunAsync(env, "--fail-above", "40");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("above 40%", run.Row("CoinStats"), StringComparison.Ordinal);
        Assert.Contains("401", run.Row("Tavily"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_come_from_appsettings_json_and_command_line_configuration()
    {
        var coinStats = Documented.Get("CoinStats");
        var shoal = Documented.Get("Shoal");
        _server.Route("GET", coinStats.ServedPath, coinStats.Response).Route("GET", shoal.ServedPath, shoal.Response);
        var dir = Directory.CreateTempSubdirectory("usagegen-cli-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "appsettings.json"), $$"""
                { "UsageGen": { "Providers": { "CoinStats": {
                    "ApiKey": "cs-from-appsettings",
                    "BaseAddress": "{{new Uri(_server.BaseAddress, coinStats.Prefix)}}" } } } }
                """);
            var env = new Dictionary<string, string?> { ["UsageGen__Providers__Shoal__BaseAddress"] = new Uri(_server.BaseAddress, shoal.Prefix).ToString() };

            var (run, error) = await Cli.RunWithHostAsync(env, dir.FullName, "--UsageGen:Providers:Shoal:ApiKey=shoal-from-args", "--details");

            Assert.True(run.ExitCode == 0, run + "\nstderr: " + error);
            Assert.Contains("PRO", run.Row("CoinStats"), StringComparison.Ordinal);
            Assert.Contains("pro", run.Row("Shoal"), StringComparison.Ordinal);
            Assert.Contains(_server.RequestsTo(coinStats.ServedPath).Single().Headers.Values, v => v.Contains("cs-from-appsettings", StringComparison.Ordinal));
            Assert.Contains(_server.RequestsTo(shoal.ServedPath).Single().Headers.Values, v => v.Contains("shoal-from-args", StringComparison.Ordinal));
            Assert.DoesNotContain("from-a", run.Output + error, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Unlimited_quota_reads_unlimited()
    {
        var tavily = Documented.Get("Tavily");
        var body = tavily.Body.Replace("\"limit\": 1000", "\"limit\": null", StringComparison.Ordinal);
        Assert.NotEqual(tavily.Body, body);
        var env = ServeAll("Tavily", CannedResponse.Json(body));

        var run = await Cli.RunAsync(env, "-p", "tavily", "--details");

        Assert.True(run.ExitCode == 0, run.ToString());
        var keyRow = run.Output.Split('\n').Single(l => l.Contains("quota key", StringComparison.Ordinal));
        Assert.Contains("150 / unlimited", keyRow, StringComparison.Ordinal);
    }
}
