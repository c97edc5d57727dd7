using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>A broken spec gives a UG diagnostic at its path, line and column; never CS8785; other specs still generate.</summary>
public class DiagnosticsTests
{
    /// <summary>A small valid spec; <paramref name="schema"/> replaces the body schema (16 spaces in), <paramref name="props"/> adds properties (18 in).</summary>
    private static string Spec(string title, string? schema = null, string props = "", string opExtra = "", string status = "200", string tail = "")
    {
        var body = schema ?? "                type: object\n                properties:\n                  used: { type: integer }\n                  limit: { type: integer }\n" + props;
        return "openapi: 3.0.0\n" +
               $"info: {{ title: {title}, version: '1' }}\n" +
               "servers: [ { url: 'https://good.test' } ]\n" +
               "paths:\n" +
               "  /usage:\n" +
               "    get:\n" +
               "      operationId: getUsage\n" + opExtra +
               "      responses:\n" +
               $"        '{status}':\n" +
               "          description: ok\n" +
               "          content:\n" +
               "            application/json:\n" +
               "              schema:\n" +
               body + tail;
    }

    private static readonly string Good = Spec("Good API");

    private static GeneratorHarness.Result RunWithGood(string path, string text, TestOptionsProvider? options = null) =>
        GeneratorHarness.Run(new[] { ("/specs/good.yaml", Good), (path, text) }, options);

    private static Diagnostic Single(GeneratorHarness.Result r, string id)
    {
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Id == "CS8785" || d.Id == "CS8784");
        Assert.Contains("Good.Client.g.cs", r.HintNames);
        return Assert.Single(r.GeneratorDiagnostics, d => d.Id == id);
    }

    private static void AssertAt(Diagnostic d, string path, int line1, int? column1 = null)
    {
        var span = d.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal(line1, span.StartLinePosition.Line + 1);
        if (column1 is { } c) Assert.Equal(c, span.StartLinePosition.Character + 1);
    }

    [Fact]
    public void Invalid_yaml_is_UG0001_at_the_error()
    {
        var r = RunWithGood("/specs/bad.yaml", "openapi: 3.0.0\ninfo:\n  title: x\n  version: [1, 2\npaths: {}\n");
        var d = Single(r, "UG0001");
        Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
        Assert.Equal("/specs/bad.yaml", d.Location.GetLineSpan().Path);
        Assert.True(d.Location.GetLineSpan().StartLinePosition.Line >= 3, d.ToString());
        Assert.DoesNotContain(r.HintNames, h => h.StartsWith("Bad.", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_key_is_UG0001_at_the_second_key()
    {
        var r = RunWithGood("/specs/dup.yaml", "openapi: 3.0.0\ninfo: { title: x, version: '1' }\npaths: {}\npaths: {}\n");
        AssertAt(Single(r, "UG0001"), "/specs/dup.yaml", 4, 1);
    }

    [Fact]
    public void A_marked_file_that_is_not_OpenAPI_is_UG0002()
    {
        var options = new TestOptionsProvider(perFile: new() { ["/specs/notes.yaml"] = new() { ["build_metadata.AdditionalFiles.UsageGenSpec"] = "true" } });
        var r = RunWithGood("/specs/notes.yaml", "title: my notes\nitems: [1, 2]\n", options);
        AssertAt(Single(r, "UG0002"), "/specs/notes.yaml", 1);
    }

    [Fact]
    public void An_unmarked_yaml_that_is_not_OpenAPI_is_ignored()
    {
        var r = RunWithGood("/specs/config.yaml", "title: my notes\n");
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Id.StartsWith("UG", System.StringComparison.Ordinal) && d.Location.GetLineSpan().Path == "/specs/config.yaml");
    }

    [Fact]
    public void Unsupported_version_is_UG0003_at_the_version()
    {
        var r = RunWithGood("/specs/v4.yaml", "info: { title: x, version: '1' }\nopenapi: 4.0.0\npaths: {}\n");
        AssertAt(Single(r, "UG0003"), "/specs/v4.yaml", 2, 10);
    }

    [Fact]
    public void Dangling_ref_is_UG0004_at_the_ref()
    {
        var r = RunWithGood("/specs/dangling.yaml", Spec("Dangling API", schema: "                $ref: '#/components/schemas/Missing'\n"));
        var d = Single(r, "UG0004");
        AssertAt(d, "/specs/dangling.yaml", 14);
        Assert.Contains("#/components/schemas/Missing", d.GetMessage());
    }

    [Fact]
    public void External_ref_is_UG0004_and_never_read()
    {
        var d = Single(RunWithGood("/specs/external.yaml", Spec("External API", schema: "                $ref: 'https://example.invalid/schema.json'\n")), "UG0004");
        Assert.Contains("only references inside the spec", d.GetMessage());
    }

    [Fact]
    public void Circular_refs_are_UG0004()
    {
        var text = "openapi: 3.0.0\ninfo: { title: Loop, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/A' }\n";
        var d = Single(RunWithGood("/specs/loop.yaml", text), "UG0004");
        Assert.Contains("cycle", d.GetMessage());
    }

    [Fact]
    public void Recursive_schemas_are_fine()
    {
        var text = Spec("Tree API", props: "                  child: { $ref: '#/components/schemas/Node' }\n",
            tail: "components:\n  schemas:\n    Node:\n      type: object\n      properties:\n        next: { $ref: '#/components/schemas/Node' }\n");
        var r = RunWithGood("/specs/tree.yaml", text);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Empty(r.CompileDiagnostics);
    }

    [Fact]
    public void Operation_without_success_response_is_UG0005_info_at_its_responses_and_still_generated()
    {
        var text = Spec("Nothing API", status: "404");
        var r = RunWithGood("/specs/nothing.yaml", text);
        var d = Single(r, "UG0005");
        Assert.Equal(DiagnosticSeverity.Info, d.DefaultSeverity);
        AssertAt(d, "/specs/nothing.yaml", 8, 7);
        Assert.Contains("GetUsageAsync", r.Source("Nothing.Client.g.cs"));
        Assert.Empty(r.CompileDiagnostics);
    }

    [Fact]
    public void Unmappable_shape_is_UG0006_and_falls_back_to_raw_json()
    {
        var text = Spec("Shapes API", props: "                  either:\n                    oneOf:\n                      - { type: object, properties: { a: { type: string } } }\n                      - { type: object, properties: { b: { type: string } } }\n");
        var r = RunWithGood("/specs/shapes.yaml", text);
        var d = Single(r, "UG0006");
        Assert.Equal(DiagnosticSeverity.Info, d.DefaultSeverity);
        AssertAt(d, "/specs/shapes.yaml", 19);
        Assert.Contains("global::System.Text.Json.JsonElement? Either", r.Source("Shapes.Models.g.cs"));
        Assert.Empty(r.CompileDiagnostics);
    }

    [Fact]
    public void No_usage_operation_is_UG0007_and_the_client_still_generates()
    {
        var text = "openapi: 3.0.0\ninfo: { title: Pets, version: '1' }\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { type: array, items: { type: string } }\n";
        var r = RunWithGood("/specs/pets.yaml", text);
        var d = Single(r, "UG0007");
        AssertAt(d, "/specs/pets.yaml", 3, 1);
        // A spec without a usage endpoint is a normal client: info, never a warning that breaks TreatWarningsAsErrors.
        Assert.Equal(DiagnosticSeverity.Info, d.DefaultSeverity);
        Assert.Contains("Pets.Client.g.cs", r.HintNames);
        Assert.DoesNotContain("Pets.Usage.g.cs", r.HintNames);
        Assert.Empty(r.CompileDiagnostics);
    }

    [Fact]
    public void Bad_override_is_UG0010_at_its_value()
    {
        var text = Spec("Override API", opExtra: "      x-usagegen:\n        used: quota.nothere\n");
        var d = Single(RunWithGood("/specs/override.yaml", text), "UG0010");
        AssertAt(d, "/specs/override.yaml", 9, 15);
        Assert.Contains("quota.nothere", d.GetMessage());
    }

    [Fact]
    public void A_marked_usage_operation_with_no_readable_figure_is_warning_UG0021_at_the_operation()
    {
        // The user said which operation reports usage and nothing in it can be read: the one warning of normalization.
        var text = Spec("Marked API", schema: "                type: object\n                properties:\n                  name: { type: string }\n",
            opExtra: "      x-usagegen:\n        usage: true\n");
        var d = Single(RunWithGood("/specs/marked.yaml", text), "UG0021");
        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
        AssertAt(d, "/specs/marked.yaml", 6, 5);
    }

    [Fact]
    public void Ambiguous_figures_are_info_and_the_build_stays_clean()
    {
        // Two limits of one quota's window: inference picks one and says so (UG0008), as info: no warning breaks a
        // TreatWarningsAsErrors build for a spec that only describes itself oddly.
        var text = Spec("Twice API", props: "                  quota:\n                    type: object\n                    properties:\n                      limit: { type: integer }\n                      used: { type: integer }\n");
        var r = RunWithGood("/specs/twice.yaml", text);
        Assert.Contains(r.GeneratorDiagnostics, d => d.Id == "UG0008" && d.Severity == DiagnosticSeverity.Info);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(r.CompileDiagnostics);
    }

    [Fact]
    public void Empty_file_is_UG0013()
    {
        var options = new TestOptionsProvider(perFile: new() { ["/specs/empty.yaml"] = new() { ["build_metadata.AdditionalFiles.UsageGenSpec"] = "true" } });
        AssertAt(Single(RunWithGood("/specs/empty.yaml", "", options), "UG0013"), "/specs/empty.yaml", 1, 1);
    }

    [Fact]
    public void Two_specs_claiming_one_provider_is_UG0012_and_the_first_wins()
    {
        var r = GeneratorHarness.Run(new[] { ("/a/good.yaml", Good), ("/b/good.yaml", Good) });
        var d = Assert.Single(r.GeneratorDiagnostics, x => x.Id == "UG0012");
        Assert.Equal("/b/good.yaml", d.Location.GetLineSpan().Path);
        Assert.Single(r.HintNames, h => h == "Good.Client.g.cs");
        Assert.Empty(r.CompileDiagnostics);
    }

    [Fact]
    public void Keywords_and_clashing_names_become_valid_identifiers()
    {
        var text = Spec("Words API", props: "                  class: { type: string }\n                  namespace: { type: string }\n                  plan-usage: { type: integer }\n                  plan_usage: { type: integer }\n                  2fa: { type: boolean }\n                  AdditionalProperties: { type: string }\n");
        var r = RunWithGood("/specs/words.yaml", text);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Empty(r.CompileDiagnostics);
        var models = r.Source("Words.Models.g.cs");
        Assert.Contains("PlanUsage2", models);
        Assert.Contains("_2Fa", models);
    }

    [Fact]
    public void Swagger_2_specs_are_read()
    {
        var text = "swagger: '2.0'\ninfo: { title: Old, version: '1' }\nhost: old.test\nbasePath: /api\nschemes: [https]\nsecurityDefinitions:\n  key: { type: apiKey, in: header, name: X-Key }\nsecurity: [ { key: [] } ]\npaths:\n  /usage:\n    get:\n      produces: [application/json]\n      responses:\n        '200':\n          description: ok\n          schema:\n            type: object\n            properties:\n              credits_used: { type: integer }\n              credits_limit: { type: integer }\n";
        var r = RunWithGood("/specs/old.yaml", text);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Contains("\"https://old.test/api\"", r.Source("Old.Client.g.cs"));
        Assert.Contains("X-Key", r.Source("Old.Client.g.cs"));
        Assert.Empty(r.CompileDiagnostics);
    }

    [Fact]
    public void The_launch_specs_give_no_warning_or_error()
    {
        var r = GeneratorHarness.Run(GeneratorHarness.LaunchSpecs());
        Assert.Empty(r.GeneratorDiagnostics.Where(d => d.DefaultSeverity >= DiagnosticSeverity.Warning));
        // One info per spec says which mapping was chosen.
        Assert.Equal(5, r.GeneratorDiagnostics.Count(d => d.Id == "UG0009"));
    }
}
