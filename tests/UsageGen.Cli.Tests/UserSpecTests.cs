using UsageGen.CommandLine;
using UsageGen.EndToEnd.Tests;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>
/// The user's own providers: specs compiled at run time by the generator (through Roslyn) and loaded into the table,
/// in demo mode and against a local Kestrel standing in for the provider. One class, so its compilations run one at a time.
/// </summary>
public sealed class UserSpecTests : IAsyncLifetime
{
    private const string AcmeKey = "acme-live-5d1e0b7c93";

    private LocalServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>acme.yaml at one fixed path for the whole test run, so its compilation is cached across tests.</summary>
    private static readonly Lazy<string> AcmeSpec = new(() =>
    {
        var folder = Directory.CreateDirectory(Path.Combine(Cli.TempRoot, "acme-specs")).FullName;
        var path = Path.Combine(folder, "acme.yaml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Specs", "acme.yaml"), path, overwrite: true);
        return path;
    });

    private static Task<(CliRun Out, string Error)> Run(IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        Cli.RunWithOptionsAsync(new UsageGenCommandOptions { Environment = env, UseConfigurationFiles = false }, CancellationToken.None, args);

    private Dictionary<string, string?> ServeAcme(string body)
    {
        _server.Route("GET", "/acme/v2/account/usage", CannedResponse.Json(body));
        return new Dictionary<string, string?>
        {
            ["ACME_API_KEY"] = AcmeKey,
            ["UsageGen__Providers__Acme__BaseAddress"] = new Uri(_server.BaseAddress, "acme/").ToString(),
        };
    }

    [Fact]
    public async Task A_spec_of_the_users_own_is_in_the_demo_table_with_its_documented_figures()
    {
        var (run, error) = await Run(null, "--spec", AcmeSpec.Value);

        Assert.True(run.ExitCode == 0, run + error);
        var row = run.Row("Acme");
        Assert.Contains("Growth", row, StringComparison.Ordinal);
        Assert.Contains("7,310 / 25,000 requests", row, StringComparison.Ordinal);
        Assert.Contains("17,690", row, StringComparison.Ordinal);
        Assert.Contains("2027-01-01", row, StringComparison.Ordinal);
        Assert.Contains("120 rpm", row, StringComparison.Ordinal);
        // The compiled-in providers are still there; the demo note names the user's provider's variable too.
        Assert.Contains("PRO", run.Row("CoinStats"), StringComparison.Ordinal);
        Assert.DoesNotContain("error", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_its_key_configured_it_is_queried_like_a_compiled_in_provider()
    {
        var env = ServeAcme("""{"plan":{"name":"Scale"},"requests":{"used":120500,"limit":250000,"remaining":129500,"resets_at":"2027-02-01T00:00:00Z"},"rate_limit":{"requests_per_minute":600}}""");

        var (run, error) = await Run(env, "--spec", AcmeSpec.Value, "--json");

        Assert.True(run.ExitCode == 0, run + error);
        var acme = Assert.Single(JsonDocument.Parse(run.Output).RootElement.EnumerateArray());
        Assert.Equal("Acme", acme.GetProperty("provider").GetString());
        Assert.Equal("Scale", acme.GetProperty("plan").GetString());
        Assert.Equal(120500m, acme.GetProperty("creditsUsed").GetDecimal());
        Assert.Equal(250000m, acme.GetProperty("creditsLimit").GetDecimal());
        Assert.Equal(129500m, acme.GetProperty("creditsRemaining").GetDecimal());
        Assert.Equal(600m, acme.GetProperty("requestsPerMinute").GetDecimal());
        // The key went where the spec says (its apiKey header), and nowhere in the output.
        var request = Assert.Single(_server.RequestsTo("/acme/v2/account/usage"));
        Assert.Equal(AcmeKey, request.Header("X-Acme-Key"));
        Assert.DoesNotContain(AcmeKey, run.Output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_five_launch_specs_compiled_at_run_time_give_the_same_snapshots_as_the_build()
    {
        static string WithoutObservedAt(string json)
        {
            var array = JsonNode.Parse(json)!.AsArray();
            foreach (var item in array) item!.AsObject().Remove("observedAt");
            return array.ToJsonString();
        }

        var (built, _) = await Run(null, "--json", "--demo");
        var (compiled, error) = await Run(null, "--json", "--demo", "--specs", Path.Combine(Cli.RepositoryRoot, "specs"));

        Assert.True(compiled.ExitCode == 0, compiled + error);
        foreach (var name in new[] { "CoinGecko", "CoinStats", "Sharpe", "Shoal", "Tavily" })
            Assert.Contains($"{name}: using ", error, StringComparison.Ordinal);
        Assert.Equal(WithoutObservedAt(built.Output), WithoutObservedAt(compiled.Output));
    }

    [Fact]
    public async Task The_compiled_spec_is_cached_by_content_and_a_changed_spec_is_compiled_again()
    {
        var cache = Directory.CreateTempSubdirectory("usagegen-cache-").FullName;
        var folder = Directory.CreateTempSubdirectory("usagegen-spec-").FullName;
        var spec = Path.Combine(folder, "acme.yaml");
        File.Copy(AcmeSpec.Value, spec);
        var env = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache };

        var (cold, coldError) = await Run(env, "--spec", spec, "-p", "acme", "--no-history");
        var (warm, warmError) = await Run(env, "--spec", spec, "-p", "acme", "--no-history");

        Assert.True(cold.ExitCode == 0 && warm.ExitCode == 0, cold + coldError + warm + warmError);
        Assert.Contains("Compiled 1 spec", coldError, StringComparison.Ordinal);
        Assert.DoesNotContain("Compiled", warmError, StringComparison.Ordinal);
        Assert.Equal(cold.Row("Acme"), warm.Row("Acme"));
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "usagegen", "specs"), "*.dll"));

        File.WriteAllText(spec, File.ReadAllText(spec).Replace("name: Growth", "name: Growth Plus", StringComparison.Ordinal));
        var (changed, changedError) = await Run(env, "--spec", spec, "-p", "acme", "--no-history");
        Assert.Contains("Compiled 1 spec", changedError, StringComparison.Ordinal);
        Assert.Contains("Growth Plus", changed.Row("Acme"), StringComparison.Ordinal);

        // A damaged cache entry is compiled again, not trusted.
        foreach (var dll in Directory.GetFiles(Path.Combine(cache, "usagegen", "specs"), "*.dll")) File.WriteAllText(dll, "not an assembly");
        var (repaired, repairedError) = await Run(env, "--spec", spec, "-p", "acme", "--no-history");
        Assert.True(repaired.ExitCode == 0, repaired + repairedError);
        Assert.Contains("Compiled 1 spec", repairedError, StringComparison.Ordinal);
        Assert.Contains("Growth Plus", repaired.Row("Acme"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_spec_prints_its_diagnostics_at_path_line_and_column_without_the_key_and_the_rest_still_shows()
    {
        var folder = Directory.CreateTempSubdirectory("usagegen-broken-").FullName;
        var broken = Path.Combine(folder, "broken.yaml");
        // 'info' twice: the second, at line 6 column 1, is the error.
        File.WriteAllText(broken, "openapi: 3.0.3\ninfo:\n  title: Broken\n  version: '1'\npaths: {}\ninfo:\n  title: Again\n");
        // An override naming a field that does not exist; the name happens to be the configured key.
        var bad = Path.Combine(folder, "widget.yaml");
        File.WriteAllText(bad, File.ReadAllText(AcmeSpec.Value)
            .Replace("      operationId: getAccountUsage\n", $"      operationId: getAccountUsage\n      x-usagegen:\n        used: requests.{AcmeKey}\n", StringComparison.Ordinal)
            .Replace("title: Acme Geocoding API", "title: Widget API", StringComparison.Ordinal));
        var env = new Dictionary<string, string?> { ["WIDGET_API_KEY"] = AcmeKey };

        var (run, error) = await Run(env, "--spec", broken, "--spec", bad, "--demo");

        Assert.True(run.ExitCode == 4, run + error);
        run.AssertNoStackTrace();
        Assert.Contains($"{broken}(6,1): error UG0001: ", error, StringComparison.Ordinal);
        Assert.Contains($"{bad}(", error, StringComparison.Ordinal);
        Assert.Contains(": error UG0010: ", error, StringComparison.Ordinal);
        Assert.Contains("requests.***", error, StringComparison.Ordinal);
        Assert.DoesNotContain(AcmeKey, run.Output + error, StringComparison.Ordinal);
        Assert.Contains("1 error in the spec", run.Row("broken.yaml"), StringComparison.Ordinal);
        Assert.Contains("PRO", run.Row("CoinStats"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_specs_folder_can_come_from_configuration()
    {
        var dir = Directory.CreateTempSubdirectory("usagegen-config-").FullName;
        File.WriteAllText(Path.Combine(dir, "appsettings.json"),
            JsonSerializer.Serialize(new { UsageGen = new { Specs = Path.GetDirectoryName(AcmeSpec.Value) } }));

        var (run, error) = await Cli.RunWithOptionsAsync(new UsageGenCommandOptions { CurrentDirectory = dir }, CancellationToken.None, "-p", "acme");

        Assert.True(run.ExitCode == 0, run + error);
        Assert.Contains("Growth", run.Row("Acme"), StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(dir, "appsettings.json"), """{ "UsageGen": { "Specs": "no-such-folder" } }""");
        var (missing, missingError) = await Cli.RunWithOptionsAsync(new UsageGenCommandOptions { CurrentDirectory = dir }, CancellationToken.None, "-p", "coinstats");
        Assert.True(missing.ExitCode == 0, missing + missingError);
        Assert.Contains("UsageGen:Specs: 'no-such-folder' not found", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spec_that_does_not_exist_is_a_usage_error_and_an_unknown_provider_lists_the_users_too()
    {
        var (missing, missingError) = await Run(null, "--spec", "no-such.yaml");
        Assert.True(missing.ExitCode == 2, missing + missingError);
        Assert.Contains("spec 'no-such.yaml' not found", missingError, StringComparison.Ordinal);

        var (unknown, unknownError) = await Run(null, "--spec", AcmeSpec.Value, "-p", "acmee");
        Assert.True(unknown.ExitCode == 2, unknown + unknownError);
        Assert.Contains("Known providers: CoinGecko, CoinStats, Sharpe, Shoal, Tavily, Acme.", unknownError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_providers_spec_from_the_usage_corpus_reads_its_documented_body()
    {
        // IPinfo (tests/corpus/usage/train/ipinfo): GET /me with a bearer token; expected.json was written from its docs.
        var corpus = Path.Combine(Cli.RepositoryRoot, "tests", "corpus", "usage", "train", "ipinfo");
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "expected.json")));
        _server.Route("GET", "/ipinfo/me", CannedResponse.Json(File.ReadAllText(Path.Combine(corpus, "body.json"))));
        var env = new Dictionary<string, string?>
        {
            ["IPINFO_API_KEY"] = "ipinfo-token-0c4f",
            ["UsageGen__Providers__IPinfo__BaseAddress"] = new Uri(_server.BaseAddress, "ipinfo/").ToString(),
        };

        var (run, error) = await Run(env, "--spec", Path.Combine(corpus, "ipinfo.yaml"), "--json");

        Assert.True(run.ExitCode == 0, run + error);
        var snapshot = Assert.Single(JsonDocument.Parse(run.Output).RootElement.EnumerateArray());
        var figures = expected.RootElement.GetProperty("figures");
        foreach (var name in new[] { "creditsUsed", "creditsLimit", "creditsRemaining" })
            Assert.Equal(figures.GetProperty(name).GetDecimal(), snapshot.GetProperty(name).GetDecimal());
        Assert.Equal("Bearer ipinfo-token-0c4f", Assert.Single(_server.RequestsTo("/ipinfo/me")).Header("Authorization"));
    }

    [Fact]
    public async Task A_team_hosts_the_command_over_its_own_catalog_in_one_call()
    {
        // What a team's Program.cs does: UsageGenCommand.RunAsync(args, UsageCatalog.Providers), here over two of the tool's.
        var catalog = UsageGen.Generated.UsageCatalog.Providers.Where(p => p.Name is "CoinStats" or "Shoal").ToArray();
        var output = new StringWriter();
        var exit = await UsageGenCommand.RunAsync(new[] { "--demo", "--no-history" }, catalog,
            new UsageGenCommandOptions { Name = "teamusage", Out = Cli.Console(output), Environment = Cli.Hermetic(null), UseConfigurationFiles = false });
        var run = new CliRun(exit, output.ToString(), TimeSpan.Zero);

        Assert.True(exit == 0, run.ToString());
        Assert.Contains("PRO", run.Row("CoinStats"), StringComparison.Ordinal);
        Assert.Contains("pro", run.Row("Shoal"), StringComparison.Ordinal);
        Assert.DoesNotContain("Tavily", run.Output, StringComparison.Ordinal);

        // Without a spec loader there is no --spec; its messages carry the team's command name.
        var specOutput = new StringWriter();
        var specExit = await UsageGenCommand.RunAsync(new[] { "--spec", "x.yaml" }, catalog,
            new UsageGenCommandOptions { Name = "teamusage", Out = Cli.Console(specOutput), Environment = Cli.Hermetic(null), UseConfigurationFiles = false });
        Assert.Equal(2, specExit);
        Assert.Contains("Run 'teamusage --help' for usage.", specOutput.ToString(), StringComparison.Ordinal);
    }
}
