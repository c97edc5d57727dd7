using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;

namespace UsageGen.CommandLine;

/// <summary>The options, parsed and checked.</summary>
internal sealed class CliOptions
{
    /// <summary>The names given with <c>--provider</c> (checked once the specs are loaded); empty means all.</summary>
    public IReadOnlyList<string> ProviderNames { get; init; } = Array.Empty<string>();

    /// <summary>The providers named with <c>--provider</c>, in catalog order; empty means all. Set once the catalog is known.</summary>
    public IReadOnlyList<UsageProviderInfo> Providers { get; set; } = Array.Empty<UsageProviderInfo>();

    /// <summary>Spec files and folders from <c>--spec</c> and <c>--specs</c>.</summary>
    public IReadOnlyList<string> Specs { get; init; } = Array.Empty<string>();

    /// <summary><c>--history &lt;file&gt;</c>; null is the default file.</summary>
    public string? HistoryFile { get; init; }

    public bool NoHistory { get; init; }
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

    private CliCommand(IReadOnlyList<UsageProviderInfo> catalog, CliHost host)
    {
        var known = string.Join(", ", catalog.Select(p => p.Name));
        var specs = host.SpecLoader is not null;

        Provider = new Option<string[]>("--provider", "-p")
        {
            Description = $"Only this provider (repeatable, or comma-separated; case-insensitive). Known: {known}" +
                          (specs ? ", and those of --spec/--specs." : "."),
            HelpName = "name",
            Arity = ArgumentArity.OneOrMore,
        };

        Spec = new Option<string[]>("--spec")
        {
            Description = "An OpenAPI spec (YAML or JSON) of a provider of your own: it joins the table, compiled at run time " +
                          "by the same generator as a build (cached, so only the first run compiles). Repeatable.",
            HelpName = "file",
            Arity = ArgumentArity.OneOrMore,
        };
        Specs = new Option<string[]>("--specs")
        {
            Description = "A folder of specs (*.yaml, *.yml, *.json), as --spec for each. Repeatable. Default: the folder in " +
                          "configuration UsageGen:Specs.",
            HelpName = "folder",
            Arity = ArgumentArity.OneOrMore,
        };

        History = new Option<string?>("--history")
        {
            Description = "The history file (SQLite) each run records to and forecasts from. [default: " + HistoryStore.DefaultPathForHelp + "]",
            HelpName = "file",
            Recursive = true,
        };
        NoHistory = new Option<bool>("--no-history")
        {
            Description = "Neither record this run nor read the history (no \"since last run\" or \"runs out\").",
        };

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

        // Named by the host, not after the executable as RootCommand would be; --help on every subcommand too.
        Root = new Command(host.Name, Description(catalog, host))
        {
            Provider, Details, Json, FailAbove, Watch, Timeout, Demo, History, NoHistory,
            new HelpOption { Recursive = true },
            new VersionOption(),
        };
        if (specs)
        {
            Root.Options.Add(Spec);
            Root.Options.Add(Specs);
        }
        Root.Subcommands.Add(HistoryCommand.Create(this, host));
        foreach (var extra in host.Commands) Root.Subcommands.Add(extra);
        // A command with subcommands must have an action of its own, or System.CommandLine reports "Required command was
        // not provided". The usage table is run after parsing, so this one does nothing: only other actions (generate,
        // history, --help, --version) are invoked.
        Root.SetAction(static _ => ExitOk);
        Root.Validators.Add(result =>
        {
            if (result.GetResult(Json) is { Implicit: false } && result.GetResult(Watch) is { Implicit: false })
                result.AddError("--watch cannot be combined with --json: --json prints one JSON document.");
            if (result.GetResult(History) is { Implicit: false } && result.GetResult(NoHistory) is { Implicit: false })
                result.AddError("--history cannot be combined with --no-history.");
        });
    }

    public Command Root { get; }
    public Option<string[]> Spec { get; }
    public Option<string[]> Specs { get; }
    public Option<string?> History { get; }
    public Option<bool> NoHistory { get; }
    public Option<string[]> Provider { get; }
    public Option<bool> Details { get; }
    public Option<bool> Json { get; }
    public Option<decimal?> FailAbove { get; }
    public Option<TimeSpan?> Watch { get; }
    public Option<TimeSpan?> Timeout { get; }
    public Option<bool> Demo { get; }

    public static CliCommand Create(IReadOnlyList<UsageProviderInfo> catalog, CliHost host) => new(catalog, host);

    public CliOptions Read(ParseResult parse)
    {
        return new CliOptions
        {
            ProviderNames = Names(parse.GetValue(Provider) ?? Array.Empty<string>()).ToArray(),
            Specs = (parse.GetValue(Spec) ?? Array.Empty<string>()).Concat(parse.GetValue(Specs) ?? Array.Empty<string>()).ToArray(),
            HistoryFile = parse.GetValue(History),
            NoHistory = parse.GetValue(NoHistory),
            Details = parse.GetValue(Details),
            Json = parse.GetValue(Json),
            Demo = parse.GetValue(Demo),
            FailAbove = parse.GetValue(FailAbove),
            Watch = parse.GetValue(Watch),
            Timeout = parse.GetValue(Timeout) ?? DefaultTimeout,
        };
    }

    /// <summary>The providers of <paramref name="catalog"/> that <paramref name="names"/> name, in catalog order; the first unknown name, if any.</summary>
    public static (IReadOnlyList<UsageProviderInfo> Selected, string? Unknown) Select(IReadOnlyList<UsageProviderInfo> catalog, IReadOnlyList<string> names)
    {
        foreach (var name in names)
            if (!catalog.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                return (Array.Empty<UsageProviderInfo>(), name);
        return (catalog.Where(p => names.Any(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase))).ToArray(), null);
    }

    public static IEnumerable<string> Names(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Description(IReadOnlyList<UsageProviderInfo> catalog, CliHost host)
    {
        var variables = string.Join(", ", catalog.Select(p => p.ApiKeyEnvironmentVariable));
        return
            "Shows the API usage of every provider compiled in" + (host.SpecLoader is null ? "" : " or given with --spec/--specs") +
            ": plan, credits used / limit, what remains, when it resets, the rate limit, what was used since the last run " +
            "and when it runs out at that pace, queried concurrently.\n" +
            "\n" +
            "Keys: one environment variable per provider (" + variables + ", <NAME>_API_KEY for a provider of your own), or " +
            "UsageGen:Providers:<Name>:ApiKey in appsettings.json (beside the tool or in the current directory), user secrets, " +
            "environment variables (UsageGen__Providers__<Name>__ApiKey) or the command line (--UsageGen:Providers:<Name>:ApiKey=KEY). " +
            "Also :Username, :Password, :BaseAddress (overrides the spec's server) and :Parameters:<name>.\n" +
            "With no key configured, or with --demo, it shows demo data: each spec's documented example, served over HTTP " +
            "by a local server.\n" +
            "\n" +
            "Each run is recorded in a history file (SQLite; --history, --no-history): '" + host.Name + " history' charts it.\n" +
            "\n" +
            "Exit codes:\n" +
            "  0  success\n" +
            "  1  unexpected failure\n" +
            "  2  usage error (unknown option, bad value, unknown provider)\n" +
            "  3  a provider's main quota is above --fail-above (takes precedence over 4)\n" +
            "  4  one or more providers failed (the others are still shown)";
    }
}
