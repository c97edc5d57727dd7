using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using UsageGen.RealWorld.Probe;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.RealWorld.Tests;

/// <summary>Runs only with <c>USAGEGEN_REALWORLD=1</c> and the corpus cache present; otherwise skipped, saying why.</summary>
public sealed class RealWorldFactAttribute : FactAttribute
{
    public RealWorldFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("USAGEGEN_REALWORLD") != "1")
            Skip = "the real-world corpus (46 documents, a few minutes on 2 cores, from a local cache of third-party files) runs only with USAGEGEN_REALWORLD=1; see tests/corpus/realworld/README.md";
        else if (!Directory.Exists(RealWorldCorpus.CacheFolder))
            Skip = $"no corpus cache at {RealWorldCorpus.CacheFolder}: run tests/corpus/realworld/populate.sh (or set USAGEGEN_REALWORLD_CACHE)";
    }
}

/// <summary>
/// Every document of tests/corpus/realworld/manifest.json through the generator in a real net8.0 compilation, one child
/// process per crash. Prints <c>real-world specs: generated G/N, compiled clean C/N</c> and a table (also written to
/// realworld-report.md in the test's output folder). A document not in <see cref="KnownFailures"/> must generate and
/// compile clean (a <see cref="Defective"/> one: be diagnosed, the rest generated); one in it must still fail, so the list
/// is kept true as kinds get fixed.
/// </summary>
public sealed class RealWorldCorpusTests
{
    /// <summary>
    /// Documents that are themselves broken (NSwag's parser stops on each too), with the defect and the diagnostic it must get: for them, success is that
    /// diagnostic (no other UG error) with the rest of the spec generated and compiling clean.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Defect, string Diagnostic)> Defective = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["cloudflare"] = ("PUT .../dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}/settings refers to #/components/requestBodies/requestBody, #/components/responses/4XX and #/components/responses/200, none of which exists (lines 50375-50380)", "UG0004"),
        ["keycloak"] = ("a schema refers to #/components/schemas/oas_any_type_not_mapped, which does not exist (line 13610)", "UG0004"),
        ["brevo"] = ("POST /orders/status/batch: the 202 response is a $ref to #/definitions/createdBatchId, a schema, not a response (line 9030)", "UG0004"),
        ["pagerduty"] = ("a response is a $ref to a component under #/components/requestBodies, not a response (lines 38639, 38980); a discriminator mapping points through a $ref, which a JSON pointer cannot cross (line 22640)", "UG0004"),
        ["square"] = ("CatalogItemModifierListInfo and CatalogModifierOverride refer to #/components/schemas/CatalogModifierToggleOverrideType (5 properties, first at line 9946), which does not exist; it also has $refs inside example data (kind 9), which are data", "UG0004"),
    };

    /// <summary>Documents that fail today, with the kinds of tests/corpus/realworld/README.md they show. Delete a line when it passes.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownFailures = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Empty: every document compiles clean, and each defective one is diagnosed with the rest generated.
    };

    /// <summary>What success is for <paramref name="id"/>: compiled clean, or for a defective document its diagnosis with the rest generated.</summary>
    public static bool Succeeded(string id, Outcome outcome)
    {
        if (!Defective.TryGetValue(id, out var defect)) return outcome.CompiledClean;
        if (outcome.Result is not { } r) return false;
        var ugErrors = r.Samples.Where(s => s.Id.StartsWith("UG", StringComparison.Ordinal)).Select(s => s.Id).Distinct().ToList();
        return ugErrors.SequenceEqual(new[] { defect.Diagnostic }) && r.ProviderFiles > 0 && r.CsDiagnostics.Count == 0;
    }

    private readonly ITestOutputHelper _output;

    public RealWorldCorpusTests(ITestOutputHelper output) => _output = output;

    [RealWorldFact]
    public void Every_document_generates_and_compiles_clean_unless_known_to_fail()
    {
        var documents = RealWorldCorpus.Read(Paths.RepositoryRoot);
        var problems = documents.Select(RealWorldCorpus.Problem).Where(p => p is not null).ToList();
        Assert.True(problems.Count == 0, "the cache is not the manifest's (run tests/corpus/realworld/populate.sh):" + Environment.NewLine + string.Join(Environment.NewLine, problems));

        var outcomes = ProbeRunner.Run(Paths.Probe, System.Array.Empty<string>(), documents.Select(RealWorldCorpus.PathOf).ToList(), TimeSpan.FromMinutes(30));
        var rows = documents.Select(d => (Document: d, Outcome: outcomes[RealWorldCorpus.PathOf(d)])).ToList();
        var report = Report(rows);
        _output.WriteLine(report);
        var file = Path.Combine(AppContext.BaseDirectory, "realworld-report.md");
        File.WriteAllText(file, report);
        _output.WriteLine("written to " + file);

        var wrong = new List<string>();
        foreach (var (d, o) in rows)
        {
            var known = KnownFailures.ContainsKey(d.Id);
            var succeeded = Succeeded(d.Id, o);
            if (!known && !succeeded) wrong.Add($"{d.Id}: {o.Summary}" + (Defective.TryGetValue(d.Id, out var defect) ? $" (defective: {defect.Defect}; wanted {defect.Diagnostic} and the rest generated)" : ""));
            if (known && succeeded) wrong.Add($"{d.Id} now succeeds: delete it from RealWorldCorpusTests.KnownFailures");
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void The_manifest_names_every_listed_document_once_with_its_source()
    {
        var documents = RealWorldCorpus.Read(Paths.RepositoryRoot);
        Assert.True(documents.Count >= 30, $"{documents.Count} documents");
        Assert.Equal(documents.Count, documents.Select(d => d.Id).Distinct().Count());
        Assert.All(documents, d =>
        {
            Assert.Matches("^[a-z0-9-]+$", d.Id);
            Assert.Matches("^[^/]+/[^/]+$", d.Repo);
            Assert.Matches("^[0-9a-f]{40}$", d.Commit);
            Assert.Matches("^[0-9a-f]{64}$", d.Sha256);
            Assert.Contains(d.Format, new[] { "yaml", "json" });
        });
        var ids = documents.Select(d => d.Id).ToHashSet();
        Assert.All(KnownFailures.Keys.Concat(Defective.Keys), id => Assert.Contains(id, ids));
    }

    /// <summary>The totals line and a Markdown table, largest document first, with each failure's errors below it.</summary>
    public static string Report(IReadOnlyList<(CorpusDocument Document, Outcome Outcome)> rows)
    {
        var n = rows.Count;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"real-world specs: generated {rows.Count(r => r.Outcome.Generated)}/{n}, compiled clean {rows.Count(r => r.Outcome.CompiledClean)}/{n}");
        text.AppendLine();
        text.AppendLine("| id | version | format | size | generated | compiled clean | UG/CS diagnostics (or failure) | generated bytes | generate ms | compile ms |");
        text.AppendLine("|---|---|---|---:|---|---|---|---:|---:|---:|");
        foreach (var (d, o) in rows.OrderByDescending(r => r.Document.Bytes))
        {
            var r = o.Result;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {d.Id} | {d.SpecVersion} | {d.Format} | {Size(d.Bytes)} | {(o.Generated ? "yes" : "no")} | {(o.CompiledClean ? "yes" : "no")} | {o.Summary} | {(r is null ? "" : Size(r.GeneratedBytes))} | {(r is null ? "" : r.GenerateMilliseconds.ToString("0", CultureInfo.InvariantCulture))} | {(r is null ? "" : r.CompileMilliseconds.ToString("0", CultureInfo.InvariantCulture))} |");
        }
        text.AppendLine();
        foreach (var (d, o) in rows.Where(r => !r.Outcome.CompiledClean).OrderBy(r => r.Document.Id, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{d.Id}: {o.Summary}");
            if (o.Samples.Length > 0) text.AppendLine(o.Samples);
        }
        return text.ToString();
    }

    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? (bytes / (1024.0 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";
}
