using System.IO;
using Xunit;

namespace UsageGen.Hosting.Tests;

/// <summary>The shipped alerting rules, checked and unit-tested by Prometheus's own promtool.</summary>
public class RulesTests
{
    private static string RulesFile => Path.Combine(PrometheusTools.RepositoryRoot, "src", "UsageGen.Hosting", "prometheus", "usagegen.rules.yml");

    /// <summary>promtool resolves rule_files beside the test file: both go to one folder.</summary>
    private static string Workspace()
    {
        var dir = Directory.CreateTempSubdirectory("usagegen-rules-").FullName;
        File.Copy(RulesFile, Path.Combine(dir, "usagegen.rules.yml"));
        File.Copy(Path.Combine(System.AppContext.BaseDirectory, "Prometheus", "usagegen.rules.test.yml"), Path.Combine(dir, "usagegen.rules.test.yml"));
        return dir;
    }

    [PrometheusFact]
    public void Promtool_checks_the_rules()
    {
        var (exit, output) = PrometheusTools.RunPromtool(Workspace(), "check", "rules", "usagegen.rules.yml");
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS: 3 rules found", output);
    }

    [PrometheusFact]
    public void Promtool_unit_tests_the_rules()
    {
        var (exit, output) = PrometheusTools.RunPromtool(Workspace(), "test", "rules", "usagegen.rules.test.yml");
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [PrometheusFact]
    public void Promtool_fails_a_broken_expectation()
    {
        // The unit tests can fail: the same file with the Shoal alert expected one minute too early does.
        var dir = Workspace();
        var test = Path.Combine(dir, "usagegen.rules.test.yml");
        File.WriteAllText(test, File.ReadAllText(test).Replace("      - eval_time: 4m\n", "      - eval_time: 7m\n"));
        var (exit, output) = PrometheusTools.RunPromtool(dir, "test", "rules", "usagegen.rules.test.yml");
        Assert.NotEqual(0, exit);
        Assert.Contains("FAILED", output);
    }
}
