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

/// <summary>Drives <see cref="Program.RunAsync(string[], IAnsiConsole, IReadOnlyDictionary{string, string?}?, CancellationToken)"/> with a real Spectre console over a StringWriter.</summary>
public static class Cli
{
    /// <summary>An environment with no keys at all, whatever the machine has.</summary>
    public static readonly IReadOnlyDictionary<string, string?> NoKeys = new Dictionary<string, string?>();

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

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        await RunAsync(environment, CancellationToken.None, args);

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?>? environment, CancellationToken ct, params string[] args)
    {
        var writer = new StringWriter();
        var watch = Stopwatch.StartNew();
        var exit = await Program.RunAsync(args, Console(writer), environment ?? NoKeys, ct);
        return new CliRun(exit, writer.ToString(), watch.Elapsed);
    }

    /// <summary>Runs through the internal host: separate stdout / stderr, a chosen current directory, no user secrets.</summary>
    internal static async Task<(CliRun Out, string Error)> RunWithHostAsync(IReadOnlyDictionary<string, string?> environment,
        string? currentDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(Console(output), Console(error), environment) { CurrentDirectory = currentDirectory, UseConfigurationFiles = currentDirectory is not null };
        var watch = Stopwatch.StartNew();
        var exit = await Program.RunAsync(args, host, CancellationToken.None);
        return (new CliRun(exit, output.ToString(), watch.Elapsed), error.ToString());
    }
}
