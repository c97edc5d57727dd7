using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace UsageGen.Benchmarks;

/// <summary>
/// <c>--alloc-trace [provider...] [--calls N]</c>: where the bytes of one GetUsage call go. For each client style, the
/// exact bytes per call (<see cref="GC.GetTotalAllocatedBytes"/>) and, from the runtime's GCAllocationTick events (one
/// sample about every 100 KB allocated), the types that take them. Not a benchmark: a profile to read next to one.
/// </summary>
public static class AllocationTrace
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = 50_000;
        var providers = new List<Provider>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--calls" && i + 1 < args.Length) calls = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (Enum.TryParse<Provider>(args[i], ignoreCase: true, out var p)) providers.Add(p);
        }
        if (providers.Count == 0) providers.AddRange(Enum.GetValues<Provider>());

        using var listener = new AllocationListener();
        foreach (var provider in providers)
        {
            var b = new RuntimeBenchmarks { Provider = provider };
            b.Setup();
            var styles = new (string Name, Func<Task<object>> Call)[]
            {
                ("HTTP floor", async () => await b.HttpFloor().ConfigureAwait(false)),
                ("UsageGen client -> DTO", b.UsageGenDto),
                ("UsageGen adapter -> UsageSnapshot", b.UsageGenSnapshot),
                ("NSwag client -> DTO", b.NSwagDto),
                ("Refit client -> DTO", b.RefitDto),
                ("Parse only: UsageGen", () => Task.FromResult(b.UsageGenParse())),
                ("Parse only: NSwag DTO", () => Task.FromResult(b.NSwagParse())),
            };
            Console.WriteLine($"## {provider}: {calls:N0} calls each");
            foreach (var (name, call) in styles)
            {
                for (var i = 0; i < 500; i++) await call().ConfigureAwait(false);
                Thread.Sleep(200);
                listener.Start();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < calls; i++) await call().ConfigureAwait(false);
                var perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
                Thread.Sleep(500);   // runtime events arrive on the listener's thread a little later
                var samples = listener.Stop();
                var total = samples.Values.Sum();
                Console.WriteLine();
                Console.WriteLine($"### {name}: {perCall:0} B per call");
                Console.WriteLine("| type (sampled) | share | ~B per call |");
                Console.WriteLine("|---|---:|---:|");
                foreach (var (type, bytes) in samples.OrderByDescending(p => p.Value).Take(14))
                    Console.WriteLine($"| {type} | {bytes / (double)total:P0} | {perCall * bytes / total:0} |");
            }
            Console.WriteLine();
        }
        return 0;
    }

    private sealed class AllocationListener : EventListener
    {
        private readonly object _gate = new();
        private Dictionary<string, long> _bytes = new(StringComparer.Ordinal);
        private volatile bool _on;

        public void Start()
        {
            lock (_gate) _bytes = new Dictionary<string, long>(StringComparer.Ordinal);
            _on = true;
        }

        public Dictionary<string, long> Stop()
        {
            _on = false;
            lock (_gate) return _bytes;
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1 /* GC */);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (!_on || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null || e.PayloadNames is null) return;
            var typeIndex = e.PayloadNames.IndexOf("TypeName");
            var amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
            if (amountIndex < 0) amountIndex = e.PayloadNames.IndexOf("AllocationAmount");
            if (typeIndex < 0 || amountIndex < 0) return;
            var type = e.Payload[typeIndex] as string ?? "?";
            if (type.StartsWith("System.Diagnostics.Tracing.", StringComparison.Ordinal)) return;   // this listener's own
            var amount = Convert.ToInt64(e.Payload[amountIndex], CultureInfo.InvariantCulture);
            lock (_gate) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }
}
