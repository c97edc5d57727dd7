using UsageGen.CommandLine;
using UsageGen.EndToEnd.Tests;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>What one run printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s:\n{Output}";

    /// <summary>The table line that starts with <paramref name="provider"/>'s row.</summary>
    public string Row(string provider)
    {
        var row = Output.Split('\n').FirstOrDefault(l => l.TrimStart('│', '|', ' ').StartsWith(provider + " ", StringComparison.Ordinal));
        Assert.True(row is not null, $"no row for {provider} in:\n{Output}");
        return row!;
    }

    /// <summary>No .NET stack trace or exception type leaked into what the user sees.</summary>
    public void AssertNoStackTrace()
    {
        Assert.DoesNotContain("   at ", Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", Output, StringComparison.Ordinal);
    }
}

/// <summary>Drives <see cref="Program.RunAsync(string[], UsageGenCommandOptions, CancellationToken)"/> with a real Spectre console over a StringWriter.</summary>
public static class Cli
{
    /// <summary>An environment with no keys at all, whatever the machine has.</summary>
    public static readonly IReadOnlyDictionary<string, string?> NoKeys = new Dictionary<string, string?>();

    /// <summary>The repository's root (the folder of UsageGen.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "UsageGen.sln"))) return dir.FullName;
            throw new InvalidOperationException("UsageGen.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Every run's history and spec cache live under here, never in the user's folders.</summary>
    public static readonly string TempRoot = Directory.CreateTempSubdirectory("usagegen-cli-tests-").FullName;

    /// <summary>A data folder of this run's (the history goes there, never to the user's own).</summary>
    public static string NewDataFolder() => Directory.CreateDirectory(Path.Combine(TempRoot, "data-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>This run's spec cache (shared by the tests, never the user's).</summary>
    public static string CacheFolder => Path.Combine(TempRoot, "cache");

    public static IAnsiConsole Console(StringWriter writer, int width = 240)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = width;
        return console;
    }

    /// <summary>
    /// <paramref name="environment"/> plus, unless it says otherwise, a fresh data folder (so a fresh history file) and
    /// the shared spec cache folder of this test run.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Hermetic(IReadOnlyDictionary<string, string?>? environment)
    {
        var env = new Dictionary<string, string?>(environment ?? NoKeys);
        if (!env.ContainsKey("XDG_DATA_HOME")) env["XDG_DATA_HOME"] = NewDataFolder();
        if (!env.ContainsKey("XDG_CACHE_HOME")) env["XDG_CACHE_HOME"] = CacheFolder;
        return env;
    }

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        await RunAsync(environment, CancellationToken.None, args);

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?>? environment, CancellationToken ct, params string[] args)
    {
        var writer = new StringWriter();
        var watch = Stopwatch.StartNew();
        var exit = await Program.RunAsync(args, Console(writer), Hermetic(environment), ct);
        return new CliRun(exit, writer.ToString(), watch.Elapsed);
    }

    /// <summary>Runs with separate stdout / stderr and a chosen current directory (null: no appsettings.json, no user secrets).</summary>
    internal static async Task<(CliRun Out, string Error)> RunWithHostAsync(IReadOnlyDictionary<string, string?> environment,
        string? currentDirectory, params string[] args) =>
        await RunWithOptionsAsync(new UsageGenCommandOptions
        {
            Environment = Hermetic(environment),
            CurrentDirectory = currentDirectory,
            UseConfigurationFiles = currentDirectory is not null,
        }, CancellationToken.None, args);

    /// <summary>Runs with <paramref name="options"/>, writing stdout and stderr to separate consoles.</summary>
    internal static async Task<(CliRun Out, string Error)> RunWithOptionsAsync(UsageGenCommandOptions options, CancellationToken ct, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var watch = Stopwatch.StartNew();
        var exit = await Program.RunAsync(args, options with { Out = Console(output), Error = Console(error), Environment = Hermetic(options.Environment) }, ct);
        return (new CliRun(exit, output.ToString(), watch.Elapsed), error.ToString());
    }
}
