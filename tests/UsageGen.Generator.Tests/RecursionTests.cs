using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Recursion over a spec is bounded by construction: self-references through every schema kind, mutual cycles of
/// length 2 to 5, reference chains and nesting 10,000 deep. Each runs on a 1 MB stack in this process: an unbounded
/// recursion would end the test run, not fail one test. Whatever is generated compiles.
/// </summary>
public class RecursionTests
{
    private static string Ref(string name) => "{ $ref: '#/components/schemas/" + name + "' }";

    /// <summary>Each schema refers to itself through one kind of schema (issue 11 kind 1, issue 12).</summary>
    public static readonly (string Name, string Schema)[] SelfReferences =
    {
        ("ArrayOfSelf", "{ type: array, items: " + Ref("ArrayOfSelf") + " }"),
        ("MapOfSelf", "{ type: object, additionalProperties: " + Ref("MapOfSelf") + " }"),
        ("OneOfSelf", "{ oneOf: [ " + Ref("OneOfSelf") + ", { type: string } ] }"),
        ("AnyOfSelf", "{ anyOf: [ " + Ref("AnyOfSelf") + ", { type: integer } ] }"),
        ("AllOfSelf", "{ allOf: [ " + Ref("AllOfSelf") + " ] }"),
        ("AllOfSelfAndMore", "{ allOf: [ " + Ref("AllOfSelfAndMore") + ", { type: object, properties: { a: { type: string } } } ] }"),
        ("ObjectOfSelf", "{ type: object, properties: { next: " + Ref("ObjectOfSelf") + " } }"),
        ("ArrayOfArrayOfSelf", "{ type: array, items: { type: array, items: " + Ref("ArrayOfArrayOfSelf") + " } }"),
        ("MapOfArrayOfSelf", "{ type: object, additionalProperties: { type: array, items: " + Ref("MapOfArrayOfSelf") + " } }"),
        ("OneOfArrayOfSelf", "{ oneOf: [ { type: array, items: " + Ref("OneOfArrayOfSelf") + " }, { type: string } ] }"),
        ("NullableSelf", "{ nullable: true, oneOf: [ " + Ref("NullableSelf") + " ] }"),
        ("NotSelf", "{ not: " + Ref("NotSelf") + " }"),
        ("ObjectWithChildren", "{ type: object, properties: { children: { type: array, items: " + Ref("ObjectWithChildren") + " }, " +
            "byName: { type: object, additionalProperties: " + Ref("ObjectWithChildren") + " } } }"),
        ("ObjectMapOfSelf", "{ type: object, properties: { id: { type: string } }, additionalProperties: " + Ref("ObjectMapOfSelf") + " }"),
        // NJsonSchema's "Cyclic references detected": an allOf that names its own property.
        ("AllOfOwnProperty", "{ type: object, properties: { p: { allOf: [ { $ref: '#/components/schemas/AllOfOwnProperty/properties/p' } ] } } }"),
        ("ItemsOfParent", "{ type: array, items: { type: array, items: { $ref: '#/components/schemas/ItemsOfParent/items' } } }"),
        ("MapThroughItemsAndOneOf", "{ type: object, additionalProperties: { type: array, items: { oneOf: [ " + Ref("MapThroughItemsAndOneOf") + ", { type: integer } ] } } }"),
    };

    [Fact]
    public void Self_references_through_every_schema_kind_generate_code_that_compiles()
    {
        var spec = SpecRun.WithSchemas(SelfReferences, "Selfish");
        var r = SpecRun.OnSmallStack(() => SpecRun.Run("/specs/selfish.yaml", spec));
        SpecRun.AssertNoErrors(r);
        SpecRun.AssertCompiles(r);
        var client = r.Source("Selfish.Client.g.cs");
        foreach (var (name, _) in SelfReferences) Assert.Contains("Get" + name + "Async", client);
        // A cycle no C# type can hold is raw JSON at the reference that closes it, said at that line.
        foreach (var name in new[] { "ArrayOfSelf", "MapOfSelf", "OneOfSelf", "AnyOfSelf", "AllOfSelf", "ArrayOfArrayOfSelf", "MapOfArrayOfSelf", "ItemsOfParent" })
        {
            var d = Assert.Single(r.GeneratorDiagnostics, x => x.Id == "UG0006" &&
                (x.GetMessage().Contains("'/components/schemas/" + name + "/") || x.GetMessage().Contains("'/components/schemas/" + name + "'")));
            Assert.Equal(SpecRun.LineOf(spec, "    " + name + ":"), SpecRun.Line(d));
            Assert.Contains("contains itself", d.GetMessage());
        }
        // A combination of nothing but itself is said once, at the schema, not once per lap.
        var own = Assert.Single(r.GeneratorDiagnostics, x => x.Id == "UG0006" && x.GetMessage().Contains("/AllOfOwnProperty/"));
        Assert.Contains("'/components/schemas/AllOfOwnProperty/properties/p", own.GetMessage());
        Assert.Equal(SpecRun.LineOf(spec, "    AllOfOwnProperty:"), SpecRun.Line(own));
        // A cycle through an object is a recursive class, with no diagnostic.
        Assert.DoesNotContain(r.GeneratorDiagnostics, x => x.Id == "UG0006" && (x.GetMessage().Contains("/ObjectOfSelf") || x.GetMessage().Contains("/ObjectWithChildren")));
    }

    private static readonly string[] CycleKinds = { "array", "map", "oneOf", "allOf", "object" };

    private static string CycleMember(string kind, string next) => kind switch
    {
        "array" => "{ type: array, items: " + Ref(next) + " }",
        "map" => "{ type: object, additionalProperties: " + Ref(next) + " }",
        "oneOf" => "{ oneOf: [ " + Ref(next) + ", { type: boolean } ] }",
        "allOf" => "{ allOf: [ " + Ref(next) + " ] }",
        _ => "{ type: object, properties: { next: " + Ref(next) + " } }",
    };

    /// <summary>Cycles of 2 to 5 schemas, each starting at every kind, so every kind meets every other.</summary>
    public static IEnumerable<(string Name, string Schema)> MutualCycles()
    {
        for (var length = 2; length <= 5; length++)
            for (var start = 0; start < CycleKinds.Length; start++)
                for (var i = 0; i < length; i++)
                    yield return ($"C{length}S{start}M{i}", CycleMember(CycleKinds[(start + i) % CycleKinds.Length], $"C{length}S{start}M{(i + 1) % length}"));
        // Cycles with no object in them at all.
        for (var length = 2; length <= 5; length++)
            for (var i = 0; i < length; i++)
                yield return ($"N{length}M{i}", CycleMember(CycleKinds[i % 4], $"N{length}M{(i + 1) % length}"));
    }

    [Fact]
    public void Mutual_cycles_of_length_2_to_5_through_every_kind_generate_code_that_compiles()
    {
        var schemas = MutualCycles().ToList();
        var spec = SpecRun.WithSchemas(schemas, "Cycles");
        var r = SpecRun.OnSmallStack(() => SpecRun.Run("/specs/cycles.yaml", spec));
        SpecRun.AssertNoErrors(r);
        SpecRun.AssertCompiles(r);
        var client = r.Source("Cycles.Client.g.cs");
        foreach (var (name, _) in schemas) Assert.Contains("Get" + name + "Async", client);
        // Every cycle with no object in it is reported once where it closes.
        for (var length = 2; length <= 5; length++)
            Assert.Contains(r.GeneratorDiagnostics, d => d.Id == "UG0006" && d.GetMessage().Contains("/N" + length + "M") && d.GetMessage().Contains("contains itself"));
    }

    [Fact]
    public void A_cycle_through_a_request_body_and_responses_is_bounded()
    {
        var spec = "openapi: 3.0.0\ninfo: { title: Bodies, version: '1' }\nservers: [ { url: 'https://api.test' } ]\npaths:\n" +
                   "  /things:\n    post:\n      operationId: postThing\n      requestBody: { $ref: '#/components/requestBodies/Thing' }\n" +
                   "      responses:\n        '200': { $ref: '#/components/responses/Thing' }\n" +
                   "components:\n  requestBodies:\n    Thing:\n      content:\n        application/json:\n          schema: " + Ref("A") + "\n" +
                   "  responses:\n    Thing:\n      description: ok\n      content:\n        application/json:\n          schema: " + Ref("A") + "\n" +
                   "  schemas:\n    A: " + CycleMember("map", "B") + "\n    B: " + CycleMember("array", "C") + "\n    C: " + CycleMember("oneOf", "D") + "\n" +
                   "    D: " + CycleMember("allOf", "E") + "\n    E: " + CycleMember("array", "A") + "\n";
        var r = SpecRun.OnSmallStack(() => SpecRun.Run("/specs/bodies.yaml", spec));
        SpecRun.AssertNoErrors(r);
        SpecRun.AssertCompiles(r);
        Assert.Contains("PostThingAsync", r.Source("Bodies.Client.g.cs"));
    }

    /// <summary>A chain of <paramref name="count"/> components, each naming the next through <paramref name="kind"/>.</summary>
    private static string Chain(int count, string kind)
    {
        var sb = new StringBuilder(SpecRun.OneOperation(Ref("C0"), title: "Chain").TrimEnd('\n'));
        sb.Append("\ncomponents:\n  schemas:\n");
        for (var i = 0; i < count; i++)
            sb.Append("    C").Append(i).Append(": ").Append(i + 1 < count ? CycleMember(kind, "C" + (i + 1)) : "{ type: string }").Append('\n');
        return sb.ToString();
    }

    private static ProviderSpec Parse(string path, string text) =>
        SpecRunOnStack(() => SpecParser.Parse(new SpecInput(path, text, new SpecOptions(null, null, null, null, false))));

    private static ProviderSpec SpecRunOnStack(System.Func<ProviderSpec> f) => SpecRun.OnSmallStack(f);

    [Fact]
    public void A_chain_of_10000_objects_is_read_whole_from_a_work_list()
    {
        var spec = Parse("/specs/chain.yaml", Chain(10_000, "object"));
        Assert.DoesNotContain(spec.Diagnostics, d => d.Id is "UG0006" or "UG0011" or "UG0018");
        Assert.NotNull(spec.Model);
        Assert.Equal(9_999, spec.Model!.Types.Count);
        Assert.All(spec.Model.Types, t => Assert.Single(t.Properties));
    }

    [Theory]
    [InlineData("array")]
    [InlineData("map")]
    [InlineData("oneOf")]
    [InlineData("allOf")]
    public void A_chain_of_3000_collections_or_combinations_stops_at_a_depth_limit_with_UG0006(string kind)
    {
        // Long enough to pass every limit: 64 levels of 32 components for allOf (two hops each, 64 hops a level).
        var text = Chain(3_000, kind);
        var spec = Parse("/specs/chain.yaml", text);
        Assert.DoesNotContain(spec.Diagnostics, d => d.Id is "UG0011" or "UG0018");
        Assert.NotNull(spec.Model);
        // Each limit reached on the way back up is said once, where it is reached (never at the top of the file).
        var limits = spec.Diagnostics.Where(x => x.Id == "UG0006").ToList();
        Assert.InRange(limits.Count, 1, ModelBuilder.MaxDepth);
        Assert.All(limits, d => Assert.Matches("deeper than|nested more than", string.Join(" ", d.Args)));
        Assert.All(limits, d => Assert.True(d.StartLine > 10, d.ToString()));
    }

    [Fact]
    public void A_chain_of_300_objects_compiles()
    {
        var text = Chain(300, "object");
        var r = SpecRun.OnSmallStack(() => SpecRun.Run("/specs/chain.yaml", text));
        SpecRun.AssertNoErrors(r);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Id == "UG0006");
        SpecRun.AssertCompiles(r);
    }

    [Fact]
    public void Arrays_nested_deeper_than_the_limit_are_raw_json_at_the_limit_and_compile()
    {
        var depth = ModelBuilder.MaxCollectionNesting + 4;
        var schema = string.Concat(Enumerable.Repeat("{ type: array, items: ", depth)) + "{ type: integer }" + new string('}', depth).Replace("}", " }");
        var text = SpecRun.OneOperation(schema, title: "Nested");
        var r = SpecRun.Run("/specs/nested.yaml", text);
        SpecRun.AssertNoErrors(r);
        var d = SpecRun.Single(r, "UG0006");
        Assert.Contains("nested more than", d.GetMessage());
        SpecRun.AssertCompiles(r);
    }

    [Fact]
    public void A_wide_recursive_usage_body_is_walked_once_per_path()
    {
        // Node { used, p0: Node, ..., p5: Node }: walked 8 deep, 6^9 paths (the normalization stage never finished).
        var props = string.Join(", ", Enumerable.Range(0, 6).Select(i => "p" + i + ": " + Ref("Node")));
        var text = SpecRun.OneOperation(Ref("Node"), "  schemas:\n    Node: { type: object, properties: { used: { type: integer }, limit: { type: integer }, " + props + " } }\n", title: "Wide");
        var r = SpecRun.OnSmallStack(() => SpecRun.Run("/specs/wide.yaml", text.Replace("/thing", "/usage")));
        SpecRun.AssertNoErrors(r);
        SpecRun.AssertCompiles(r);
        Assert.Contains("Wide.Usage.g.cs", r.HintNames);
    }

    [Fact]
    public void A_wide_schema_nested_as_deep_as_the_walk_goes_is_walked_within_a_budget()
    {
        // L0 { a0..a9: L1 }, ..., L8 { a0..a9: L9 }, L9 { x: {} }: 10^9 paths with no field on any of them.
        var sb = new StringBuilder("  schemas:\n");
        for (var level = 0; level < 9; level++)
            sb.Append("    L").Append(level).Append(": { type: object, properties: { ")
              .Append(string.Join(", ", Enumerable.Range(0, 10).Select(i => "a" + i + ": " + Ref("L" + (level + 1))))).Append(" } }\n");
        sb.Append("    L9: { type: object, properties: { x: { type: object } } }\n");
        var text = SpecRun.OneOperation(Ref("L0"), sb.ToString(), title: "Dag");
        var spec = Parse("/specs/dag.yaml", text);
        Assert.NotNull(spec.Model);
        Assert.DoesNotContain(spec.Diagnostics, d => d.Id is "UG0011" or "UG0018");
    }

    public static IEnumerable<object[]> DeepDocuments()
    {
        const int n = 10_000;
        // YAML flow mappings and sequences, as a schema's value.
        yield return new object[] { "flow-mapping.yaml", SpecRun.OneOperation(string.Concat(Enumerable.Repeat("{ a: ", n)) + "1" + new string('}', n)) };
        yield return new object[] { "flow-sequence.yaml", SpecRun.OneOperation(new string('[', n) + "1" + new string(']', n)) };
        // YAML block sequences ("- - - x") under a key.
        yield return new object[] { "block-sequence-in-spec.yaml", SpecRun.OneOperation("{ type: object }") + "x-deep:\n  " + string.Concat(Enumerable.Repeat("- ", n)) + "x\n" };
        // YAML block mappings, one space more per level (2,000 levels is already 2 MB of indentation).
        var block = new StringBuilder("openapi: 3.0.0\ninfo: { title: Deep, version: '1' }\npaths: {}\nx-deep:\n");
        for (var i = 0; i < 2_000; i++) block.Append(' ', i + 1).Append("a:\n");
        block.Append(' ', 2_001).Append("end\n");
        yield return new object[] { "block-mapping.yaml", block.ToString() };
        // JSON.
        yield return new object[] { "deep.json", "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"Deep\", \"version\": \"1\"}, \"paths\": {}, \"x-deep\": " +
            string.Concat(Enumerable.Repeat("{\"a\": ", n)) + "1" + new string('}', n) + "}" };
        yield return new object[] { "deep-array.json", "{\"openapi\": \"3.0.0\", \"paths\": {}, \"x\": " + new string('[', n) + new string(']', n) + "}" };
        // Depth built from aliases: each level is shallow, the expansion is deep.
        var aliases = new StringBuilder("openapi: 3.0.0\ninfo: { title: Deep, version: '1' }\npaths: {}\nx-defs:\n");
        aliases.Append("  l0: &l0 [1]\n");
        for (var i = 1; i < 200; i++) aliases.Append("  l").Append(i).Append(": &l").Append(i).Append(" [*l").Append(i - 1).Append("]\n");
        yield return new object[] { "alias-depth.yaml", aliases.ToString() };
    }

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public void Nesting_10000_deep_is_UG0018_at_the_level_past_the_limit(string name, string text)
    {
        var r = SpecRun.OnSmallStack(() => SpecRun.Run("/specs/" + name, text));
        var d = SpecRun.Single(r, "UG0018");
        Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
        Assert.Contains("deeper than " + YamlDocument.MaxDepth, d.GetMessage());
        // Not the top of the file: where the limit was crossed.
        var span = d.Location.GetLineSpan();
        Assert.True(span.StartLinePosition.Line > 0 || span.StartLinePosition.Character > 0, d.ToString());
    }
}
