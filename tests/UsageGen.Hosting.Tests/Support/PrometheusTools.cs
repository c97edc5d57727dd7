using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace UsageGen.Hosting.Tests;

/// <summary>
/// Debian's prometheus 2.42 and promtool, unpacked by <c>.ci/prometheus.sh</c> (CI runs it before the tests; a test
/// run without it runs it once here). Where the package cannot be had, the tests that need it are skipped with the
/// reason in the test report.
/// </summary>
public static class PrometheusTools
{
    private static readonly Lazy<(string? Bin, string? Why)> Found = new(Locate);

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string Metadata(string key) =>
        typeof(PrometheusTools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string Prometheus => Path.Combine(Found.Value.Bin!, "prometheus");

    public static string Promtool => Path.Combine(Found.Value.Bin!, "promtool");

    /// <summary>Why Prometheus cannot be run here, or null when it can.</summary>
    public static string? Unavailable => Found.Value.Why;

    private static (string?, string?) Locate()
    {
        var dir = Environment.GetEnvironmentVariable("USAGEGEN_PROMETHEUS_DIR") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "usagegen-prometheus");
        var bin = Path.Combine(dir, "usr", "bin");
        if (Usable(bin)) return (bin, null);
        if (!OperatingSystem.IsLinux()) return (null, "Debian's prometheus package is Linux-only; run on Linux with apt-get (see .ci/prometheus.sh)");
        try
        {
            var script = Path.Combine(RepositoryRoot, ".ci", "prometheus.sh");
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.Environment["USAGEGEN_PROMETHEUS_DIR"] = dir;
            using var p = Process.Start(start)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                p.Kill(entireProcessTree: true);
                return (null, ".ci/prometheus.sh did not finish within 5 minutes");
            }
            if (p.ExitCode == 0 && Usable(bin)) return (bin, null);
            return (null, $".ci/prometheus.sh could not get Debian's prometheus package (exit {p.ExitCode}): {error.Result.Trim()}");
        }
        catch (Exception e)
        {
            return (null, "could not run .ci/prometheus.sh: " + e.Message);
        }
    }

    private static bool Usable(string bin) => File.Exists(Path.Combine(bin, "prometheus")) && File.Exists(Path.Combine(bin, "promtool"));

    /// <summary>Runs promtool; (exit code, stdout + stderr).</summary>
    public static (int Exit, string Output) RunPromtool(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Promtool) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("hang guard: promtool " + string.Join(" ", args));
        }
        return (p.ExitCode, output.Result + error.Result);
    }
}

/// <summary>A fact that needs prometheus/promtool: skipped, with the reason, where they cannot be had.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusTools.Unavailable is { } why) Skip = why;
    }
}
