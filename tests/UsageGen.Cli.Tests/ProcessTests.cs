using UsageGen.CommandLine;
using UsageGen.EndToEnd.Tests;
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>The built tool, run as a real process the way a user runs it.</summary>
public sealed class ProcessTests
{
    private static string CliDll()
    {
        var configuration = typeof(ProcessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "UsageGen.Cli", "bin", configuration, "net10.0", "UsageGen.Cli.dll");
            if (File.Exists(candidate)) return candidate;
        }
        // Fall back to the copy beside the tests (a referenced Exe's runtimeconfig comes along).
        return Path.Combine(AppContext.BaseDirectory, "UsageGen.Cli.dll");
    }

    internal static async Task<(int Exit, string Out, string Err)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(CliDll());
        foreach (var a in args) start.ArgumentList.Add(a);
        // Hermetic: none of the machine's keys or UsageGen settings.
        foreach (var name in start.Environment.Keys.ToArray())
            if (name.EndsWith("_API_KEY", StringComparison.OrdinalIgnoreCase) || name.StartsWith("UsageGen", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(name);
        start.Environment["COLUMNS"] = "220";
        // Never the user's own history or spec cache: a folder of this run's.
        start.Environment["XDG_DATA_HOME"] = Cli.NewDataFolder();
        start.Environment["XDG_CACHE_HOME"] = Cli.CacheFolder;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        // A guard against a hang, not a measurement: generous, since a busy machine (a whole solution's tests at once) can
        // take long to start several processes.
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(5))) != exited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("usagegen did not exit within 5 minutes");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Demo_run_prints_the_table_and_exits_0()
    {
        var (exit, stdout, stderr) = await RunProcessAsync("--demo");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("Demo data", stdout, StringComparison.Ordinal);
        foreach (var p in Documented.Providers)
        {
            var row = stdout.Split('\n').FirstOrDefault(l => l.TrimStart('│', '|', ' ').StartsWith(p.Name + " ", StringComparison.Ordinal));
            Assert.True(row is not null, $"no row for {p.Name}:\n{stdout}");
            Assert.Contains(" " + p.Plan + " ", row, StringComparison.Ordinal);
        }
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Usage_error_goes_to_stderr_with_exit_2_and_json_stays_alone_on_stdout()
    {
        var (exit, stdout, stderr) = await RunProcessAsync("--provider", "nosuch");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("Unknown provider 'nosuch'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        var json = await RunProcessAsync("--json", "-p", "coingecko");
        Assert.Equal(0, json.Exit);
        using var doc = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal("Other", doc.RootElement[0].GetProperty("plan").GetString());
        Assert.Contains("Demo data", json.Err, StringComparison.Ordinal);
    }
}
