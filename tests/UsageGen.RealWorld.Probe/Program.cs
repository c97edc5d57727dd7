using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace UsageGen.RealWorld.Probe;

/// <summary>
/// <c>UsageGen.RealWorld.Probe [--plain] [--sources &lt;dir&gt;] &lt;spec&gt;...</c>: for each spec a line <c>{"start":"&lt;path&gt;"}</c>,
/// then its <see cref="ProbeResult"/> as one JSON line (with <c>--sources</c>, the generated files in
/// <c>&lt;dir&gt;/&lt;spec name&gt;/</c>). Specs are <c>UsageGenSpec</c> items, or with <c>--plain</c> plain <c>AdditionalFiles</c>. A crash (a stack overflow ends the process) leaves a start line with no result:
/// <see cref="ProbeRunner"/> knows which spec did it and starts a new probe for the rest.
/// </summary>
public static class Program
{
    /// <summary>
    /// Each spec runs on a thread with 1 MiB of stack, the smallest a compiler thread gets (csc's main thread on Windows;
    /// .NET's default elsewhere is 1.5 MiB and more): what overflows here can overflow in some user's build.
    /// </summary>
    public const int CompilerStackBytes = 1024 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int Main(string[] args)
    {
        string? sources = null;
        var plain = false;
        var specs = args.ToList();
        while (specs.Count > 0 && specs[0].StartsWith("--", StringComparison.Ordinal))
        {
            if (specs[0] == "--plain") { plain = true; specs.RemoveAt(0); }
            else if (specs[0] == "--sources" && specs.Count >= 2) { sources = specs[1]; specs.RemoveRange(0, 2); }
            else break;
        }
        if (specs.Count == 0 || specs[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: UsageGen.RealWorld.Probe [--plain] [--sources <dir>] <spec>...");
            return 2;
        }
        return Serve(specs, path => RealWorldCompilation.Run(path, sources is null ? null : Path.Combine(sources, Path.GetFileNameWithoutExtension(path)), plain));
    }

    /// <summary>The probe's protocol, for any runner of one spec (the benchmarks run NSwag through it).</summary>
    public static int Serve(IReadOnlyList<string> specs, Func<string, ProbeResult> run)
    {
        foreach (var path in specs)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { start = path }, Json));
            Console.Out.Flush();
            ProbeResult? result = null;
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try { result = run(path); }
                catch (Exception e) { failure = e; }
            }, CompilerStackBytes);
            thread.Start();
            thread.Join();
            if (failure is not null)
            {
                // Not the generator (its exceptions are CS8785 in the result): the probe itself could not run this spec.
                Console.Error.WriteLine(path + ": " + failure);
                return 1;
            }
            Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
            Console.Out.Flush();
        }
        return 0;
    }
}
