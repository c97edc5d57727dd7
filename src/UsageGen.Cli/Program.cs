using System;
using System.Collections;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using UsageGen.Generated;

namespace UsageGen.Cli;

/// <summary>Where the command writes and what it reads; tests build their own.</summary>
internal sealed class CliHost
{
    public CliHost(IAnsiConsole output, IAnsiConsole error, IReadOnlyDictionary<string, string?> environment)
    {
        Out = output;
        Error = error;
        Environment = environment;
    }

    /// <summary>stdout: the table, or the JSON document.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>stderr: usage errors and notes that must stay out of <c>--json</c>. May be <see cref="Out"/>.</summary>
    public IAnsiConsole Error { get; }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>Where to look for appsettings.json besides the tool's folder; null is the process's.</summary>
    public string? CurrentDirectory { get; init; }

    /// <summary>Read appsettings.json and user secrets (tests turn it off to stay hermetic).</summary>
    public bool UseConfigurationFiles { get; init; } = true;

    public bool ErrorIsSeparate => !ReferenceEquals(Out, Error);
}

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C: stop gracefully (watch mode ends, exit code as last shown). Second: the default, terminate.
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var output = CreateConsole(Console.Out, Console.IsOutputRedirected);
            var error = CreateConsole(Console.Error, Console.IsErrorRedirected);
            var host = new CliHost(output, error, ProcessEnvironment());
            return await RunAsync(args, host, cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Runs <c>usagegen</c> with <paramref name="args"/>, writing everything (table, JSON, errors) to
    /// <paramref name="console"/>. <paramref name="environment"/> stands in for the process environment (null reads the
    /// real one). Returns the exit code.
    /// </summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        return RunAsync(args, new CliHost(console, console, environment ?? ProcessEnvironment()), ct);
    }

    internal static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken ct)
    {
        try
        {
            var catalog = UsageCatalog.Providers;
            var (optionArgs, configurationArgs) = Settings.SplitArguments(args);
            var command = CliCommand.Create(catalog);
            var parse = command.Root.Parse(optionArgs);
            if (parse.Errors.Count > 0) return UsageError(host, parse.Errors[0].Message);

            if (parse.Action is not null && parse.Action != command.Root.Action)
            {
                // --help, --version or a subcommand (generate).
                var invocation = new InvocationConfiguration
                {
                    Output = host.Out.Profile.Out.Writer,
                    Error = host.Error.Profile.Out.Writer,
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = null,
                };
                return await parse.InvokeAsync(invocation, ct).ConfigureAwait(false);
            }

            var options = command.Read(parse);
            IConfigurationRoot configuration;
            try
            {
                configuration = Settings.Build(host.Environment, configurationArgs, host.CurrentDirectory, host.UseConfigurationFiles, catalog);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or IOException or System.Text.Json.JsonException)
            {
                return UsageError(host, "cannot read the configuration: " + OneLine(e.Message));
            }

            return await new UsageCommand(host, options, configuration, catalog).RunAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            host.Error.Profile.Out.Writer.WriteLine("usagegen: cancelled.");
            return CliCommand.ExitCancelled;
        }
        catch (Exception e)
        {
            host.Error.Profile.Out.Writer.WriteLine($"usagegen: unexpected error: {e.GetType().Name}: {OneLine(e.Message)}");
            return CliCommand.ExitUnexpected;
        }
    }

    private static int UsageError(CliHost host, string message)
    {
        var writer = host.Error.Profile.Out.Writer;
        writer.WriteLine("usagegen: " + OneLine(message));
        writer.WriteLine("Run 'usagegen --help' for usage.");
        writer.Flush();
        return CliCommand.ExitUsage;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));

    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            // Not a terminal: don't squeeze the table into 80 columns; COLUMNS, when set, says how wide.
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40
                ? columns
                : 200;
        }
        return console;
    }

    private static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            if (entry.Key is string key) result[key] = entry.Value as string;
        return result;
    }
}
