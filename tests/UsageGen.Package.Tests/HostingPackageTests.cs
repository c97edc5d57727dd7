using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using UsageGen.EndToEnd.Tests;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.Package.Tests;

/// <summary>
/// UsageGen.Hosting as a newcomer meets it: the package's files and dependencies, then a fresh ASP.NET Core project
/// (<c>dotnet new web</c>) that adds only UsageGen.Hosting from the local feed, drops one spec, calls the generated
/// <c>services.AddUsageGen(configuration.GetSection("UsageGen"))</c>, builds under TreatWarningsAsErrors and runs once
/// against the provider on a local Kestrel server.
/// </summary>
[Collection(PackageCollection.Name)]
public class HostingPackageTests
{
    private const string Key = "pkg-service-key-Q7w6";

    /// <summary>What UsageGen.Hosting's library is built on, at the floor a net8.0 service has (8.0).</summary>
    private static readonly string[] MicrosoftExtensions =
    {
        "Microsoft.Extensions.Configuration.Binder", "Microsoft.Extensions.Diagnostics", "Microsoft.Extensions.Diagnostics.HealthChecks",
        "Microsoft.Extensions.Hosting.Abstractions", "Microsoft.Extensions.Http", "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.Options.ConfigurationExtensions",
    };

    private readonly PackageFixture _fixture;
    private readonly ITestOutputHelper _output;

    public HostingPackageTests(PackageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private const string ProgramSource = """
        using System.Text.Json;
        using Microsoft.Extensions.Diagnostics.HealthChecks;
        using UsageGen;
        using UsageGen.Hosting;

        // A service that watches the providers of its specs. Run once by the package test: it starts, waits for the
        // monitor's first fetch, prints what it saw, and stops.
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddUsageGen(builder.Configuration.GetSection("UsageGen"));
        var app = builder.Build();
        app.MapHealthChecks("/health");
        await app.StartAsync();

        var monitor = app.Services.GetRequiredService<IUsageMonitor>();
        var fetched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.Changed += (_, _) => fetched.TrySetResult();
        if (monitor.Current.Values.Any(s => s.Fetches > 0)) fetched.TrySetResult();
        await fetched.Task.WaitAsync(TimeSpan.FromMinutes(2));   // a hang guard only

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        using var http = new HttpClient();
        var health = await http.GetStringAsync(app.Urls.First().TrimEnd('/') + "/health");
        var result = new
        {
            providers = app.Services.GetServices<IUsageProvider>().Select(p => p.Name).ToArray(),
            states = monitor.Current.Values.Select(s => new
            {
                provider = s.Provider, enabled = s.Enabled, fetches = s.Fetches, error = s.LastError?.ToString(),
                used = s.Snapshot?.CreditsUsed, limit = s.Snapshot?.CreditsLimit,
            }).ToArray(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status + ": " + e.Value.Description),
            health,
        };
        Console.WriteLine("USAGEGEN-RESULT " + JsonSerializer.Serialize(result));
        await app.StopAsync();
        """;

    [Fact]
    public void Hosting_package_holds_the_library_the_alerting_rules_and_the_right_dependencies()
    {
        Assert.True(_fixture.PackHosting.ExitCode == 0, _fixture.PackHosting.ToString());
        Assert.True(File.Exists(_fixture.NupkgOf("UsageGen.Extensions.Http")), "UsageGen.Hosting depends on it: it must be in the feed too");
        using var zip = ZipFile.OpenRead(_fixture.NupkgOf("UsageGen.Hosting"));
        var files = zip.Entries.Select(e => e.FullName).ToHashSet();
        _output.WriteLine(string.Join("\n", files.OrderBy(f => f)));
        Assert.Contains("lib/net8.0/UsageGen.Hosting.dll", files);
        Assert.Contains("lib/net10.0/UsageGen.Hosting.dll", files);
        Assert.Contains("prometheus/usagegen.rules.yml", files);
        using (var rules = new StreamReader(zip.GetEntry("prometheus/usagegen.rules.yml")!.Open()))
            Assert.Equal(File.ReadAllText(Path.Combine(_fixture.RepositoryRoot, "src", "UsageGen.Hosting", "prometheus", "usagegen.rules.yml")), rules.ReadToEnd());
        // The generator ships once, in UsageGen; nothing of Roslyn or the generator here.
        Assert.DoesNotContain(files, f => f.StartsWith("analyzers/", StringComparison.Ordinal) || f.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));

        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var groups = nuspec.Descendants(ns + "group").ToDictionary(g => (string)g.Attribute("targetFramework")!);
        Assert.Equal(new[] { "net10.0", "net8.0" }, groups.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (tfm, group) in groups)
        {
            var deps = group.Elements(ns + "dependency").ToDictionary(d => (string)d.Attribute("id")!);
            Assert.Equal(new[] { "UsageGen", "UsageGen.Extensions.Http" }.Concat(MicrosoftExtensions).OrderBy(d => d, StringComparer.Ordinal),
                deps.Keys.OrderBy(d => d, StringComparer.Ordinal));   // no OpenTelemetry, no ASP.NET Core: the service picks its exporter
            Assert.Equal(_fixture.Version, (string)deps["UsageGen"].Attribute("version")!);
            Assert.Equal(_fixture.Version, (string)deps["UsageGen.Extensions.Http"].Attribute("version")!);
            // UsageGen comes with its generator and MSBuild files, declared so: adding UsageGen.Hosting alone is enough.
            Assert.Null(deps["UsageGen"].Attribute("exclude"));
            foreach (var id in MicrosoftExtensions)
                Assert.True(((string)deps[id].Attribute("version")!).StartsWith("8.", StringComparison.Ordinal), $"{tfm}: {id} {deps[id].Attribute("version")}");
        }
    }

    [Fact]
    public async Task A_fresh_aspnetcore_service_with_only_UsageGen_Hosting_watches_its_provider()
    {
        Assert.True(_fixture.PackHosting.ExitCode == 0, _fixture.PackHosting.ToString());
        var dir = _fixture.ConsumerFolder("service");
        var created = await Shell.RunAsync("dotnet", "new web -n Service -o . --force", dir);
        Assert.True(created.ExitCode == 0, created.ToString());
        var add = await Shell.RunAsync("dotnet", $"add package UsageGen.Hosting --version {_fixture.Version}", dir);
        Assert.True(add.ExitCode == 0, add.ToString());

        PackageFixture.AddSpecsStrictly(Path.Combine(dir, "Service.csproj"));
        var specs = Directory.CreateDirectory(Path.Combine(dir, "specs")).FullName;
        File.Copy(Path.Combine(_fixture.RepositoryRoot, "specs", "shoal.yaml"), Path.Combine(specs, "shoal.yaml"));
        File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramSource);

        await PackageFixture.BuildCleanAsync(dir, _output);

        var shoal = Documented.Get("Shoal");
        await using var server = await LocalServer.StartAsync();
        server.Route(shoal.Method, shoal.ServedPath, shoal.Response);
        var dll = Path.Combine(dir, "bin", "Release", "net10.0", "Service.dll");
        var run = await Shell.RunAsync("dotnet", $"\"{dll}\" --urls http://127.0.0.1:0 --UsageGen:Providers:Shoal:ApiKey={Key} " +
            $"--UsageGen:Providers:Shoal:BaseAddress={server.BaseAddress}{shoal.Prefix}", dir, timeoutSeconds: 300);
        _output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.ToString());

        var line = run.Output.Split('\n').Single(l => l.StartsWith("USAGEGEN-RESULT ", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line["USAGEGEN-RESULT ".Length..]);
        var result = json.RootElement;
        Assert.Equal(new[] { "Shoal" }, result.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        var state = Assert.Single(result.GetProperty("states").EnumerateArray());
        Assert.Equal("Shoal", state.GetProperty("provider").GetString());
        Assert.True(state.GetProperty("enabled").GetBoolean());
        Assert.Equal(1, state.GetProperty("fetches").GetInt32());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("error").ValueKind);
        Assert.Equal(shoal.Used, state.GetProperty("used").GetDecimal());      // shoal-usage.md: budget 420 of 1,000
        Assert.Equal(shoal.Limit, state.GetProperty("limit").GetDecimal());
        Assert.Equal("Healthy: ok", result.GetProperty("checks").GetProperty("usagegen:Shoal").GetString());
        Assert.Equal("Healthy", result.GetProperty("health").GetString());

        var request = Assert.Single(server.RequestsTo(shoal.ServedPath));
        Assert.Equal("Bearer " + Key, request.Header("Authorization"));
        Assert.DoesNotContain(Key, run.Output);
    }
}
