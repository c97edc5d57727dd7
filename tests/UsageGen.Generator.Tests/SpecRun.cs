using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>Shared steps of the robustness tests: build a spec, run the generator, judge what came out.</summary>
internal static class SpecRun
{
    /// <summary>
    /// A spec with one GET operation per schema in <paramref name="schemas"/> (name to inline YAML flow text), each
    /// answering 200 with a <c>$ref</c> to it. <paramref name="extraComponents"/> is appended under <c>components:</c>.
    /// </summary>
    public static string WithSchemas(IEnumerable<(string Name, string Schema)> schemas, string title = "Stress")
    {
        var list = schemas.ToList();
        var sb = new StringBuilder();
        sb.Append("openapi: 3.0.0\ninfo: { title: ").Append(title).Append(", version: '1' }\nservers: [ { url: 'https://api.test' } ]\npaths:\n");
        foreach (var (name, _) in list)
        {
            sb.Append("  /").Append(name.ToLowerInvariant()).Append(":\n    get:\n      operationId: get").Append(name).Append('\n');
            sb.Append("      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n");
            sb.Append("              schema: { $ref: '#/components/schemas/").Append(name).Append("' }\n");
        }
        sb.Append("components:\n  schemas:\n");
        foreach (var (name, schema) in list) sb.Append("    ").Append(name).Append(": ").Append(schema).Append('\n');
        return sb.ToString();
    }

    /// <summary>A spec whose one operation answers with <paramref name="schema"/> (YAML flow text) and has <paramref name="components"/> (lines under 'components:').</summary>
    public static string OneOperation(string schema, string components = "", string title = "One")
    {
        return "openapi: 3.0.0\ninfo: { title: " + title + ", version: '1' }\nservers: [ { url: 'https://api.test' } ]\npaths:\n" +
               "  /thing:\n    get:\n      operationId: getThing\n      responses:\n        '200':\n          description: ok\n" +
               "          content:\n            application/json:\n              schema: " + schema + "\n" +
               (components.Length == 0 ? "" : "components:\n" + components);
    }

    public static GeneratorHarness.Result Run(string path, string text) => GeneratorHarness.Run(new[] { (path, text) });

    /// <summary>
    /// Runs <paramref name="action"/> on a thread with a 1 MB stack (the size of a compiler's worker threads on Windows
    /// and below Linux's default): a recursion that is not bounded by construction ends the test process here.
    /// </summary>
    public static T OnSmallStack<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = action(); }
            catch (Exception e) { failure = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("the run threw", failure);
        return result;
    }

    /// <summary>No generator crash (CS8785/CS8784) and no internal failure (UG0011).</summary>
    public static void AssertNoCrash(GeneratorHarness.Result r)
    {
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Id is "CS8785" or "CS8784" or "UG0011");
    }

    /// <summary>No error-severity UG diagnostic.</summary>
    public static void AssertNoErrors(GeneratorHarness.Result r)
    {
        AssertNoCrash(r);
        var errors = r.GeneratorDiagnostics.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>What was generated compiles with no error and no warning (Nullable, warnings as errors).</summary>
    public static void AssertCompiles(GeneratorHarness.Result r)
    {
        var problems = r.CompileDiagnostics;
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
    }

    public static int Line(Diagnostic d) => d.Location.GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>The 1-based line of the first occurrence of <paramref name="text"/> in <paramref name="spec"/>.</summary>
    public static int LineOf(string spec, string text)
    {
        var at = spec.IndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0, "'" + text + "' is not in the spec");
        return spec.Substring(0, at).Count(c => c == '\n') + 1;
    }

    public static Diagnostic Single(GeneratorHarness.Result r, string id)
    {
        AssertNoCrash(r);
        return Assert.Single(r.GeneratorDiagnostics, d => d.Id == id);
    }
}
