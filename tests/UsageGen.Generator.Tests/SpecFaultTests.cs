using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Each repro of issue 11 (kinds 4, 5, 6) and issue 12 (internal failures, unpositioned errors) in its smallest
/// shape: a fault is said at its own line with the right id, never UG0011 or UG0002 at (1,1), and the rest of the
/// spec still generates code that compiles.
/// </summary>
public class SpecFaultTests
{
    private const string Good = "{ type: object, properties: { a: { type: string } } }";

    private static string Header(string server = "https://api.test") =>
        "openapi: 3.0.0\ninfo: { title: Fault, version: '1' }\nservers: [ { url: '" + server + "' } ]\n";

    private static string Op(string name, string schema) =>
        "  /" + name + ":\n    get:\n      operationId: " + name + "\n      responses:\n        '200':\n          description: ok\n" +
        "          content:\n            application/json:\n              schema: " + schema + "\n";

    /// <summary>The spec generated the operation <paramref name="name"/> and everything compiles.</summary>
    private static void AssertGenerated(GeneratorHarness.Result r, params string[] names)
    {
        var client = r.Source("Fault.Client.g.cs");
        foreach (var name in names) Assert.Contains(char.ToUpperInvariant(name[0]) + name.Substring(1) + "Async", client);
        SpecRun.AssertCompiles(r);
    }

    [Fact]
    public void A_response_that_refs_a_request_body_is_UG0004_at_the_ref_and_the_rest_generates()
    {
        var spec = Header() + "paths:\n" + Op("good", Good) +
                   "  /bad:\n    get:\n      operationId: bad\n      responses:\n        '200': { $ref: '#/components/requestBodies/B' }\n" +
                   "components:\n  requestBodies:\n    B:\n      content: { application/json: { schema: { type: string } } }\n";
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        var d = SpecRun.Single(r, "UG0004");
        Assert.Equal(SpecRun.LineOf(spec, "$ref: '#/components/requestBodies/B'"), SpecRun.Line(d));
        Assert.Contains("request body where a response is expected", d.GetMessage());
        Assert.DoesNotContain(r.GeneratorDiagnostics, x => x.Id == "UG0002");
        AssertGenerated(r, "good", "bad");
    }

    [Fact]
    public void A_discriminator_mapping_to_nothing_is_UG0004_at_the_entry_and_the_rest_generates()
    {
        // (PagerDuty: a mapping value that points through a $ref, which a JSON pointer cannot cross.)
        var spec = Header() + "paths:\n" + Op("good", Good) +
                   Op("pet", "{ $ref: '#/components/schemas/Pet' }") +
                   "components:\n  schemas:\n    Pet:\n      oneOf: [ { $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' } ]\n" +
                   "      discriminator:\n        propertyName: kind\n        mapping:\n          cat: '#/components/schemas/Cat'\n" +
                   "          dog: '#/paths/~1pet/get/responses/200/content/application~1json/schema/oneOf/1'\n" +
                   "    Cat: { type: object, properties: { kind: { type: string }, meow: { type: boolean } } }\n" +
                   "    Dog: { type: object, properties: { kind: { type: string }, bark: { type: boolean } } }\n";
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        var d = SpecRun.Single(r, "UG0004");
        Assert.Equal(SpecRun.LineOf(spec, "dog: '#/paths/"), SpecRun.Line(d));
        Assert.Contains("discriminator mapping", d.GetMessage());
        Assert.DoesNotContain(r.GeneratorDiagnostics, x => x.Id == "UG0002");
        AssertGenerated(r, "good", "pet");
    }

    [Theory]
    [InlineData("#/servers/0", "something that is not a reusable object")]
    [InlineData("#/components/examples/X", "an example")]
    [InlineData("#", "the whole document")]
    [InlineData("#/info", "something that is not a reusable object")]
    [InlineData("#/components/responses/R", "a response")]
    [InlineData("#/components/parameters/P", "a parameter")]
    [InlineData("#/components/schemas/Missing", "nothing is defined")]
    [InlineData("other.yaml#/components/schemas/X", "never reads other files")]
    [InlineData("components/schemas/X", "never reads other files")]
    [InlineData("#components", "JSON pointer")]
    public void A_schema_ref_to_a_non_schema_is_UG0004_at_the_ref_and_the_rest_generates(string target, string said)
    {
        var spec = Header() + "paths:\n" + Op("good", Good) + Op("bad", "{ $ref: '" + target + "' }") +
                   "components:\n  examples:\n    X: { value: 1 }\n  responses:\n    R: { description: r }\n" +
                   "  parameters:\n    P: { name: p, in: query, schema: { type: string } }\n  schemas:\n    X: { type: string }\n";
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        var d = SpecRun.Single(r, "UG0004");
        Assert.Equal(SpecRun.LineOf(spec, "$ref: '" + target + "'"), SpecRun.Line(d));
        Assert.Contains(said, d.GetMessage());
        AssertGenerated(r, "good", "bad");
    }

    [Theory]
    [InlineData("$ref: 42")]
    [InlineData("$ref: null")]
    [InlineData("$ref: [a]")]
    [InlineData("$ref: { a: 1 }")]
    [InlineData("$ref: ''")]
    [InlineData("$ref: Pet")]
    public void A_ref_that_is_not_a_string_is_UG0004_at_the_ref(string reference)
    {
        var spec = Header() + "paths:\n" + Op("good", Good) + Op("bad", "{ " + reference + " }");
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        var d = SpecRun.Single(r, "UG0004");
        Assert.Equal(SpecRun.LineOf(spec, reference), SpecRun.Line(d));
        Assert.DoesNotContain("other files", d.GetMessage());
        AssertGenerated(r, "good", "bad");
    }

    [Fact]
    public void A_ref_to_itself_is_a_cycle_at_its_line()
    {
        var spec = Header() + "paths:\n" + Op("good", Good) +
                   "components:\n  schemas:\n    Loop: { type: array, items: { $ref: '#/components/schemas/Loop/items' } }\n";
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        var d = SpecRun.Single(r, "UG0004");
        Assert.Contains("cycle", d.GetMessage());
        Assert.Equal(SpecRun.LineOf(spec, "Loop:"), SpecRun.Line(d));
        AssertGenerated(r, "good");
    }

    [Theory]
    [InlineData("security: null\n")]
    [InlineData("security: [ null ]\n")]
    [InlineData("security: [ {} , { missing: [] } ]\n")]
    [InlineData("components: { securitySchemes: { k: null } }\n")]
    public void Null_and_odd_security_is_no_internal_failure(string security)
    {
        var spec = Header() + security + "paths:\n" + Op("good", Good);
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoCrash(r);
        AssertGenerated(r, "good");
    }

    [Theory]
    [InlineData("  /n:\n    get:\n")]
    [InlineData("  /n:\n    get: null\n    post: ~\n")]
    [InlineData("  /n: null\n")]
    [InlineData("  /n:\n    get:\n      responses:\n        '200':\n")]
    [InlineData("  /n:\n    get:\n      parameters: [ null, { name: q, in: query } ]\n      responses: { '200': { description: ok } }\n")]
    [InlineData("  /n:\n    get:\n      responses: { '200': { description: ok, headers: { X-A: null }, content: { application/json: null } } }\n")]
    [InlineData("  /n:\n    get:\n      responses: { '200': { description: ok, content: { application/json: { schema: { type: object, properties: { a: null }, allOf: [ null ] } } } } }\n")]
    public void Null_operations_and_parts_are_no_internal_failure(string path)
    {
        var spec = Header() + "paths:\n" + Op("good", Good) + path;
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        AssertGenerated(r, "good");
    }

    [Theory]
    [InlineData("https://user:secret@api.test/v1")]
    [InlineData("https://user@api.test")]
    [InlineData("https://{region}.api.test/{version}")]
    [InlineData("/relative/base")]
    [InlineData("not a url")]
    public void Odd_server_urls_are_no_internal_failure(string server)
    {
        var spec = Header(server) + "paths:\n" + Op("good", Good);
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        AssertGenerated(r, "good");
        // A password in the spec never reaches the generated code.
        Assert.DoesNotContain(r.HintNames.Select(r.Source), s => s.Contains("secret"));
    }

    [Fact]
    public void A_1024_character_header_name_is_no_internal_failure()
    {
        var name = new string('X', 1024);
        var spec = Header() + "paths:\n  /h:\n    get:\n      operationId: h\n      parameters:\n        - { name: " + name + ", in: header, schema: { type: string } }\n" +
                   "      responses:\n        '200':\n          description: ok\n          headers:\n            " + name + ": { schema: { type: integer } }\n" +
                   "          content: { application/json: { schema: { type: string } } }\n";
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        AssertGenerated(r, "h");
    }

    [Theory]
    [InlineData("{ type: object, additionalProperties: true }")]
    [InlineData("{ type: object, additionalProperties: false }")]
    [InlineData("{ type: object, properties: { a: { type: string } }, additionalProperties: true }")]
    [InlineData("{ additionalProperties: {} }")]
    public void Additional_properties_true_is_no_internal_failure(string schema)
    {
        var spec = Header() + "paths:\n" + Op("good", schema);
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        AssertGenerated(r, "good");
    }

    [Fact]
    public void With_no_2xx_default_is_the_success_response()
    {
        var spec = Header() + "paths:\n  /d:\n    get:\n      operationId: d\n      responses:\n" +
                   "        default: { description: d, content: { application/json: { schema: { type: object, properties: { answer: { type: string } } } } } }\n";
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        Assert.DoesNotContain(r.GeneratorDiagnostics, x => x.Id == "UG0005");
        AssertGenerated(r, "d");
        Assert.Contains("public string? Answer", r.Source("Fault.Models.g.cs"));
    }

    [Theory]
    [InlineData("        '302': { description: moved }\n")]
    [InlineData("        '404': { description: nf, content: { application/json: { schema: { type: object, properties: { m: { type: string } } } } } }\n        4XX: { description: client }\n")]
    [InlineData(" {}\n")]
    public void With_no_2xx_and_no_default_the_call_has_no_typed_body_and_UG0005_is_info(string responses)
    {
        var inline = responses == " {}\n";
        var spec = Header() + "paths:\n" + Op("good", Good) + "  /e:\n    get:\n      operationId: e\n      responses:" + (inline ? "" : "\n") + responses;
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        var d = SpecRun.Single(r, "UG0005");
        Assert.Equal(DiagnosticSeverity.Info, d.DefaultSeverity);
        Assert.Equal(SpecRun.LineOf(spec, "operationId: e") + 1, SpecRun.Line(d));
        AssertGenerated(r, "good", "e");
    }

    [Theory]
    [InlineData("required: true", "/required")]
    [InlineData("maxLength: x", "/maxLength")]
    [InlineData("enum: { a: 1 }", "/enum")]
    [InlineData("properties: [ a ]", "/properties")]
    [InlineData("minItems: [ 1 ]", "/minItems")]
    public void A_value_of_the_wrong_type_is_UG0019_at_it_and_the_rest_generates(string keyword, string pointerEnd)
    {
        var spec = Header() + "paths:\n" + Op("good", Good) + Op("bad", "{ type: object, " + keyword + " }");
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        var d = SpecRun.Single(r, "UG0019");
        Assert.Contains(pointerEnd + "'", d.GetMessage());
        Assert.Equal(SpecRun.LineOf(spec, keyword), SpecRun.Line(d));
        Assert.True(d.Location.GetLineSpan().StartLinePosition.Character > 20, d.ToString());
        Assert.DoesNotContain(r.GeneratorDiagnostics, x => x.Id is "UG0002" or "UG0011");
        AssertGenerated(r, "good", "bad");
    }

    [Theory]
    [InlineData("{ type: number, maximum: 1e400, minimum: -1e400 }")]
    [InlineData("{ type: string, maxLength: 99999999999999, minLength: 0 }")]
    [InlineData("{ type: integer, format: int128, multipleOf: 1e-400 }")]
    [InlineData("{ type: integer, format: uint64, example: 18446744073709551615 }")]
    [InlineData("{ type: [string, 'null'] }")]
    [InlineData("{ nullable: true, $ref: '#/components/schemas/S' }")]
    [InlineData("{ type: integer, format: int8, enum: [1, 2] }")]
    public void Huge_numbers_odd_formats_and_type_arrays_generate(string schema)
    {
        var spec = Header() + "paths:\n" + Op("good", schema) + "components:\n  schemas:\n    S: { type: string }\n";
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        AssertGenerated(r, "good");
    }

    [Fact]
    public void A_bad_value_inside_items_is_placed_though_NJsonSchema_reads_items_with_a_reader_of_its_own()
    {
        // (Found by the fuzzer, seed 20263115: the path NJsonSchema gives starts at the items schema.)
        var spec = Header() + "paths:\n" + Op("good", Good) +
                   Op("bad", "{ type: array, items: { type: object, properties: { usage: { type: object, properties: { allOf: [ 1 ] } } } } }");
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        var d = SpecRun.Single(r, "UG0019");
        Assert.Contains("/items/properties/usage/properties/allOf'", d.GetMessage());
        Assert.Equal(SpecRun.LineOf(spec, "allOf: [ 1 ]"), SpecRun.Line(d));
        AssertGenerated(r, "good", "bad");
    }

    [Fact]
    public void A_huge_bound_inside_items_generates()
    {
        // (Found by the fuzzer, seed 20263783: decimal.MaxValue read back through a double is past a decimal.)
        var spec = Header() + "paths:\n" + Op("good", "{ type: array, items: { type: number, maximum: 1e400, minimum: -1e400 } }");
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        AssertGenerated(r, "good");
    }

    [Fact]
    public void A_ref_inside_example_data_is_data_not_a_reference()
    {
        // (Square, Okta: an example value that is itself a JSON Schema.)
        var spec = Header() + "paths:\n" + Op("good", Good) +
                   "  /attr:\n    get:\n      operationId: attr\n      responses:\n        '200':\n          description: ok\n" +
                   "          content:\n            application/json:\n              schema: { type: object, properties: { schema: { type: object } } }\n" +
                   "              example: { schema: { $ref: 'https://schemas.example.test/common.json#String' }, other: { $ref: '#/nowhere' } }\n" +
                   "      x-samples: [ { $ref: '#/also/nowhere' } ]\n";
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        AssertGenerated(r, "good", "attr");
    }

    [Fact]
    public void Extensions_NJsonSchema_types_its_own_way_are_free_form_and_left_out_when_shaped_otherwise()
    {
        // (Okta: x-enumDescriptions as a map from value to text, in components and inline in paths.) A property that
        // is itself named like such an extension is a property, and stays.
        var spec = Header() + "paths:\n" +
                   Op("status", "{ $ref: '#/components/schemas/Status' }") +
                   Op("inline", "{ type: object, properties: { state: { type: string, enum: [A, B], x-enumDescriptions: { A: first, B: second }, x-nullable: maybe } } }") +
                   "components:\n  schemas:\n    Status:\n      type: object\n      properties:\n" +
                   "        kind: { type: string, enum: [ON, OFF], x-enumDescriptions: { ON: on, OFF: off }, x-enumNames: { ON: On } }\n" +
                   "        x-nullable: { type: object, properties: { a: { type: string } } }\n";
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        AssertGenerated(r, "status", "inline");
        Assert.Contains("XNullable", r.Source("Fault.Models.g.cs"));
        SpecRun.AssertCompiles(r);
    }

    [Fact]
    public void A_spec_whose_version_key_comes_after_4_KB_is_read()
    {
        // Keys in alphabetical order (Stripe, Kubernetes): 'components' and 'info' first, 'openapi' after 4 KB.
        var spec = "components:\n  schemas:\n    Big:\n      description: '" + new string('x', 5000) + "'\n      type: object\n" +
                   "info: { title: Fault, version: '1' }\nopenapi: 3.0.0\npaths:\n" + Op("good", "{ $ref: '#/components/schemas/Big' }");
        var r = SpecRun.Run("/specs/fault.yaml", spec);
        SpecRun.AssertNoErrors(r);
        AssertGenerated(r, "good");
    }

    [Fact]
    public void A_large_json_file_that_only_mentions_openapi_is_not_a_spec()
    {
        var settings = "{ \"padding\": \"" + new string('x', 5000) + "\", \"docs\": { \"openapi\": true, \"path\": \"/swagger\" } }";
        var r = SpecRun.Run("/specs/appsettings.json", settings);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.HintNames);
    }

    [Fact]
    public void Newtonsoft_paths_become_json_pointers()
    {
        Assert.Equal("/paths/~1x/get/responses/200", Parsing.SpecParser.PointerOfPath("paths['/x'].get.responses.200"));
        Assert.Equal("/a/b/0/c", Parsing.SpecParser.PointerOfPath("a.b[0].c"));
        Assert.Equal("/paths/it's/x", Parsing.SpecParser.PointerOfPath(@"paths['it\'s'].x"));
        Assert.Equal("/content/application~1json/schema", Parsing.SpecParser.PointerOfPath("content['application/json'].schema"));
    }
}
