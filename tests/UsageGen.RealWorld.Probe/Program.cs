using System;
using System.Text.Json;
using System.Threading;

namespace UsageGen.RealWorld.Probe;

/// <summary>
/// <c>UsageGen.RealWorld.Probe [--sources &lt;dir&gt;] &lt;spec&gt;...</c>: for each spec a line <c>{"start":"&lt;path&gt;"}</c>,
/// then its <see cref="ProbeResult"/> as one JSON line. A crash (a stack overflow ends the process) leaves a start line
/// with no result: the caller knows which spec did it and starts a new probe for the rest.
/// </summary>
public static class Program
{
    /// <summary>
    /// The generator runs on a thread with 1 MiB of stack, the smallest a compiler thread gets (csc's main thread on
    /// Windows; .NET's default elsewhere is 1.5 MiB and more): what overflows here can overflow in some user's build.
    /// </summary>
    public const int CompilerStackBytes = 1024 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int Main(string[] args)
    {
        string? sources = null;
        var start = 0;
        if (args.Length >= 2 && args[0] == "--sources") { sources = args[1]; start = 2; }
        if (args.Length <= start)
        {
            Console.Error.WriteLine("usage: UsageGen.RealWorld.Probe [--sources <dir>] <spec>...");
            return 2;
        }
        for (var i = start; i < args.Length; i++)
        {
            var path = args[i];
            Console.Out.WriteLine(JsonSerializer.Serialize(new { start = path }, Json));
            Console.Out.Flush();
            ProbeResult? result = null;
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try { result = RealWorldCompilation.Run(path, sources is null ? null : System.IO.Path.Combine(sources, System.IO.Path.GetFileNameWithoutExtension(path))); }
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
