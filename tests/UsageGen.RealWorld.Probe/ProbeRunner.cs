using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace UsageGen.RealWorld.Probe;

/// <summary>How a spec's run ended: a result, or the child process died on it (stack overflow, other crash) or hung.</summary>
public sealed record Outcome(string Spec, ProbeResult? Result, string? Failure, string? Detail)
{
    public const string StackOverflow = "stack-overflow";
    public const string Crash = "crash";
    public const string Timeout = "timeout";

    public bool Generated => Result?.Generated == true;
    public bool CompiledClean => Result?.CompiledClean == true;

    /// <summary>One line for a table or an assertion message: the failure kind, or the diagnostic ids with counts.</summary>
    public string Summary =>
        Failure is not null ? Failure + (Detail is null ? "" : " (" + Detail + ")")
        : string.Join(" ", Result!.UgDiagnostics.Concat(Result.CsDiagnostics).Select(p => p.Value == 1 ? p.Key : $"{p.Key}x{p.Value}"))
          + (Result.Generated || Result.UgDiagnostics.Count > 0 || Result.CsDiagnostics.Count > 0 ? "" : "nothing generated");

    /// <summary>The errors' text (id, file:line, message, the generated line), for a reader who must fix them.</summary>
    public string Samples =>
        Result is null ? "" : string.Join(Environment.NewLine, Result.Samples.Select(s =>
            $"  {s.Id} {s.File}({s.Line},{s.Column}): {s.Message}" + (s.SourceLine is null ? "" : Environment.NewLine + "      | " + s.SourceLine)));
}

/// <summary>
/// Runs a child process that speaks the probe's protocol (<see cref="Program"/>: a <c>{"start":path}</c> line, then a
/// <see cref="ProbeResult"/> line, per spec) over many specs: one process for as many specs as it survives, a new one for
/// the rest after a crash. A start line without a result is a crash on that spec (a stack overflow when the runtime says
/// so); no line within <c>timeout</c> is a hang, and the process is killed. The timeout only detects hangs: make it generous.
/// </summary>
public static class ProbeRunner
{
    /// <param name="dll">The child's entry assembly, run with <c>dotnet</c>.</param>
    /// <param name="leadingArguments">Arguments before the spec paths.</param>
    public static IReadOnlyDictionary<string, Outcome> Run(string dll, IReadOnlyList<string> leadingArguments, IReadOnlyList<string> specs, TimeSpan timeout)
    {
        var outcomes = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        var pending = specs.ToList();
        while (pending.Count > 0)
        {
            RunOnce(dll, leadingArguments, pending, timeout, outcomes);
            pending = pending.Where(s => !outcomes.ContainsKey(s)).ToList();
        }
        return outcomes;
    }

    private static void RunOnce(string dll, IReadOnlyList<string> leadingArguments, IReadOnlyList<string> specs, TimeSpan timeout, Dictionary<string, Outcome> outcomes)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in leadingArguments) start.ArgumentList.Add(a);
        foreach (var s in specs) start.ArgumentList.Add(s);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + dll);
        var lines = new BlockingCollection<string>();
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        var reader = new Thread(() =>
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null) lines.Add(line);
            lines.CompleteAdding();
        }) { IsBackground = true };
        reader.Start();

        string? current = null;
        while (true)
        {
            if (!lines.TryTake(out var line, timeout))
            {
                if (lines.IsCompleted) break; // the child closed its output: it ended
                // Nothing for too long: a hang on the current spec (or before the first one started).
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                foreach (var s in current is not null ? new[] { current } : specs.Where(s => !outcomes.ContainsKey(s)).ToArray())
                    outcomes[s] = new Outcome(s, null, Outcome.Timeout, $"no result after {timeout.TotalMinutes:0.#} min");
                return;
            }
            if (!line.StartsWith('{')) continue;
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("start", out var started)) { current = started.GetString(); continue; }
            var result = doc.RootElement.Deserialize<ProbeResult>(Program.Json)!;
            outcomes[result.Spec] = new Outcome(result.Spec, result, null, null);
            current = null;
        }
        process.WaitForExit();
        if (current is null && specs.All(outcomes.ContainsKey)) return;

        string text;
        lock (stderr) text = stderr.ToString();
        var kind = text.Contains("Stack overflow", StringComparison.Ordinal) ? Outcome.StackOverflow : Outcome.Crash;
        var detail = $"exit code {process.ExitCode}" + (kind == Outcome.StackOverflow ? "" : ": " + Tail(text));
        foreach (var s in current is not null ? new[] { current } : specs.Where(s => !outcomes.ContainsKey(s)).ToArray())
            outcomes[s] = new Outcome(s, null, kind, current is null ? "the child ended early, " + detail : detail);
    }

    private static string Tail(string text) =>
        string.Join(" / ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
}
