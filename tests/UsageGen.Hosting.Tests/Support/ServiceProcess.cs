using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace UsageGen.Hosting.Tests;

/// <summary>A process this test started (the sample service, Prometheus): output kept, killed with its children on dispose.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string Output => string.Join("\n", Lines);

    public bool HasExited => _process.HasExited;

    public static ServiceProcess Start(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName));
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/>; the first group of the match.</summary>
    public async Task<string> WaitForLineAsync(Regex pattern, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < MonitorHost.HangGuard)
        {
            foreach (var line in Lines)
                if (pattern.Match(line) is { Success: true } m) return m.Groups[1].Value;
            if (_process.HasExited) throw new InvalidOperationException($"{what}: the process exited ({_process.ExitCode}):\n{Output}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"hang guard: no {what}:\n{Output}");
    }

    /// <summary>A port free on 127.0.0.1 right now (for programs that cannot report the one they bound).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
