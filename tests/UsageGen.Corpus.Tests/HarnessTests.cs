using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.Corpus.Tests;

/// <summary>
/// The harness is sound: on a tiny hand-written provider (Fixtures/usage/acme-usage, mapped with x-usagegen so that it
/// does not depend on inference) a right snapshot scores full, and every kind of wrong is counted wrong.
/// </summary>
public class HarnessTests
{
    private static readonly string FixtureRoot = Path.Combine(TestSupport.ConsumerCompilation.RepositoryRoot, "tests", "UsageGen.Corpus.Tests", "Fixtures");

    private static CorpusCase Acme() => CorpusCase.Load(Path.Combine(FixtureRoot, "usage", "acme-usage"), "usage");

    private static readonly Lazy<Task<ProviderScore>> AcmeRun = new(() => RunOne(Acme()));

    private static async Task<ProviderScore> RunOne(CorpusCase c, params string[] extraSources)
    {
        var (scores, errors) = await CorpusRun.RunAsync(new[] { c }, CancellationToken.None, extraSources);
        Assert.Empty(errors);
        return Assert.Single(scores);
    }

    private static ProviderScore Rescore(ProviderScore s, Func<Expected, Expected> change) =>
        Scoring.Score(s.Case with { Expected = change(s.Case.Expected) }, s.Outcome);

    private static Expected WithFigure(Expected e, string name, ExpectedValue? value)
    {
        var figures = new Dictionary<string, ExpectedValue?>(e.Figures, StringComparer.Ordinal) { [name] = value };
        return e with { Figures = figures };
    }

    [Fact]
    public async Task A_right_snapshot_scores_every_figure_and_is_clean()
    {
        var s = await AcmeRun.Value;
        Assert.True(s.Outcome.BuildClean, string.Join("\n", s.Outcome.Diagnostics));
        Assert.Null(s.Outcome.AdapterError);
        Assert.Equal(6, s.Reported.Count);
        Assert.Equal(6, s.Right);
        Assert.Empty(s.FalseFigures);
        Assert.True(s.OperationRight, s.OperationNote);
        Assert.True(s.AuthRight, s.AuthNote);
        Assert.True(s.QueryRight, s.QueryNote);
        Assert.True(s.Clean, s.Line());
        var request = Assert.Single(s.Outcome.Requests);
        Assert.Equal("/acme-usage/accounts/acct-7/usage", request.Path);
        Assert.Equal("corpus figures right: 6/6 (providers clean 1/1)",
            new PartScore("usage", new[] { s }, Array.Empty<string>()).ScoreLine().Split("] ")[1]);
    }

    [Theory]
    [InlineData("creditsUsed")]
    [InlineData("creditsLimit")]
    [InlineData("creditsRemaining")]
    [InlineData("requestsPerMinute")]
    public async Task A_wrong_number_is_counted_wrong(string figure)
    {
        var s = Rescore(await AcmeRun.Value, e => WithFigure(e, figure, new ExpectedValue(Number: 7)));
        Assert.Equal(5, s.Right);
        Assert.False(Assert.Single(s.Reported, f => f.Name == figure).Right);
        Assert.False(s.Clean);
        Assert.Contains(figure + " WRONG (expected 7", s.Line());
    }

    [Fact]
    public async Task A_wrong_plan_reset_or_unlimited_is_counted_wrong()
    {
        var acme = await AcmeRun.Value;
        Assert.Equal(5, Rescore(acme, e => WithFigure(e, "plan", new ExpectedValue(Text: "Team"))).Right);
        Assert.Equal(5, Rescore(acme, e => WithFigure(e, "resetsAt", new ExpectedValue(Instant: new DateTimeOffset(2027, 1, 1, 0, 0, 1, TimeSpan.Zero)))).Right);
        Assert.Equal(5, Rescore(acme, e => WithFigure(e, "creditsLimit", new ExpectedValue(Unlimited: true))).Right);
    }

    [Fact]
    public async Task A_figure_produced_where_none_is_expected_is_a_false_figure()
    {
        var s = Rescore(await AcmeRun.Value, e => WithFigure(WithFigure(e, "plan", null), "creditsRemaining", null));
        Assert.Equal(4, s.Reported.Count);
        Assert.Equal(4, s.Right);
        Assert.Equal(new[] { "plan=\"team\"", "creditsRemaining=8750" }, s.FalseFigures);
        Assert.False(s.Clean);
    }

    [Fact]
    public async Task A_key_sent_another_way_or_a_missing_query_value_is_wrong()
    {
        var acme = await AcmeRun.Value;
        var bearer = Rescore(acme, e => e with { Auth = new ExpectedAuth("bearer", "Authorization", "Bearer {key}") });
        Assert.False(bearer.AuthRight);
        Assert.False(bearer.Clean);
        var prefixed = Rescore(acme, e => e with { Auth = new ExpectedAuth("header", "X-Acme-Key", "Acme-Key {key}") });
        Assert.False(prefixed.AuthRight);
        Assert.DoesNotContain(CorpusRunner.ApiKey("acme-usage"), prefixed.Line());
        var query = Rescore(acme, e => e with { SentQuery = new Dictionary<string, string> { ["fields"] = "usage", ["view"] = "usage" } });
        Assert.False(query.QueryRight);
        Assert.Contains("missing view=usage", query.Line());
    }

    [Fact]
    public async Task Basic_authentication_is_checked_with_the_user_and_password_given()
    {
        var s = await RunOne(CorpusCase.Load(Path.Combine(FixtureRoot, "usage", "acme-basic"), "usage"));
        Assert.True(s.Clean, s.Line());
        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            CorpusRunner.Username("acme-basic") + ":" + CorpusRunner.ApiKey("acme-basic")));
        Assert.Equal(expected, Assert.Single(s.Outcome.Requests).Header("Authorization"));
        var otherUser = Rescore(s, e => e with { Auth = new ExpectedAuth("basic", null, "someone:{password}") });
        Assert.False(otherUser.AuthRight);
        Assert.False(Rescore(s, e => e with { Auth = new ExpectedAuth("header", "Authorization", "{key}") }).AuthRight);
    }

    [Fact]
    public async Task A_wrong_usage_operation_is_wrong_and_its_figures_are_not_right()
    {
        var s = await RunOne(Acme() with { Expected = Acme().Expected with { UsageOperation = "GET /accounts/{accountId}/limits" } });
        Assert.False(s.OperationRight);
        Assert.Contains("adapter uses GET /accounts/{accountId}/usage", s.OperationNote);
        Assert.NotNull(s.Outcome.AdapterError); // the server serves the body only at the expected operation's path
        Assert.Equal(0, s.Right);
        Assert.False(s.Clean);
    }

    [Fact]
    public async Task An_adapter_where_no_usage_operation_is_expected_must_report_nothing()
    {
        var acme = Acme();
        var none = acme.Expected with { UsageOperation = null, Figures = new Dictionary<string, ExpectedValue?>() };
        var s = await RunOne(acme with { Expected = none });
        Assert.False(s.OperationRight);
        Assert.Equal(6, s.FalseFigures.Count);
        Assert.Empty(s.Reported);
        Assert.False(s.Clean);
    }

    [Fact]
    public async Task A_warning_breaks_the_build_so_no_figure_counts_though_they_are_still_measured()
    {
        // CS0168 (a declared, unused local) is a warning; under TreatWarningsAsErrors it breaks the consumer's build.
        var s = await RunOne(Acme(), "public class Noise { public void M() { int unused; } }");
        Assert.False(s.Outcome.BuildClean);
        Assert.Contains(s.Outcome.Diagnostics, d => d.Id == "CS0168" && d.BreaksBuild);
        Assert.Equal(0, s.Right);
        Assert.Equal(6, s.RightWithWarningsAllowed);
        Assert.False(s.Clean);
        Assert.Contains("BROKEN: CS0168", s.Line());
    }

    [Fact]
    public void A_malformed_expectation_is_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => Expected.Parse("""{"auth":{"in":"header"},"figures":{"creditsUsed":"many"}}""", "x"));
        Assert.Contains("creditsUsed", e.Message);
        Assert.Throws<InvalidDataException>(() => Expected.Parse("""{"figures":{}}""", "x"));
        Assert.Throws<InvalidDataException>(() => Expected.Parse("""{"auth":{"in":"query"},"figures":{"credits":1}}""", "x"));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("holdout")]
    public void Every_corpus_folder_of_the_part_loads(string part)
    {
        // A folder that does not load is reported as a harness error by the corpus run; here it fails at once.
        var dir = Path.Combine(CorpusCase.CorpusRoot, part);
        var folders = Directory.Exists(dir) ? Directory.GetDirectories(dir) : Array.Empty<string>();
        Assert.Equal(folders.Length, CorpusCase.LoadPart(CorpusCase.CorpusRoot, part).Count);
    }
}
