using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace UsageGen.Benchmarks;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's switcher (<c>--filter</c>, <c>--job short</c>, <c>--list flat</c>...), then the target ratios of
    /// whatever ran, printed and written to <c>BenchmarkDotNet.Artifacts/results/UsageGen-ratios.md</c>.
    /// <c>--alloc-trace [provider...]</c> instead prints where the bytes of one GetUsage call go (<see cref="AllocationTrace"/>);
    /// <c>--realworld [id...]</c> compares UsageGen with NSwag on the real-world corpus (<see cref="RealWorldComparison"/>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--alloc-trace") return AllocationTrace.RunAsync(args[1..]).GetAwaiter().GetResult();
        if (args.Length > 0 && args[0] == RealWorldComparison.Command) return RealWorldComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == RealWorldComparison.ChildCommand) return RealWorldComparison.Child(args[1..]);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance).ToList();
        if (summaries.Count == 0) return 0;
        var report = RatioReport.Build(summaries);
        if (report.Length > 0)
        {
            Console.WriteLine();
            Console.WriteLine(report);
            var folder = summaries[0].ResultsDirectoryPath;
            System.IO.Directory.CreateDirectory(folder);
            var path = System.IO.Path.Combine(folder, "UsageGen-ratios.md");
            System.IO.File.WriteAllText(path, report);
            Console.WriteLine("Ratios written to " + path);
        }
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
