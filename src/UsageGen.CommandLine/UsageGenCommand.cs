using System;
using System.Collections;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace UsageGen.CommandLine;

/// <summary>What a host may change about the command; every property has a default that suits a console program.</summary>
public sealed record UsageGenCommandOptions
{
    /// <summary>The command's name in help and messages. [default: usagegen]</summary>
    public string Name { get; init; } = "usagegen";

    /// <summary>stdout: the table or the JSON document. Null: the process's stdout.</summary>
    public IAnsiConsole? Out { get; init; }

    /// <summary>stderr: usage errors and notes kept out of <c>--json</c>. Null: the process's stderr (or <see cref="Out"/> when that is set).</summary>
    public IAnsiConsole? Error { get; init; }

    /// <summary>Stands in for the process environment (keys, <c>XDG_*</c> folders). Null: the real one.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Where relative paths and <c>appsettings.json</c> are looked up. Null: the process's current directory.</summary>
    public string? CurrentDirectory { get; init; }

    /// <summary>Read <c>appsettings.json</c> and user secrets. [default: true]</summary>
    public bool UseConfigurationFiles { get; init; } = true;

    /// <summary>The assembly whose <c>UserSecretsId</c> names the user secrets to read. Null: the entry assembly.</summary>
    public Assembly? UserSecretsAssembly { get; init; }

    /// <summary>
    /// Loads providers from specs at run time (<c>--spec</c>, <c>--specs</c>, <c>UsageGen:Specs</c>). Null: the command
    /// knows only the catalog it is given, and has no such options.
    /// </summary>
    public IUsageSpecLoader? SpecLoader { get; init; }

    /// <summary>More subcommands (the usagegen tool adds <c>generate</c>).</summary>
    public IReadOnlyList<Command> Commands { get; init; } = Array.Empty<Command>();

    /// <summary>The clock: when a run is recorded, what "in 3d" is counted from. Null: the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }
}

/// <summary>Where the command writes, what it reads, and what it is made of; resolved from <see cref="UsageGenCommandOptions"/>.</summary>
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

    public string Name { get; init; } = "usagegen";

    /// <summary>Where to look for appsettings.json besides the tool's folder; null is the process's.</summary>
    public string? CurrentDirectory { get; init; }

    /// <summary>Read appsettings.json and user secrets (tests turn it off to stay hermetic).</summary>
    public bool UseConfigurationFiles { get; init; } = true;

    public Assembly? UserSecretsAssembly { get; init; }

    public IUsageSpecLoader? SpecLoader { get; init; }

    public IReadOnlyList<Command> Commands { get; init; } = Array.Empty<Command>();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public bool ErrorIsSeparate => !ReferenceEquals(Out, Error);

    /// <summary>A path as the user means it: relative to <see cref="CurrentDirectory"/>.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, CurrentDirectory ?? System.Environment.CurrentDirectory);
}

/// <summary>
/// The <c>usagegen</c> command over a catalog of providers. A team ships its own command over the providers it compiles:
/// <code>return await UsageGenCommand.RunAsync(args, UsageGen.Generated.UsageCatalog.Providers);</code>
/// </summary>
public static class UsageGenCommand
{
    /// <summary>Runs the command in a console program: stdout, stderr, the process environment; Ctrl+C stops it. Returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, IReadOnlyList<UsageProviderInfo> providers) =>
        RunAsync(args, providers, new UsageGenCommandOptions());

    /// <summary>Runs the command with <paramref name="options"/>; Ctrl+C stops it when it writes to the process console. Returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<UsageProviderInfo> providers, UsageGenCommandOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C: stop gracefully (watch mode ends, exit code as last shown). Second: the default, terminate.
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        var ownsConsole = options.Out is null;
        if (ownsConsole) Console.CancelKeyPress += onCancel;
        try
        {
            var output = options.Out ?? CreateConsole(Console.Out, Console.IsOutputRedirected);
            var error = options.Error ?? (options.Out is null ? CreateConsole(Console.Error, Console.IsErrorRedirected) : options.Out);
            var host = new CliHost(output, error, options.Environment ?? ProcessEnvironment())
            {
                Name = options.Name,
                CurrentDirectory = options.CurrentDirectory,
                UseConfigurationFiles = options.UseConfigurationFiles,
                UserSecretsAssembly = options.UserSecretsAssembly ?? Assembly.GetEntryAssembly(),
                SpecLoader = options.SpecLoader,
                Commands = options.Commands,
                Time = options.TimeProvider ?? TimeProvider.System,
            };
            return await RunAsync(args, providers, host, cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            if (ownsConsole) Console.CancelKeyPress -= onCancel;
        }
    }

    internal static async Task<int> RunAsync(string[] args, IReadOnlyList<UsageProviderInfo> catalog, CliHost host, CancellationToken ct)
    {
        try
        {
            var (optionArgs, configurationArgs) = Settings.SplitArguments(args);
            var command = CliCommand.Create(catalog, host);
            var parse = command.Root.Parse(optionArgs);
            if (parse.Errors.Count > 0) return ParseError(host, parse, ct);

            if (parse.Action is not null && parse.Action != command.Root.Action)
            {
                // --help, --version or a subcommand (generate, history).
                var invocation = new InvocationConfiguration
                {
                    Output = host.Out.Profile.Out.Writer,
                    Error = host.Error.Profile.Out.Writer,
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = null,
                };
                return await parse.InvokeAsync(invocation, ct).ConfigureAwait(false);
            }

            return await new UsageCommand(host, command, parse, catalog, configurationArgs).RunAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            host.Error.Profile.Out.Writer.WriteLine($"{host.Name}: cancelled.");
            return CliCommand.ExitCancelled;
        }
        catch (Exception e)
        {
            host.Error.Profile.Out.Writer.WriteLine($"{host.Name}: unexpected error: {e.GetType().Name}: {OneLine(e.Message)}");
            return CliCommand.ExitUnexpected;
        }
    }

    /// <summary>
    /// System.CommandLine's own report of a parse error (with its typo corrections: <c>--detail</c> → did you mean
    /// <c>--details</c>), without the full help, then one line pointing at <c>--help</c>. Exit 2.
    /// </summary>
    private static int ParseError(CliHost host, ParseResult parse, CancellationToken ct)
    {
        if (parse.Action is System.CommandLine.Invocation.ParseErrorAction action)
        {
            action.ShowHelp = false;
            action.ShowTypoCorrections = true;
        }
        var error = new StringWriter();
        parse.Invoke(new InvocationConfiguration { Output = error, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        var messages = new HashSet<string>(parse.Errors.Select(e => e.Message), StringComparer.Ordinal);
        var writer = host.Error.Profile.Out.Writer;
        var suggesting = false;
        foreach (var raw in error.ToString().Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Trim().Length == 0) continue;
            if (line.StartsWith('\'') && line.Contains("' was not matched.", StringComparison.Ordinal))
            {
                // Typo corrections for what looks like an option; a stray value gets none (they would be noise).
                suggesting = line.StartsWith("'-", StringComparison.Ordinal);
                if (suggesting) writer.WriteLine(host.Name + ": " + line);
            }
            else if (messages.Contains(line.Trim()))
            {
                suggesting = false;
                writer.WriteLine(host.Name + ": " + line.Trim());
            }
            else if (suggesting)
            {
                writer.WriteLine("  " + line.Trim());
            }
        }
        writer.WriteLine($"Run '{host.Name} {Subcommand(parse)}--help' for usage.");
        writer.Flush();
        return CliCommand.ExitUsage;
    }

    private static string Subcommand(ParseResult parse) =>
        parse.CommandResult.Parent is null ? "" : parse.CommandResult.Command.Name + " ";

    internal static int UsageError(CliHost host, string message)
    {
        var writer = host.Error.Profile.Out.Writer;
        writer.WriteLine($"{host.Name}: " + OneLine(message));
        writer.WriteLine($"Run '{host.Name} --help' for usage.");
        writer.Flush();
        return CliCommand.ExitUsage;
    }

    internal static string OneLine(string text) => string.Join(' ', text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));

    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            // Not a terminal: don't squeeze the table into 80 columns; COLUMNS, when set, says how wide.
            console.Profile.Width = int.TryParse(System.Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40
                ? columns
                : 200;
        }
        return console;
    }

    private static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            if (entry.Key is string key) result[key] = entry.Value as string;
        return result;
    }
}
