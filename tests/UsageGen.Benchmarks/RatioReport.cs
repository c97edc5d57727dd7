using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace UsageGen.Benchmarks;

/// <summary>The issue's targets, computed from the summaries of one run (medians): each with its measured ratio and met / missed.</summary>
public static class RatioReport
{
    /// <summary>One measured case: its median time in nanoseconds (robust to the outliers of a small shared VM) and bytes allocated per operation.</summary>
    public sealed record Measure(string Type, string Method, string? Parameter, double Ns, long? AllocatedBytes);

    public static IReadOnlyList<Measure> Measures(IEnumerable<Summary> summaries) =>
        summaries.SelectMany(s => s.Reports)
            .Where(r => r.Success && r.ResultStatistics is not null)
            .Select(r => new Measure(
                r.BenchmarkCase.Descriptor.Type.Name,
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.BenchmarkCase.Parameters.Items.FirstOrDefault()?.Value?.ToString(),
                r.ResultStatistics!.Median,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();

    public static string Build(IEnumerable<Summary> summaries) => Build(Measures(summaries));

    public static string Build(IReadOnlyList<Measure> all)
    {
        var sb = new StringBuilder();
        Measure? Get(string type, string method, string? parameter = null) =>
            all.FirstOrDefault(m => m.Type == type && m.Method == method && (parameter is null || m.Parameter == parameter));

        // ---- generation ----
        var cold = Get(nameof(GenerationBenchmarks), nameof(GenerationBenchmarks.DriverCold));
        if (cold is not null)
        {
            sb.AppendLine("### Generation (5 launch specs, in process, JIT warm)").AppendLine();
            sb.AppendLine("| measure | ours | compared with | theirs | ratio | target | |").AppendLine("|---|---:|---|---:|---:|---|---|");
            var nswag = Get(nameof(GenerationBenchmarks), nameof(GenerationBenchmarks.NSwagCodegen));
            var noRoslyn = Get(nameof(GenerationBenchmarks), nameof(GenerationBenchmarks.PipelineNoRoslyn));
            var floor = Get(nameof(GenerationBenchmarks), nameof(GenerationBenchmarks.NSwagYamlParse));
            var ourParse = Get(nameof(GenerationBenchmarks), nameof(GenerationBenchmarks.OurYamlThenNSwagParse));
            Row(sb, "cold, CSharpGeneratorDriver", cold, "NSwag openapi2csclient in process", nswag, 0.5);
            Row(sb, "cold, without Roslyn", noRoslyn, "NSwag openapi2csclient in process", nswag, 0.5);
            Row(sb, "cold, CSharpGeneratorDriver", cold, "NSwag YAML parse alone (floor)", floor, null);
            Row(sb, "our YAML->JSON + NSwag parse", ourParse, "NSwag YAML parse alone (floor)", floor, null);
            var yaml = Get(nameof(GenerationBenchmarks), nameof(GenerationBenchmarks.StageYaml));
            var parse = Get(nameof(GenerationBenchmarks), nameof(GenerationBenchmarks.StageNSwagParse));
            var model = Get(nameof(GenerationBenchmarks), nameof(GenerationBenchmarks.StageModel));
            var emit = Get(nameof(GenerationBenchmarks), nameof(GenerationBenchmarks.StageEmit));
            if (yaml is not null && parse is not null && model is not null && emit is not null)
            {
                var parseSum = Sum("stage 1+2: YAML read + NSwag parse", yaml, parse);
                var beyond = Sum("stage 3+4: model + emit", model, emit);
                Row(sb, beyond.Method, beyond, parseSum.Method, parseSum, 1.0, strict: true);
                var driverBeyond = cold with { Method = "driver run minus stages 1+2", Ns = cold.Ns - parseSum.Ns, AllocatedBytes = cold.AllocatedBytes - parseSum.AllocatedBytes };
                Row(sb, driverBeyond.Method, driverBeyond, parseSum.Method, parseSum, 1.0, strict: true);
                sb.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"Stages (share of the four): YAML {Share(yaml, yaml, parse, model, emit)}, NSwag parse {Share(parse, yaml, parse, model, emit)}, model {Share(model, yaml, parse, model, emit)}, emit {Share(emit, yaml, parse, model, emit)}."));
            }
            sb.AppendLine();
        }

        // ---- incremental ----
        var incCold = Get(nameof(IncrementalBenchmarks), nameof(IncrementalBenchmarks.Cold));
        if (incCold is not null)
        {
            sb.AppendLine("### Incremental (5 launch specs)").AppendLine();
            sb.AppendLine("| measure | time | alloc | of cold | target | |").AppendLine("|---|---:|---:|---:|---|---|");
            foreach (var (method, target) in new[] { (nameof(IncrementalBenchmarks.Cold), (double?)null), (nameof(IncrementalBenchmarks.NoChange), null), (nameof(IncrementalBenchmarks.UnrelatedCSharpEdit), 0.02), (nameof(IncrementalBenchmarks.OneSpecEdited), null) })
            {
                var m = Get(nameof(IncrementalBenchmarks), method);
                if (m is null) continue;
                var ratio = m.Ns / incCold.Ns;
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {method} | {Time(m.Ns)} | {Bytes(m.AllocatedBytes)} | {ratio:P2} | {(target is { } t ? "< " + t.ToString("P0", CultureInfo.InvariantCulture) : "")} | {(target is { } t2 ? (ratio < t2 ? "met" : "MISSED") : "")} |"));
            }
            sb.AppendLine();
        }

        // ---- scale ----
        var scale = all.Where(m => m.Type == nameof(ScaleBenchmarks)).ToList();
        if (scale.Count > 0)
        {
            sb.AppendLine("### Scale (cold, per spec)").AppendLine();
            sb.AppendLine("| specs | driver total | driver per spec | without Roslyn per spec | NSwag YAML parse per spec |").AppendLine("|---:|---:|---:|---:|---:|");
            foreach (var n in scale.Select(m => m.Parameter).Distinct().OrderBy(p => int.Parse(p ?? "0", CultureInfo.InvariantCulture)))
            {
                var count = int.Parse(n ?? "1", CultureInfo.InvariantCulture);
                var driver = Get(nameof(ScaleBenchmarks), nameof(ScaleBenchmarks.DriverCold), n);
                var noRoslyn = Get(nameof(ScaleBenchmarks), nameof(ScaleBenchmarks.PipelineNoRoslyn), n);
                var floor = Get(nameof(ScaleBenchmarks), nameof(ScaleBenchmarks.NSwagYamlParse), n);
                sb.AppendLine($"| {n} | {Time(driver?.Ns)} | {Time(driver?.Ns / count)} | {Time(noRoslyn?.Ns / count)} | {Time(floor?.Ns / count)} |");
            }
            sb.AppendLine();
        }
        var large = Get(nameof(LargeSpecBenchmarks), nameof(LargeSpecBenchmarks.DriverCold));
        if (large is not null)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"### Large spec ({BenchSpecs.LargeOperations} operations, {BenchSpecs.LargeSchemas} schemas)")).AppendLine();
            sb.AppendLine("| measure | ours | compared with | theirs | ratio | target | |").AppendLine("|---|---:|---|---:|---:|---|---|");
            var nswag = Get(nameof(LargeSpecBenchmarks), nameof(LargeSpecBenchmarks.NSwagCodegen));
            Row(sb, "driver", large, "NSwag openapi2csclient in process", nswag, 0.5);
            Row(sb, "without Roslyn", Get(nameof(LargeSpecBenchmarks), nameof(LargeSpecBenchmarks.PipelineNoRoslyn)), "NSwag openapi2csclient in process", nswag, 0.5);
            Row(sb, "driver", large, "NSwag YAML parse alone (floor)", Get(nameof(LargeSpecBenchmarks), nameof(LargeSpecBenchmarks.NSwagYamlParse)), null);
            var ly = Get(nameof(LargeSpecBenchmarks), nameof(LargeSpecBenchmarks.StageYaml));
            var lp = Get(nameof(LargeSpecBenchmarks), nameof(LargeSpecBenchmarks.StageNSwagParse));
            var lm = Get(nameof(LargeSpecBenchmarks), nameof(LargeSpecBenchmarks.StageModel));
            var le = Get(nameof(LargeSpecBenchmarks), nameof(LargeSpecBenchmarks.StageEmit));
            if (ly is not null && lp is not null && lm is not null && le is not null)
            {
                Row(sb, "stage 3+4: model + emit", Sum("model + emit", lm, le), "stage 1+2: YAML read + NSwag parse", Sum("parse", ly, lp), 1.0, strict: true);
                sb.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"Stages: YAML {Time(ly.Ns)}, NSwag parse {Time(lp.Ns)}, model {Time(lm.Ns)}, emit {Time(le.Ns)}."));
            }
            sb.AppendLine();
        }

        // ---- the largest real-world documents ----
        var realWorld = all.Where(m => m.Type == nameof(RealWorldLargestBenchmarks)).ToList();
        if (realWorld.Count > 0)
        {
            sb.AppendLine("### Largest real-world documents (in process, parse + generate, nothing compiled)").AppendLine();
            sb.AppendLine("| measure | ours | compared with | theirs | ratio | target | |").AppendLine("|---|---:|---|---:|---:|---|---|");
            foreach (var document in realWorld.Select(m => m.Parameter).Distinct())
            {
                var nswag = Get(nameof(RealWorldLargestBenchmarks), nameof(RealWorldLargestBenchmarks.NSwagCodegen), document);
                Row(sb, document + ": driver", Get(nameof(RealWorldLargestBenchmarks), nameof(RealWorldLargestBenchmarks.DriverCold), document), "NSwag openapi2csclient", nswag, 0.5);
                Row(sb, document + ": without Roslyn", Get(nameof(RealWorldLargestBenchmarks), nameof(RealWorldLargestBenchmarks.PipelineNoRoslyn), document), "NSwag openapi2csclient", nswag, 0.5);
            }
            sb.AppendLine();
        }

        // ---- runtime ----
        var runtime = all.Where(m => m.Type == nameof(RuntimeBenchmarks)).ToList();
        if (runtime.Count > 0)
        {
            sb.AppendLine("### Runtime: one GetUsage call, in-memory handler (time / allocated bytes; ratio = UsageGen ÷ other)").AppendLine();
            sb.AppendLine("| provider | UsageGen DTO | UsageGen snapshot | NSwag | Refit | reader pass | HTTP floor | DTO/NSwag time | DTO/NSwag alloc | DTO/Refit time | DTO/Refit alloc | snapshot/NSwag time | snapshot/Refit time | DTO/reader pass | DTO/HTTP floor | parse/reader pass |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var misses = new List<string>();
            foreach (var p in runtime.Select(m => m.Parameter).Distinct())
            {
                Measure? R(string method) => Get(nameof(RuntimeBenchmarks), method, p);
                var dto = R(nameof(RuntimeBenchmarks.UsageGenDto));
                var snap = R(nameof(RuntimeBenchmarks.UsageGenSnapshot));
                var ns = R(nameof(RuntimeBenchmarks.NSwagDto));
                var rf = R(nameof(RuntimeBenchmarks.RefitDto));
                var pass = R(nameof(RuntimeBenchmarks.Utf8JsonReaderPass));
                var http = R(nameof(RuntimeBenchmarks.HttpFloor));
                var ugParse = R(nameof(RuntimeBenchmarks.UsageGenParse));
                sb.AppendLine($"| {p} | {TA(dto)} | {TA(snap)} | {TA(ns)} | {TA(rf)} | {TA(pass)} | {TA(http)} | " +
                              $"{Check(dto?.Ns, ns?.Ns, 0.7, misses, p + " time vs NSwag")} | {Check(dto?.AllocatedBytes, ns?.AllocatedBytes, 0.5, misses, p + " alloc vs NSwag")} | " +
                              $"{Check(dto?.Ns, rf?.Ns, 0.7, misses, p + " time vs Refit")} | {Check(dto?.AllocatedBytes, rf?.AllocatedBytes, 0.5, misses, p + " alloc vs Refit")} | " +
                              $"{Ratio(snap?.Ns, ns?.Ns)} | {Ratio(snap?.Ns, rf?.Ns)} | " +
                              $"{Check(dto?.Ns, pass?.Ns, 3.0, misses, p + " DTO within 3x of reader pass")} | {Check(dto?.Ns, http?.Ns, 3.0, misses, p + " DTO within 3x of HTTP floor")} | {Check(ugParse?.Ns, pass?.Ns, 3.0, misses, p + " parse within 3x of reader pass")} |");
            }
            sb.AppendLine().AppendLine("Targets: time ratio ≤ 0.7 and allocation ratio ≤ 0.5 against NSwag and Refit; within 3x of the reader pass. " +
                                       (misses.Count == 0 ? "All met." : "Missed: " + string.Join("; ", misses) + "."));
            sb.AppendLine();
            sb.AppendLine("Parse only (body bytes to DTO, no HTTP): time / allocated").AppendLine();
            sb.AppendLine("| provider | UsageGen reader | NSwag DTO via JsonSerializer | Refit DTO via JsonSerializer | reader pass |").AppendLine("|---|---:|---:|---:|---:|");
            foreach (var p in runtime.Select(m => m.Parameter).Distinct())
            {
                Measure? R(string method) => Get(nameof(RuntimeBenchmarks), method, p);
                sb.AppendLine($"| {p} | {TA(R(nameof(RuntimeBenchmarks.UsageGenParse)))} | {TA(R(nameof(RuntimeBenchmarks.NSwagParse)))} | {TA(R(nameof(RuntimeBenchmarks.RefitParse)))} | {TA(R(nameof(RuntimeBenchmarks.Utf8JsonReaderPass)))} |");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static Measure Sum(string name, params Measure[] parts) =>
        new(parts[0].Type, name, null, parts.Sum(p => p.Ns), parts.All(p => p.AllocatedBytes is not null) ? parts.Sum(p => p.AllocatedBytes!.Value) : null);

    private static string Share(Measure part, params Measure[] whole) =>
        (part.Ns / whole.Sum(w => w.Ns)).ToString("P0", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder sb, string ours, Measure? a, string theirs, Measure? b, double? target, bool strict = false)
    {
        if (a is null || b is null) return;
        var ratio = a.Ns / b.Ns;
        var verdict = target is { } t ? (strict ? ratio < t : ratio <= t) ? "met" : "MISSED" : "";
        var targetText = target is { } tt ? (strict ? "< " : "≤ ") + tt.ToString("0.##", CultureInfo.InvariantCulture) + "x" : "";
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {ours} | {Time(a.Ns)} ({Bytes(a.AllocatedBytes)}) | {theirs} | {Time(b.Ns)} ({Bytes(b.AllocatedBytes)}) | {ratio:0.00}x | {targetText} | {verdict} |"));
    }

    private static string Check(double? ours, double? theirs, double limit, List<string> misses, string what)
    {
        if (ours is null || theirs is null || theirs == 0) return "";
        var ratio = ours.Value / theirs.Value;
        if (ratio > limit) misses.Add(string.Create(CultureInfo.InvariantCulture, $"{what} ({ratio:0.00}x)"));
        return string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}x{(ratio > limit ? " ✗" : " ✓")}");
    }

    private static string Check(long? ours, long? theirs, double limit, List<string> misses, string what) =>
        Check((double?)ours, (double?)theirs, limit, misses, what);

    private static string Ratio(double? a, double? b) =>
        a is null || b is null || b == 0 ? "" : (a.Value / b.Value).ToString("0.00", CultureInfo.InvariantCulture) + "x";

    private static string TA(Measure? m) => m is null ? "" : $"{Time(m.Ns)} / {Bytes(m.AllocatedBytes)}";

    public static string Time(double? ns) => ns switch
    {
        null => "",
        >= 1e9 => (ns.Value / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " s",
        >= 1e6 => (ns.Value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns.Value / 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " µs",
        _ => ns.Value.ToString("0", CultureInfo.InvariantCulture) + " ns",
    };

    public static string Bytes(long? b) => b switch
    {
        null => "?",
        >= 1024 * 1024 => (b.Value / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (b.Value / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => b.Value.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
