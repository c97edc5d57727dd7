using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary><c>usagegen generate --explain</c>: what normalization chose, per spec, as a table of figure, field, rule and confidence.</summary>
public sealed class ExplainTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("usagegen-explain-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "specs", "tavily.yaml"))) return dir.FullName;
        throw new DirectoryNotFoundException("specs/ not found above " + AppContext.BaseDirectory);
    }

    private static Task<(CliRun Out, string Error)> Generate(params string[] args) =>
        Cli.RunWithHostAsync(Cli.NoKeys, currentDirectory: null, new[] { "generate" }.Concat(args).ToArray());

    [Fact]
    public async Task Explain_prints_each_headline_figure_with_its_field_rule_and_confidence_instead_of_the_code()
    {
        var (run, error) = await Generate("--explain", Path.Combine(RepositoryRoot(), "specs", "sharpe.yaml"));
        Assert.True(run.ExitCode == 0, run + "\n" + error);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("Sharpe (sharpe.yaml): GET /v1/usage", lines);
        Assert.Contains(lines, l => l.Contains("| creditsUsed ", StringComparison.Ordinal) && l.Contains("data.quota.used", StringComparison.Ordinal) && l.Contains("RoleByHeadWord", StringComparison.Ordinal) && l.Contains("high", StringComparison.Ordinal));
        // The spec's x-usagegen override states the limit and the rate: the table says so.
        Assert.Contains(lines, l => l.Contains("| creditsLimit ", StringComparison.Ordinal) && l.Contains("data.quota.limit", StringComparison.Ordinal) && l.Contains("set by x-usagegen", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("| resetsAt ", StringComparison.Ordinal) && l.Contains("data.quota.resets_at", StringComparison.Ordinal) && l.Contains("ResetByName", StringComparison.Ordinal));
        Assert.DoesNotContain("namespace UsageGen.Providers", run.Output, StringComparison.Ordinal); // no C# without -o
    }

    [Fact]
    public async Task Explain_says_when_a_spec_has_no_usage_operation_and_writes_the_code_with_o()
    {
        var spec = Path.Combine(_temp, "pets.yaml");
        File.WriteAllText(spec, "openapi: 3.0.0\ninfo: { title: Pets, version: '1' }\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { type: array, items: { type: string } }\n");
        var output = Path.Combine(_temp, "Pets.g.cs");
        var (run, error) = await Generate("--explain", spec, "-o", output);
        Assert.True(run.ExitCode == 0, run + "\n" + error);
        Assert.Contains("Pets (pets.yaml): no usage operation", run.Output, StringComparison.Ordinal);
        Assert.Contains("namespace UsageGen.Providers.Pets", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Contains("0 error(s), 0 warning(s)", error, StringComparison.Ordinal); // UG0007 is info
    }
}
