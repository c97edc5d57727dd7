using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using UsageGen.RealWorld.Probe;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.RealWorld.Tests;

/// <summary>All repros through one probe (a new one after each crash), once per test run.</summary>
public sealed class ReproRun : IDisposable
{
    public static string Folder => Path.Combine(Paths.RepositoryRoot, "tests", "corpus", "realworld", "repros");

    public static IEnumerable<string> Names =>
        Directory.GetFiles(Folder, "*.yaml").Select(p => Path.GetFileNameWithoutExtension(p)!).OrderBy(n => n, StringComparer.Ordinal);

    private readonly string _sources = Path.Combine(Path.GetTempPath(), "usagegen-repros-" + Guid.NewGuid().ToString("N"));

    public ReproRun()
    {
        var outcomes = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        foreach (var group in Names.GroupBy(n => File.Exists(Path.Combine(Folder, n + ".expect")) && Expectation.Read(Path.Combine(Folder, n + ".expect")).PlainAdditionalFile))
        {
            var arguments = group.Key ? new[] { "--plain", "--sources", _sources } : new[] { "--sources", _sources };
            // Repros known to crash the probe go last: each crash costs a new process, which is cheap when nothing
            // is left to compile after it.
            var specs = group.OrderBy(n => ReproTests.KnownFailures.TryGetValue(n, out var k) && k.Contains("stack overflow", StringComparison.Ordinal))
                .Select(n => Path.Combine(Folder, n + ".yaml")).ToList();
            foreach (var (spec, outcome) in ProbeRunner.Run(Paths.Probe, arguments, specs, TimeSpan.FromMinutes(5)))
                outcomes[Path.GetFileNameWithoutExtension(spec)!] = outcome;
        }
        Outcomes = outcomes;
    }

    public IReadOnlyDictionary<string, Outcome> Outcomes { get; }

    /// <summary>The text of the provider files the generator added for <paramref name="name"/> (the catalog left out).</summary>
    public IReadOnlyList<string> GeneratedFiles(string name)
    {
        var folder = Path.Combine(_sources, name);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.g.cs").Where(f => Path.GetFileName(f) != RealWorldCompilation.CatalogHintName).Select(File.ReadAllText).ToList()
            : Array.Empty<string>();
    }

    public void Dispose()
    {
        if (Directory.Exists(_sources)) Directory.Delete(_sources, recursive: true);
    }
}

/// <summary>
/// One tiny spec per failure kind seen on public API descriptions (tests/corpus/realworld/repros, each with its
/// <c>.expect</c>). A repro not in <see cref="KnownFailures"/> must meet its expectation; one in it must still fail it, so
/// whoever fixes a kind deletes its line here (the list cannot go stale).
/// </summary>
public sealed class ReproTests : IClassFixture<ReproRun>
{
    /// <summary>Repros that fail today, with the kind of issue 11 they stand for. Delete a line when you fix it.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownFailures = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Empty since robust, emit and the repro fixes landed together: every kind found on the corpus is met.
    };

    private readonly ReproRun _run;
    private readonly ITestOutputHelper _output;

    public ReproTests(ReproRun run, ITestOutputHelper output)
    {
        _run = run;
        _output = output;
    }

    public static TheoryData<string> Repros()
    {
        var data = new TheoryData<string>();
        foreach (var name in ReproRun.Names) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Repros))]
    public void Repro_meets_its_expectation_unless_known_to_fail(string name)
    {
        var expectation = Expectation.Read(Path.Combine(ReproRun.Folder, name + ".expect"));
        var outcome = _run.Outcomes[name];
        var unmet = expectation.Unmet(outcome, _run.GeneratedFiles(name));
        _output.WriteLine($"{name}: {(unmet.Count == 0 ? "met" : string.Join("; ", unmet))}");
        if (outcome.Samples.Length > 0) _output.WriteLine(outcome.Samples);

        if (KnownFailures.TryGetValue(name, out var kind))
            Assert.True(unmet.Count > 0, $"{name} ({kind}) now meets its expectation: delete it from ReproTests.KnownFailures.");
        else
            Assert.True(unmet.Count == 0, $"{name} ({expectation.Kind}): {string.Join("; ", unmet)}{Environment.NewLine}{outcome.Samples}");
    }

    [Fact]
    public void Every_repro_has_an_expectation_and_every_known_failure_a_repro()
    {
        var names = ReproRun.Names.ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(File.Exists(Path.Combine(ReproRun.Folder, n + ".expect")), n + ".expect is missing"));
        Assert.All(KnownFailures.Keys, k => Assert.Contains(k, names));
    }
}
