using UsageGen.CommandLine;
using UsageGen.EndToEnd.Tests;
using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>Parsing: help, usage errors (exit 2, one line and a hint, never a stack trace).</summary>
public sealed class OptionTests
{
    [Fact]
    public async Task Unknown_provider_is_a_usage_error_listing_the_known_ones()
    {
        var run = await Cli.RunAsync(Cli.NoKeys, "--provider", "nosuch");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Unknown provider 'nosuch'", run.Output, StringComparison.Ordinal);
        Assert.Contains("CoinGecko, CoinStats, Sharpe, Shoal, Tavily", run.Output, StringComparison.Ordinal);
        Assert.Contains("--help", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("╭", run.Output, StringComparison.Ordinal);
        run.AssertNoStackTrace();
        Assert.Equal(2, run.Output.Trim().Split('\n').Length);
    }

    [Theory]
    [InlineData("--fail-above", "lots")]
    [InlineData("--fail-above", "-5")]
    [InlineData("--watch", "0.5")]
    [InlineData("--watch", "soon")]
    [InlineData("--timeout", "0")]
    [InlineData("--timeout", "abc")]
    [InlineData("--no-such-option", "x")]
    public async Task Bad_values_are_usage_errors(string option, string value)
    {
        var run = await Cli.RunAsync(Cli.NoKeys, option, value);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("usagegen: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("Run 'usagegen --help'", run.Output, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task A_mistyped_option_gets_System_CommandLines_suggestion()
    {
        var run = await Cli.RunAsync(Cli.NoKeys, "--detail");

        Assert.True(run.ExitCode == 2, run.ToString());
        var lines = run.Output.Trim().Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Contains("usagegen: '--detail' was not matched. Did you mean one of the following?", lines);
        Assert.Contains("  --details", lines);
        Assert.Contains("usagegen: Unrecognized command or argument '--detail'.", lines);
        Assert.Equal("Run 'usagegen --help' for usage.", lines[^1]);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task A_subcommands_mistake_points_at_its_own_help_and_a_stray_value_gets_no_suggestion()
    {
        var run = await Cli.RunAsync(Cli.NoKeys, "history", "--sinc", "3d");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("  --since", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("'3d' was not matched", run.Output, StringComparison.Ordinal);
        Assert.Contains("Run 'usagegen history --help' for usage.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_help_is_shown()
    {
        var run = await Cli.RunAsync(Cli.NoKeys, "generate", "--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var text in new[] { "usagegen generate <spec>... [options]", "--output", "--catalog-namespace", "--public-catalog" })
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_help_is_shown()
    {
        var run = await Cli.RunAsync(Cli.NoKeys, "history", "--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var text in new[] { "usagegen history [options]", "--provider", "--since", "--json", "--csv", "--history" })
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_and_watch_do_not_combine()
    {
        var run = await Cli.RunAsync(Cli.NoKeys, "--json", "--watch", "5s");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--watch cannot be combined with --json", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_documents_options_and_exit_codes()
    {
        var run = await Cli.RunAsync(Cli.NoKeys, "--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var text in new[] { "usagegen [command] [options]", "--provider", "--spec", "--specs", "--history", "--no-history", "history", "generate", "--details", "--json", "--fail-above", "--watch", "--timeout", "--demo",
                     "Exit codes", "3  a provider's main quota is above --fail-above", "4  one or more providers failed", "TAVILY_API_KEY",
                     "UsageGen:Providers:<Name>:ApiKey" })
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1m30s", 90)]
    [InlineData("1.5", 1.5)]
    [InlineData("500ms", 0.5)]
    public void Durations_parse(string text, double seconds)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5x")]
    [InlineData("m")]
    [InlineData("-3")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(Duration.TryParse(text, out _));
}

public sealed class RedactorTests
{
    /// <summary>The command masks with the runtime's redactor: every provider's credentials, every encoding, and a short key never mangles words.</summary>
    [Fact]
    public void The_command_uses_the_runtime_redactor_over_every_providers_credentials()
    {
        var redactor = UsageGenRedactor.For(new UsageCredentials?[] { new UsageCredentials("k+y/1-long-key"), null, new UsageCredentials("x"), new UsageCredentials { Username = "u", Password = "plain-secret" } });
        var text = redactor.Redact("sent k+y/1-long-key as k%2By%2F1-long-key, k\\u002By\\/1-long-key and plain-secret; max x-api-key: x; nothing else");
        Assert.Equal("sent *** as ***, *** and ***; max x-api-key: ***; nothing else", text);
    }
}
