using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using UsageGen.EndToEnd.Tests;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.Package.Tests;

/// <summary>
/// Packs UsageGen, UsageGen.Extensions.Http and UsageGen.Hosting to a local folder feed once, then plays a new user:
/// fresh net8.0 and net10.0 console projects, <c>dotnet add package</c> from that feed, one MSBuild line, the five
/// specs plus a sixth written here, a build with Nullable and TreatWarningsAsErrors, a run against a local Kestrel
/// server, and the printed snapshots checked; and a fresh ASP.NET Core service with UsageGen.Hosting
/// (<see cref="HostingPackageTests"/>).
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "usagegen-package-" + Guid.NewGuid().ToString("N")[..8]);
    public string Feed => Path.Combine(Root, "feed");
    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
    public string Nupkg => NupkgOf("UsageGen");
    public string RepositoryRoot { get; } = typeof(PackageFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryRoot").Value!;
    public ProcessResult Pack { get; private set; } = null!;

    /// <summary>UsageGen.Extensions.Http, then UsageGen.Hosting (which depends on it and on UsageGen).</summary>
    public ProcessResult PackHosting { get; private set; } = null!;

    public string NupkgOf(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Pack = await PackAsync("UsageGen");
        var http = await PackAsync("UsageGen.Extensions.Http");
        PackHosting = http.ExitCode != 0 ? http : await PackAsync("UsageGen.Hosting");
    }

    private Task<ProcessResult> PackAsync(string project) =>
        Shell.RunAsync("dotnet", $"pack \"{Path.Combine(RepositoryRoot, "src", project, project + ".csproj")}\" -c Release -o \"{Feed}\" -p:PackageVersion={Version}", RepositoryRoot);

    /// <summary>What the README tells a user to add: one line, plus the strict settings we promise to survive.</summary>
    public static void AddSpecsStrictly(string csproj) =>
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", """
              <PropertyGroup>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <UsageGenSpec Include="specs/*.yaml" />
              </ItemGroup>
            </Project>
            """));

    /// <summary>Builds the consumer in <paramref name="dir"/>: no warning, and the generator loaded and ran (no CS8032/CS8033/CS8784/CS8785).</summary>
    public static async Task BuildCleanAsync(string dir, ITestOutputHelper output)
    {
        var build = await Shell.RunAsync("dotnet", "build -c Release", dir);
        output.WriteLine(build.Output);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("0 Warning(s)", build.Output);
        foreach (var id in new[] { "CS8032", "CS8784", "CS8785", "CS8033" }) Assert.DoesNotContain(id, build.Output);
    }

    /// <summary>A new folder whose nuget.config puts the local feed first, as a user trying a package build would.</summary>
    public string ConsumerFolder(string name)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        return dir;
    }

    private Task<ProcessResult>? _packCommandLine;

    /// <summary>Packs UsageGen.CommandLine (the command as a library) into the same feed at the same version, once.</summary>
    public Task<ProcessResult> PackCommandLineAsync()
    {
        lock (this)
            return _packCommandLine ??= PackAsync("UsageGen.CommandLine");
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}

public sealed record ProcessResult(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

public static class Shell
{
    public static async Task<ProcessResult> RunAsync(string file, string arguments, string workingDirectory, IDictionary<string, string>? environment = null, int timeoutSeconds = 300)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (environment is not null) foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(timeoutSeconds))) != exited)
        {
            process.Kill(entireProcessTree: true);
            return new ProcessResult(-1, $"timed out after {timeoutSeconds} s: {file} {arguments}\n{await stdout}{await stderr}");
        }
        output.Append(await stdout).Append(await stderr);
        return new ProcessResult(process.ExitCode, output.ToString());
    }
}

/// <summary>One pack for every test class that plays a new user.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "package";
}

[Collection(PackageCollection.Name)]
public class PackageTests
{
    private readonly PackageFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PackageTests(PackageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>A provider we have never seen: basic auth, a required query parameter, another shape.</summary>
    public const string SixthSpec = """
        openapi: 3.0.1
        info:
          title: Acme Metrics API
          version: '2.1'
        servers:
          - url: https://api.acme-metrics.test/v2
        components:
          securitySchemes:
            basicAuth:
              type: http
              scheme: basic
          schemas:
            AccountLimits:
              type: object
              required: [subscription, limits]
              properties:
                subscription:
                  type: object
                  properties:
                    name: { type: string, description: Name of the subscription }
                    renews_at: { type: string, format: date-time, description: When the subscription renews }
                limits:
                  type: object
                  properties:
                    credits_per_month: { type: integer, format: int64, description: Credits included each month }
                    credits_consumed: { type: integer, format: int64, description: Credits consumed this month }
                rate:
                  type: object
                  properties:
                    requests_per_minute: { type: integer }
        security:
          - basicAuth: []
        paths:
          /accounts/limits:
            get:
              operationId: getAccountLimits
              summary: Account limits and consumption
              parameters:
                - name: workspace
                  in: query
                  required: true
                  schema: { type: string }
              responses:
                '200':
                  description: The limits
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/AccountLimits' }
                '401':
                  description: Bad credentials
        """;

    private const string SixthBody = """{"subscription":{"name":"Team","renews_at":"2026-12-01T00:00:00Z"},"limits":{"credits_per_month":5000,"credits_consumed":"1234"},"rate":{"requests_per_minute":120}}""";

    private const string ProgramSource = """
        using System.Text.Json;
        using UsageGen;
        using UsageGen.Generated;

        // Queries every provider compiled in against the server in args[0], with no provider-specific code.
        var snapshots = new List<UsageSnapshot>();
        foreach (var provider in UsageCatalog.Providers)
        {
            using var http = UsageGenHttp.CreateClient(new Uri(args[0] + provider.Name.ToLowerInvariant() + "/"));
            var credentials = new UsageCredentials("pkg-key")
            {
                Username = "pkg-user",
                Password = "pkg-pass",
                Parameters = new Dictionary<string, string> { ["workspace"] = "w1" },
            };
            snapshots.Add(await provider.Create(http, credentials).GetUsageAsync());
        }
        Console.WriteLine(UsageSnapshotJson.Serialize(snapshots, includeRaw: false));
        """;

    /// <summary>A new console project in <paramref name="folder"/> whose nuget.config adds the fixture's folder feed, as the README says.</summary>
    private async Task<string> NewConsoleProjectAsync(string folder, string name)
    {
        var dir = _fixture.ConsumerFolder(folder);
        var created = await Shell.RunAsync("dotnet", $"new console -n {name} -o . --force", dir);
        Assert.True(created.ExitCode == 0, created.ToString());
        return dir;
    }

    /// <summary>
    /// A team's own usagegen: a fresh console project with the UsageGen and UsageGen.CommandLine packages, its specs, and
    /// the one line of Program.cs the README gives; run against a local Kestrel standing in for the providers.
    /// </summary>
    [Fact]
    public async Task A_team_ships_its_own_command_over_its_catalog_with_one_line()
    {
        Assert.True(_fixture.Pack.ExitCode == 0, _fixture.Pack.ToString());
        var packCommand = await _fixture.PackCommandLineAsync();
        Assert.True(packCommand.ExitCode == 0, packCommand.ToString());
        var dir = await NewConsoleProjectAsync("team-command", "TeamUsage");
        foreach (var package in new[] { "UsageGen", "UsageGen.CommandLine" })
        {
            var add = await Shell.RunAsync("dotnet", $"add package {package} --version {_fixture.Version}", dir);
            Assert.True(add.ExitCode == 0, add.ToString());
        }
        var csproj = Path.Combine(dir, "TeamUsage.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", """
              <PropertyGroup>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <UsageGenSpec Include="specs/*.yaml" />
              </ItemGroup>
            </Project>
            """));
        var specs = Directory.CreateDirectory(Path.Combine(dir, "specs")).FullName;
        File.Copy(Path.Combine(_fixture.RepositoryRoot, "specs", "coinstats.yaml"), Path.Combine(specs, "coinstats.yaml"));
        File.WriteAllText(Path.Combine(specs, "acme.yaml"), SixthSpec);
        File.WriteAllText(Path.Combine(dir, "Program.cs"),
            "return await UsageGen.CommandLine.UsageGenCommand.RunAsync(args, UsageGen.Generated.UsageCatalog.Providers);\n");

        var build = await Shell.RunAsync("dotnet", "build -c Release", dir);
        _output.WriteLine(build.Output);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("0 Warning(s)", build.Output);

        await using var server = await LocalServer.StartAsync();
        var coinStats = Documented.Get("CoinStats");
        server.Route("GET", coinStats.ServedPath, coinStats.Response);
        server.Route("GET", "/acme/accounts/limits", CannedResponse.Json(SixthBody));
        var env = new Dictionary<string, string>
        {
            ["COINSTATS_API_KEY"] = "cs-team-key",
            ["UsageGen__Providers__CoinStats__BaseAddress"] = new Uri(server.BaseAddress, coinStats.Prefix).ToString(),
            ["UsageGen__Providers__Acme__Username"] = "team-user",
            ["UsageGen__Providers__Acme__Password"] = "team-pass",
            ["UsageGen__Providers__Acme__Parameters__workspace"] = "w1",
            ["UsageGen__Providers__Acme__BaseAddress"] = new Uri(server.BaseAddress, "acme/").ToString(),
            ["XDG_DATA_HOME"] = Path.Combine(dir, "data"),
        };
        var dll = Path.Combine(dir, "bin", "Release", "net10.0", "TeamUsage.dll");

        var json = await Shell.RunAsync("dotnet", $"\"{dll}\" --json", dir, env, timeoutSeconds: 60);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Output);
        var byName = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("provider").GetString()!);
        Assert.Equal(new[] { "Acme", "CoinStats" }, byName.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(1234m, byName["Acme"].GetProperty("creditsUsed").GetDecimal());
        Assert.Equal(45000m, byName["CoinStats"].GetProperty("creditsUsed").GetDecimal());
        // The run was recorded in the history file under the data folder, and the history command reads it.
        Assert.True(File.Exists(Path.Combine(dir, "data", "usagegen", "history.db")));
        var history = await Shell.RunAsync("dotnet", $"\"{dll}\" history --csv", dir, env, timeoutSeconds: 60);
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains(",CoinStats,", history.Output, StringComparison.Ordinal);

        var help = await Shell.RunAsync("dotnet", $"\"{dll}\" --help", dir, env, timeoutSeconds: 60);
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("Known: Acme, CoinStats", help.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--spec", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Package_holds_the_generator_its_dependencies_the_runtime_and_the_msbuild_files()
    {
        Assert.True(_fixture.Pack.ExitCode == 0, _fixture.Pack.ToString());
        using var zip = ZipFile.OpenRead(_fixture.Nupkg);
        var files = zip.Entries.Select(e => e.FullName).ToHashSet();
        _output.WriteLine(string.Join("\n", files.OrderBy(f => f)));
        foreach (var dll in new[] { "UsageGen.Generator", "NSwag.Core", "NJsonSchema", "NJsonSchema.Annotations", "Newtonsoft.Json", "Namotion.Reflection", "YamlDotNet" })
            Assert.Contains($"analyzers/dotnet/cs/{dll}.dll", files);
        Assert.Contains("lib/netstandard2.0/UsageGen.dll", files);
        Assert.Contains("lib/net8.0/UsageGen.dll", files);
        Assert.Contains("buildTransitive/UsageGen.props", files);
        Assert.Contains("buildTransitive/UsageGen.targets", files);
        // Roslyn is the compiler's own: shipping it would fight the host.
        Assert.DoesNotContain(files, f => f.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
        Assert.DoesNotContain("UsageGen.Generator", nuspec);
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public async Task A_fresh_project_builds_with_the_package_and_reports_usage_for_six_providers(string tfm)
    {
        Assert.True(_fixture.Pack.ExitCode == 0, _fixture.Pack.ToString());
        var dir = await NewConsoleProjectAsync("consumer-" + tfm, "Consumer");

        // The SDK 10 template offers net10.0 only: create, then retarget, as a user on a net8.0 codebase would.
        var csprojPath = Path.Combine(dir, "Consumer.csproj");
        File.WriteAllText(csprojPath, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(csprojPath), "<TargetFramework>[^<]+</TargetFramework>", $"<TargetFramework>{tfm}</TargetFramework>"));
        var add = await Shell.RunAsync("dotnet", $"add package UsageGen --version {_fixture.Version}", dir);
        Assert.True(add.ExitCode == 0, add.ToString());

        PackageFixture.AddSpecsStrictly(Path.Combine(dir, "Consumer.csproj"));
        var specs = Directory.CreateDirectory(Path.Combine(dir, "specs")).FullName;
        foreach (var spec in Directory.GetFiles(Path.Combine(_fixture.RepositoryRoot, "specs"), "*.yaml"))
            File.Copy(spec, Path.Combine(specs, Path.GetFileName(spec)));
        File.WriteAllText(Path.Combine(specs, "acme.yaml"), SixthSpec);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramSource);

        await PackageFixture.BuildCleanAsync(dir, _output);

        await using var server = await LocalServer.StartAsync();
        foreach (var p in Documented.Providers) server.Route(p.Method, "/" + p.Prefix + p.Path.TrimStart('/'), p.Response);
        server.Route("GET", "/acme/accounts/limits", CannedResponse.Json(SixthBody));

        var dll = Path.Combine(dir, "bin", "Release", tfm, "Consumer.dll");
        // Only the .NET 10 runtime is installed here: a net8.0 app runs on it by rolling forward.
        var run = await Shell.RunAsync("dotnet", $"\"{dll}\" {server.BaseAddress}", dir, new Dictionary<string, string> { ["DOTNET_ROLL_FORWARD"] = "Major" }, timeoutSeconds: 60);
        Assert.True(run.ExitCode == 0, run.ToString());

        using var json = JsonDocument.Parse(run.Output);
        var byName = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("provider").GetString()!);
        Assert.Equal(new[] { "Acme", "CoinGecko", "CoinStats", "Sharpe", "Shoal", "Tavily" }, byName.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var p in Documented.Providers) Assert.Equal(p.Plan, byName[p.Name].GetProperty("plan").GetString());
        Assert.Equal(45000m, byName["CoinStats"].GetProperty("creditsUsed").GetDecimal());
        Assert.Equal(12480m, byName["Sharpe"].GetProperty("creditsUsed").GetDecimal());
        Assert.Equal("2026-04-01T00:00:00+00:00", byName["Sharpe"].GetProperty("resetsAt").GetString());

        // The sixth provider, normalized from a spec nobody wrote C# for.
        var acme = byName["Acme"];
        Assert.Equal("Team", acme.GetProperty("plan").GetString());
        Assert.Equal(1234m, acme.GetProperty("creditsUsed").GetDecimal());
        Assert.Equal(5000m, acme.GetProperty("creditsLimit").GetDecimal());
        Assert.Equal(3766m, acme.GetProperty("creditsRemaining").GetDecimal());
        Assert.Equal(120m, acme.GetProperty("requestsPerMinute").GetDecimal());
        Assert.Equal("2026-12-01T00:00:00+00:00", acme.GetProperty("resetsAt").GetString());
        var acmeRequest = Assert.Single(server.RequestsTo("/acme/accounts/limits"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("pkg-user:pkg-pass")), acmeRequest.Header("Authorization"));
        Assert.Contains("workspace=w1", acmeRequest.QueryString);
        Assert.DoesNotContain("pkg-key", run.Output);
    }
}
