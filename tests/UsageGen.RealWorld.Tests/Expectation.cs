using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using UsageGen.RealWorld.Probe;

namespace UsageGen.RealWorld.Tests;

/// <summary>
/// What issue 11 wants from a repro spec, read from its <c>.expect</c> file (<c>key: value</c> lines, <c>#</c> comments):
/// <list type="bullet">
/// <item><c>must: generate-and-compile-clean</c>: the provider's files, no UG error, no CS diagnostic (warnings are errors).</item>
/// <item><c>must: diagnose</c> with <c>diagnostic: UGxxxx</c> and <c>line: N</c>: that id at line N of the spec (1-based), no
/// other UG error; with <c>rest-generates: true</c> also the provider's files and no CS diagnostic.</item>
/// <item><c>contains: text</c> (repeatable): some generated provider file contains the text (nothing silently dropped).</item>
/// <item><c>kind: text</c>: the failure kind it stands for (for people; not checked).</item>
/// <item><c>as: additional-files</c>: the spec is a plain <c>AdditionalFiles</c> item (default: a <c>UsageGenSpec</c> item).</item>
/// </list>
/// </summary>
public sealed record Expectation(string Kind, bool PlainAdditionalFile, string Must, string? Diagnostic, int? Line, bool RestGenerates, IReadOnlyList<string> Contains)
{
    public const string GenerateAndCompileClean = "generate-and-compile-clean";
    public const string Diagnose = "diagnose";

    public static Expectation Read(string path)
    {
        var values = new List<(string Key, string Value)>();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new FormatException($"{path}: '{line}' is not 'key: value'");
            values.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        string? One(string key) => values.LastOrDefault(v => v.Key == key).Value;
        var known = new[] { "kind", "as", "must", "diagnostic", "line", "rest-generates", "contains" };
        var unknown = values.Select(v => v.Key).FirstOrDefault(k => !known.Contains(k));
        if (unknown is not null) throw new FormatException($"{path}: unknown key '{unknown}'");
        var must = One("must") ?? throw new FormatException($"{path}: no 'must:'");
        if (must is not (GenerateAndCompileClean or Diagnose)) throw new FormatException($"{path}: must is '{must}'");
        if (must == Diagnose && (One("diagnostic") is null || One("line") is null)) throw new FormatException($"{path}: diagnose needs diagnostic and line");
        if (One("as") is { } item && item != "additional-files") throw new FormatException($"{path}: as is '{item}'");
        return new Expectation(
            One("kind") ?? "",
            One("as") == "additional-files",
            must,
            One("diagnostic"),
            One("line") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : null,
            string.Equals(One("rest-generates"), "true", StringComparison.OrdinalIgnoreCase),
            values.Where(v => v.Key == "contains").Select(v => v.Value).ToList());
    }

    /// <summary>Every way <paramref name="outcome"/> falls short (empty: met). <paramref name="generatedFiles"/>: the provider's files' text.</summary>
    public IReadOnlyList<string> Unmet(Outcome outcome, IReadOnlyList<string> generatedFiles)
    {
        if (outcome.Result is not { } r) return new[] { $"the probe died on it ({outcome.Summary})" };
        var unmet = new List<string>();
        var ugErrors = r.Samples.Where(s => s.Id.StartsWith("UG", StringComparison.Ordinal)).ToList();
        if (Must == GenerateAndCompileClean)
        {
            if (!r.Generated) unmet.Add($"not generated ({outcome.Summary})");
            else if (!r.CompiledClean) unmet.Add($"does not compile clean ({outcome.Summary})");
        }
        else
        {
            var specFile = Path.GetFileName(r.Spec);
            if (!ugErrors.Any(s => s.Id == Diagnostic && s.Line == Line && s.File == specFile))
                unmet.Add($"no {Diagnostic} at {specFile} line {Line} (got: {(ugErrors.Count == 0 ? "none" : string.Join(", ", ugErrors.Select(s => $"{s.Id} at {s.File} line {s.Line}")))})");
            var others = ugErrors.Where(s => s.Id != Diagnostic).Select(s => s.Id).Distinct().ToList();
            if (others.Count > 0) unmet.Add("other UG errors: " + string.Join(", ", others));
            if (RestGenerates && r.ProviderFiles == 0) unmet.Add("the rest of the spec was not generated");
            if (RestGenerates && r.CsDiagnostics.Count > 0) unmet.Add($"the rest does not compile clean ({string.Join(" ", r.CsDiagnostics.Keys)})");
        }
        foreach (var text in Contains)
            if (!generatedFiles.Any(f => f.Contains(text, StringComparison.Ordinal)))
                unmet.Add($"no generated file contains '{text}'");
        return unmet;
    }
}
