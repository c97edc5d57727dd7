using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using UsageGen.EndToEnd.Tests;

namespace UsageGen.Corpus.Tests;

/// <summary>Runs and scores corpus parts; each part runs once per test process and is shared by the tests that read it.</summary>
public static class CorpusRun
{
    public const string PartVariable = "USAGEGEN_CORPUS_PART";

    /// <summary>The parts <c>USAGEGEN_CORPUS_PART</c> selects: <c>train</c>, <c>holdout</c> or <c>all</c> (the default).</summary>
    public static IReadOnlyList<string> SelectedParts()
    {
        var value = (Environment.GetEnvironmentVariable(PartVariable) ?? "all").Trim().ToLowerInvariant();
        return value switch
        {
            "" or "all" => new[] { "train", "holdout" },
            "train" or "holdout" => new[] { value },
            _ => throw new InvalidOperationException($"{PartVariable}={value}: use train, holdout or all."),
        };
    }

    /// <summary>
    /// Whether <paramref name="part"/>'s per-provider lines go to the console. The holdout is only measured: its lines
    /// are shown when it is asked for by name (<c>USAGEGEN_CORPUS_PART=holdout</c> or <c>=all</c>), not in a plain
    /// <c>dotnet test UsageGen.sln</c> that rule writers run too (corpus-report.txt always has them).
    /// </summary>
    public static bool ShowsDetails(string part) =>
        part != "holdout" || Environment.GetEnvironmentVariable(PartVariable) is { Length: > 0 };

    private static readonly ConcurrentDictionary<string, Lazy<Task<PartScore>>> Parts = new(StringComparer.Ordinal);

    /// <summary>The corpus part <paramref name="part"/> (tests/corpus/usage/&lt;part&gt;), run once and cached.</summary>
    public static Task<PartScore> PartAsync(string part) =>
        Parts.GetOrAdd(part, p => new Lazy<Task<PartScore>>(() => RunPartAsync(CorpusCase.CorpusRoot, p, CancellationToken.None))).Value;

    /// <summary>Runs every provider folder of <paramref name="part"/> under <paramref name="root"/> and scores it.</summary>
    public static async Task<PartScore> RunPartAsync(string root, string part, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var cases = new List<CorpusCase>();
        var dir = Path.Combine(root, part);
        if (Directory.Exists(dir))
        {
            foreach (var folder in Directory.GetDirectories(dir).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal))
            {
                try { cases.Add(CorpusCase.Load(folder, part)); }
                catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or FormatException or UnauthorizedAccessException)
                {
                    errors.Add($"{part}/{Path.GetFileName(folder)}: {e.Message}");
                }
            }
        }
        var scores = await RunAsync(cases, cancellationToken).ConfigureAwait(false);
        errors.AddRange(scores.Errors);
        return new PartScore(part, scores.Scores, errors);
    }

    /// <summary>Runs <paramref name="cases"/> against one Kestrel server, as many at a time as there are cores.</summary>
    public static async Task<(IReadOnlyList<ProviderScore> Scores, IReadOnlyList<string> Errors)> RunAsync(
        IReadOnlyList<CorpusCase> cases, CancellationToken cancellationToken, params string[] extraSources)
    {
        var results = new ProviderScore?[cases.Count];
        var errors = new ConcurrentQueue<string>();
        await using var server = await LocalServer.StartAsync().ConfigureAwait(false);
        await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var c = cases[i];
                try
                {
                    var outcome = await CorpusRunner.RunAsync(c, server, ct, extraSources).ConfigureAwait(false);
                    results[i] = Scoring.Score(c, outcome);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    errors.Enqueue($"{c.Part}/{c.Id}: the harness crashed: {e}");
                }
            }).ConfigureAwait(false);
        return (results.Where(r => r is not null).Select(r => r!).ToList(), errors.ToList());
    }
}
