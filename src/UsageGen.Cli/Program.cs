using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;
using UsageGen.CommandLine;
using UsageGen.Generated;

namespace UsageGen.Cli;

/// <summary>
/// The usagegen tool: the command (src/UsageGen.CommandLine) over the five launch specs compiled in, plus what needs the
/// generator at run time: <c>--spec</c>/<c>--specs</c> (<see cref="SpecCompiler"/>) and <c>generate</c>.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, new UsageGenCommandOptions());

    /// <summary>Runs usagegen with <paramref name="options"/>, adding the tool's spec loader, <c>generate</c> and user secrets.</summary>
    public static Task<int> RunAsync(string[] args, UsageGenCommandOptions options, CancellationToken ct = default) =>
        UsageGenCommand.RunAsync(args, UsageCatalog.Providers, options with
        {
            SpecLoader = options.SpecLoader ?? Loader,
            Commands = options.Commands.Count > 0 ? options.Commands : new[] { GenerateCommand.Create() },
            UserSecretsAssembly = options.UserSecretsAssembly ?? typeof(Program).Assembly,
        }, ct);

    /// <summary>
    /// Runs usagegen with <paramref name="args"/>, writing everything (table, JSON, errors) to <paramref name="console"/>.
    /// <paramref name="environment"/> stands in for the process environment (null reads the real one). Returns the exit code.
    /// </summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken ct = default) =>
        RunAsync(args, new UsageGenCommandOptions { Out = console, Error = console, Environment = environment }, ct);

#if USAGEGEN_GENERATE
    private static IUsageSpecLoader? Loader => new SpecCompiler();
#else
    // The NativeAOT build has no generator or Roslyn: no --spec.
    private static IUsageSpecLoader? Loader => null;
#endif
}
