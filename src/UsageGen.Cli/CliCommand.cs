using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;

namespace UsageGen.Cli;

/// <summary>The options, parsed and checked.</summary>
internal sealed class CliOptions
{
    /// <summary>The providers named with <c>--provider</c>, in catalog order; empty means all.</summary>
    public IReadOnlyList<UsageProviderInfo> Providers { get; init; } = Array.Empty<UsageProviderInfo>();
    public bool Details { get; init; }
    public bool Json { get; init; }
    public bool Demo { get; init; }
    public decimal? FailAbove { get; init; }
    public TimeSpan? Watch { get; init; }
    public TimeSpan Timeout { get; init; } = CliCommand.DefaultTimeout;
}

/// <summary>The System.CommandLine definition of <c>usagegen</c>.</summary>
internal sealed class CliCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MinimumWatch = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromHours(1);

    public const int ExitOk = 0;
    public const int ExitUnexpected = 1;
    public const int ExitUsage = 2;
    public const int ExitThreshold = 3;
    public const int ExitProviderFailed = 4;
    public const int ExitCancelled = 130;

    private readonly IReadOnlyList<UsageProviderInfo> _catalog;

    private CliCommand(IReadOnlyList<UsageProviderInfo> catalog)
    {
        _catalog = catalog;
        var known = string.Join(", ", catalog.Select(p => p.Name));

        Provider = new Option<string[]>("--provider", "-p")
        {
            Description = $"Only this provider (repeatable, or comma-separated; case-insensitive). Known: {known}.",
            HelpName = "name",
            Arity = ArgumentArity.OneOrMore,
        };
        Provider.Validators.Add(result =>
        {
            foreach (var name in Names(result.Tokens.Select(t => t.Value)))
                if (Find(name) is null)
                {
                    result.AddError($"Unknown provider '{name}'. Known providers: {known}.");
                    return;
                }
        });

        Details = new Option<bool>("--details", "-d")
        {
            Description = "Also show a row per extra quota (API key, pay-as-you-go...), per breakdown item and per request counter.",
        };

        Json = new Option<bool>("--json")
        {
            Description = "Print a JSON array of snapshots (failures as {\"provider\",\"error\":{type,status,message}}) and nothing else on stdout.",
        };

        FailAbove = new Option<decimal?>("--fail-above")
        {
            Description = "Exit with code 3 when any provider's main quota is more than this percentage used (for example 80).",
            HelpName = "percent",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value.Trim().TrimEnd('%').Trim();
                if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0)
                    return value;
                result.AddError($"--fail-above: '{result.Tokens.Single().Value}' is not a percentage; use a number such as 80.");
                return null;
            },
        };

        Watch = new Option<TimeSpan?>("--watch", "-w")
        {
            Description = "Refresh in place every interval (30s, 5m, 1h or seconds; at least 1 s) until Ctrl+C.",
            HelpName = "interval",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (!Duration.TryParse(text, out var value))
                {
                    result.AddError($"--watch: '{text}' is not an interval; use 30s, 5m, 1h or a number of seconds.");
                    return null;
                }
                if (value < MinimumWatch)
                {
                    result.AddError($"--watch: the interval must be at least 1 s (got {Duration.Format(value)}).");
                    return null;
                }
                return value;
            },
        };

        Timeout = new Option<TimeSpan?>("--timeout", "-t")
        {
            Description = "How long to wait for each provider, in seconds (or 500ms, 1m). [default: 15]",
            HelpName = "seconds",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (!Duration.TryParse(text, out var value) || value <= TimeSpan.Zero || value > MaximumTimeout)
                {
                    result.AddError($"--timeout: '{text}' is not a timeout; use a number of seconds between 0 and 3600, such as 15.");
                    return null;
                }
                return value;
            },
        };

        Demo = new Option<bool>("--demo")
        {
            Description = "Show demo data (the specs' documented examples, served by a local server) even when keys are set.",
        };

        Root = new Command("usagegen", Description(catalog))
        {
            Provider, Details, Json, FailAbove, Watch, Timeout, Demo,
            GenerateCommand.Create(),
            new HelpOption(),
            new VersionOption(),
        };
        // A command with a subcommand (generate) must have an action of its own, or System.CommandLine reports "Required
        // command was not provided". The usage table is run by Program after parsing, so this one does nothing: Program
        // invokes only other actions (generate, --help, --version).
        Root.SetAction(static _ => ExitOk);
        Root.Validators.Add(result =>
        {
            if (result.GetResult(Json) is { Implicit: false } && result.GetResult(Watch) is { Implicit: false })
                result.AddError("--watch cannot be combined with --json: --json prints one JSON document.");
        });
    }

    public Command Root { get; }
    public Option<string[]> Provider { get; }
    public Option<bool> Details { get; }
    public Option<bool> Json { get; }
    public Option<decimal?> FailAbove { get; }
    public Option<TimeSpan?> Watch { get; }
    public Option<TimeSpan?> Timeout { get; }
    public Option<bool> Demo { get; }

    public static CliCommand Create(IReadOnlyList<UsageProviderInfo> catalog) => new(catalog);

    public CliOptions Read(ParseResult parse)
    {
        var names = Names(parse.GetValue(Provider) ?? Array.Empty<string>()).ToList();
        var selected = _catalog.Where(p => names.Any(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase))).ToArray();
        return new CliOptions
        {
            Providers = selected,
            Details = parse.GetValue(Details),
            Json = parse.GetValue(Json),
            Demo = parse.GetValue(Demo),
            FailAbove = parse.GetValue(FailAbove),
            Watch = parse.GetValue(Watch),
            Timeout = parse.GetValue(Timeout) ?? DefaultTimeout,
        };
    }

    private UsageProviderInfo? Find(string name) =>
        _catalog.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Names(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Description(IReadOnlyList<UsageProviderInfo> catalog)
    {
        var variables = string.Join(", ", catalog.Select(p => p.ApiKeyEnvironmentVariable));
        return
            "Shows the API usage of every provider compiled into UsageGen: plan, credits used / limit, what remains, " +
            "when it resets and the rate limit, queried concurrently.\n" +
            "\n" +
            "Keys: one environment variable per provider (" + variables + "), or UsageGen:Providers:<Name>:ApiKey in " +
            "appsettings.json (beside the tool or in the current directory), user secrets, environment variables " +
            "(UsageGen__Providers__<Name>__ApiKey) or the command line (--UsageGen:Providers:<Name>:ApiKey=KEY). " +
            "Also :Username, :Password, :BaseAddress (overrides the spec's server) and :Parameters:<name>.\n" +
            "With no key configured, or with --demo, it shows demo data: each spec's documented example, served over HTTP " +
            "by a local server.\n" +
            "\n" +
            "usagegen generate <spec>... [-o file|folder]: the C# a spec generates, and its diagnostics, without a build " +
            "(see usagegen generate --help; not in the NativeAOT binary).\n" +
            "\n" +
            "Exit codes:\n" +
            "  0  success\n" +
            "  1  unexpected failure\n" +
            "  2  usage error (unknown option, bad value, unknown provider)\n" +
            "  3  a provider's main quota is above --fail-above (takes precedence over 4)\n" +
            "  4  one or more providers failed (the others are still shown)";
    }
}
