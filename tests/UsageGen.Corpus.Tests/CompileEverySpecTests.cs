using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using UsageGen.Generator;
using UsageGen.TestSupport;
using Xunit;

namespace UsageGen.Corpus.Tests;

/// <summary>
/// The generated code of every corpus spec (the parts <c>USAGEGEN_CORPUS_PART</c> selects) and of every launch spec
/// compiles with no diagnostic under the net8.0 and the net10.0 reference packs, Nullable and warnings as errors, and
/// the generator itself reports nothing that breaks such a build: no annotation needed, no build broken.
/// </summary>
public class CompileEverySpecTests
{
    public static IEnumerable<object[]> Targets() => new[] { new object[] { TargetFramework.Net80 }, new object[] { TargetFramework.Net100 } };

    /// <summary>Each corpus spec of the selected parts, then each launch spec (specs/*.yaml).</summary>
    private static IEnumerable<(string Name, string Path)> Specs()
    {
        foreach (var part in CorpusRun.SelectedParts())
        {
            var dir = Path.Combine(CorpusCase.CorpusRoot, part);
            if (!Directory.Exists(dir)) continue;
            foreach (var c in CorpusCase.LoadPart(CorpusCase.CorpusRoot, part))
                yield return (part + "/" + c.Id, c.SpecPath);
        }
        foreach (var spec in Directory.GetFiles(Path.Combine(ConsumerCompilation.RepositoryRoot, "specs"), "*.yaml").OrderBy(f => f, StringComparer.Ordinal))
            yield return ("specs/" + Path.GetFileName(spec), spec);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_corpus_and_launch_spec_compiles_warning_free(TargetFramework target)
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var (name, path) in Specs())
        {
            count++;
            var compilation = ConsumerCompilation.Create(target, "Compiled_" + new string(name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_').ToArray()),
                "public static class Use { public static int Count => UsageGen.Generated.UsageCatalog.Providers.Count; }");
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new UsageGenGenerator().AsSourceGenerator() },
                new AdditionalText[] { new InMemoryText(path, File.ReadAllText(path)) }, ConsumerCompilation.ParseOptions(target), optionsProvider: null);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
            var breaking = generatorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)
                .Concat(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError))
                .Select(d => $"{d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
                .ToList();
            if (breaking.Count > 0) failures.Add($"{name}: {string.Join("; ", breaking.Take(3))}{(breaking.Count > 3 ? $" (+{breaking.Count - 3} more)" : "")}");
        }
        Assert.True(count >= 5, "no spec found");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} specs do not compile warning-free under {target}:\n" + string.Join("\n", failures));
    }
}
