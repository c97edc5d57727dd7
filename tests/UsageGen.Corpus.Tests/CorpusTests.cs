using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.Corpus.Tests;

/// <summary>
/// The usage corpus (tests/corpus/usage, CORPUS-FORMAT.md) through the generator, a net8.0 TreatWarningsAsErrors
/// consumer and real HTTP. <c>USAGEGEN_CORPUS_PART=train|holdout|all</c> picks the parts (default all); each part
/// prints a line per provider (the holdout's only when asked for by name, see <see cref="CorpusRun.ShowsDetails"/>)
/// and <c>[part] corpus figures right: N/M (providers clean K/P)</c>; bin/.../corpus-report.txt has every line.
/// </summary>
public class CorpusTests
{
    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Corpus_runs_every_provider_and_prints_the_score_lines()
    {
        var parts = new List<PartScore>();
        foreach (var part in CorpusRun.SelectedParts()) parts.Add(await CorpusRun.PartAsync(part));

        var details = parts.SelectMany(p => p.Providers.Select(s => (p.Part, Line: s.Line()))
            .Concat(p.HarnessErrors.Select(e => (p.Part, Line: "HARNESS ERROR " + e)))).ToList();
        var scores = parts.Select(p => p.ScoreLine()).ToList();
        Print(details.Where(d => CorpusRun.ShowsDetails(d.Part)).Select(d => d.Line).Concat(scores), details.Select(d => d.Line).Concat(scores), "corpus-report.txt");

        // The corpus's score is measured, not asserted here; the harness itself must have run every provider.
        Assert.Empty(parts.SelectMany(p => p.HarnessErrors));
        Assert.All(parts, p => Assert.Equal(Directory.Exists(Path.Combine(CorpusCase.CorpusRoot, p.Part))
            ? Directory.GetDirectories(Path.Combine(CorpusCase.CorpusRoot, p.Part)).Length : 0, p.Providers.Count));
    }

    /// <summary>The rule-writing part is asserted on every run; the holdout is only measured (its score is reported, not held to).</summary>
    [Fact]
    public async Task Train_part_every_reported_figure_right()
    {
        var train = await CorpusRun.PartAsync("train");
        var lines = train.Providers.Select(p => p.Line()).Append(train.ScoreLine()).ToList();
        Print(lines, lines, "corpus-report-train-assert.txt");
        Assert.Empty(train.HarnessErrors);
        Assert.NotEmpty(train.Providers);
        var wrong = train.Providers
            .Where(p => p.Right != p.Reported.Count || p.FalseFigures.Count > 0 || !p.Clean)
            .Select(p => p.Line())
            .ToList();
        Assert.True(wrong.Count == 0, "Training providers with a wrong, missing or false figure, or a wrong operation, auth, query or build:\n" + string.Join("\n", wrong));
    }

    /// <summary><paramref name="shown"/> to the test output and the console (dotnet test shows it); <paramref name="all"/> to <paramref name="file"/> next to the tests.</summary>
    private void Print(IEnumerable<string> shown, IEnumerable<string> all, string file)
    {
        foreach (var line in shown)
        {
            _output.WriteLine(line);
            Console.WriteLine(line);
        }
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, file), all);
    }
}
