using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using UsageGen.Generator.Parsing;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Bounded YAML (issue 12) and the YAML YamlDotNet alone gets wrong (issue 11 kind 5): alias bombs, merge keys, tabs,
/// CRLF, a byte order mark, duplicate keys, a kept block scalar of blank lines; each error at its line.
/// </summary>
public class YamlReadingTests
{
    private static YamlDocument Parse(string text) => YamlDocumentTests.Parse(text);

    /// <summary>The shape: 9 aliases per level, 7 levels (9^7 = 4.8 million nodes once expanded).</summary>
    private static string AliasBomb()
    {
        var sb = new StringBuilder("openapi: 3.0.0\ninfo: { title: Bomb, version: '1' }\npaths: {}\nx-bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 7; i++)
            sb.Append("  a").Append(i).Append(": &a").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*a" + (i - 1), 9))).Append("]\n");
        return sb.ToString();
    }

    [Fact]
    public void An_alias_bomb_stops_at_the_expansion_budget_with_UG0018_inside_the_bomb()
    {
        var text = AliasBomb();
        Assert.True(text.Length < 1024);
        var r = SpecRun.Run("/specs/bomb.yaml", text);
        var d = SpecRun.Single(r, "UG0018");
        Assert.Contains("alias", d.GetMessage());
        Assert.InRange(SpecRun.Line(d), 5, 12);
        Assert.DoesNotContain(r.HintNames, h => h.StartsWith("Bomb.", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Aliases_within_the_budget_are_expanded()
    {
        // 3 levels of 9: 729 nodes, well inside the budget.
        var doc = Parse("a0: &a0 [x, x, x, x, x, x, x, x, x]\na1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\na2: [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\n");
        Assert.Equal(9 + 81 + 729, doc.Json.Split("\"x\"").Length - 1);
    }

    [Fact]
    public void Merge_keys_are_merged_own_keys_first_and_positions_found_in_the_merged_mapping()
    {
        var doc = Parse("base: &base\n  a: 1\n  b: 2\nother: &other\n  b: 20\n  c: 30\nm:\n  <<: [*base, *other]\n  a: 10\n");
        Assert.Contains("\"m\":{\"a\":10,\"b\":2,\"c\":30}", doc.Json);
        // A merged key is found where it is written.
        Assert.Equal(2, doc.ValueAt("/m/b").StartLine);
        Assert.Equal(5, doc.ValueAt("/m/c").StartLine);
        Assert.True(doc.Has("/m/c"));
        // A quoted '<<' is an ordinary key.
        Assert.Contains("\"<<\":1", Parse("m: { '<<': 1 }\n").Json);
    }

    [Fact]
    public void A_merge_key_on_a_schema_gives_the_schema_its_properties()
    {
        var spec = SpecRun.OneOperation("{ $ref: '#/components/schemas/Merged' }",
            "  schemas:\n    Base: &base\n      type: object\n      properties:\n        id: { type: string }\n        count: { type: integer }\n" +
            "    Merged:\n      <<: *base\n      description: merged\n", title: "Merging");
        var r = SpecRun.Run("/specs/merging.yaml", spec);
        SpecRun.AssertNoErrors(r);
        SpecRun.AssertCompiles(r);
        var models = r.Source("Merging.Models.g.cs");
        Assert.Contains("class Merged", models);
        Assert.Contains("public string? Id", models);
        Assert.Contains("public long? Count", models);
    }

    [Fact]
    public void A_merge_key_that_is_not_a_mapping_is_UG0001_at_its_value()
    {
        var r = SpecRun.Run("/specs/merge.yaml", "openapi: 3.0.0\ninfo: { title: M, version: '1' }\npaths: {}\nx-m:\n  <<: 5\n");
        var d = SpecRun.Single(r, "UG0001");
        Assert.Equal(5, SpecRun.Line(d));
        Assert.Contains("merge key", d.GetMessage());
    }

    [Theory]
    [InlineData("a:\n\tb: 1\n", 2)]
    [InlineData("a:\n  b: 1\n  c:\n\t  d: 2\n", 4)]
    [InlineData("a: 1\nb:\n  - x\n\t- y\n", 4)]
    [InlineData("a:\n  b: 1\n  c:\n    d: 2\n\t  e: 3\n", 5)]
    public void A_tab_in_indentation_is_UG0001_at_the_tab(string yaml, int line)
    {
        var text = "openapi: 3.0.0\ninfo: { title: T, version: '1' }\npaths: {}\n" + yaml;
        var r = SpecRun.Run("/specs/tabs.yaml", text);
        var d = SpecRun.Single(r, "UG0001");
        Assert.Equal(line + 3, SpecRun.Line(d));
        Assert.Contains("tab", d.GetMessage());
    }

    [Fact]
    public void Crlf_line_ends_and_a_byte_order_mark_keep_lines_and_offsets()
    {
        var text = "\uFEFFopenapi: 3.0.0\r\ninfo: { title: C, version: '1' }\r\npaths: {}\r\nx-c:\r\n  d: 1\r\n  d: 2\r\n";
        var doc = YamlDocument.TryParse(text, out var error, out var at);
        Assert.Null(doc);
        Assert.Contains("uplicate key", error);
        Assert.Equal((5, 2), (at.StartLine, at.StartColumn));
        Assert.Equal(text.LastIndexOf("d: 2", System.StringComparison.Ordinal), at.Start);

        var ok = Parse(text.Replace("  d: 2", "  e: 2"));
        var e = ok.KeyAt("/x-c/e");
        Assert.Equal((5, 2), (e.StartLine, e.StartColumn));
        Assert.Equal(text.LastIndexOf("d: 2", System.StringComparison.Ordinal), e.Start);

        var r = SpecRun.Run("/specs/crlf.yaml", text);
        Assert.Equal(6, SpecRun.Line(SpecRun.Single(r, "UG0001")));
    }

    [Fact]
    public void Duplicate_keys_in_flow_and_block_mappings_are_at_the_second_key()
    {
        var r = SpecRun.Run("/specs/dup.yaml", "openapi: 3.0.0\ninfo: { title: D, version: '1' }\npaths: {}\nx-a: { k: 1, k: 2 }\n");
        var d = SpecRun.Single(r, "UG0001");
        Assert.Equal((4, 14), (SpecRun.Line(d), d.Location.GetLineSpan().StartLinePosition.Character + 1));
    }

    [Theory]
    [InlineData("|+\n      \n", "\n")]
    [InlineData("|+\n      \n\n   \n", "\n\n\n")]
    [InlineData(">+\n    \n", "\n")]
    [InlineData("|-\n     \n", "")]
    public void A_block_scalar_of_blank_lines_indented_deeper_is_read_as_libyaml_reads_it(string block, string value)
    {
        var text = "a: " + block + "b: 2\nc: { d: 1, d: 2 }\n";
        var doc = YamlDocument.TryParse(text, out var error, out var at);
        // Read past the block: the duplicate after it is found, at its own place in the original text.
        Assert.Null(doc);
        Assert.Contains("uplicate key", error);
        Assert.Equal(text.LastIndexOf("d: 2", System.StringComparison.Ordinal), at.Start);
        Assert.Equal(text.Split('\n').Length - 2, at.StartLine);

        var good = Parse("a: " + block + "b: 2\n");
        Assert.Contains("\"a\":" + Newtonsoft.Json.JsonConvert.ToString(value) + ",\"b\":2", good.Json);
    }

    [Theory]
    [InlineData("|-\n    \n\n    Removed.\n\n    Gone.\n", "\n\nRemoved.\n\nGone.")]
    [InlineData("|\n  \n  text\n", "\ntext\n")]
    [InlineData(">\n   \n   folded\n   line\n", "\nfolded line\n")]
    public void Leading_blank_lines_as_deep_as_the_content_are_read(string block, string value)
    {
        // (Twitch: a strip block scalar whose first line holds only the indentation.)
        var doc = Parse("a: " + block + "b: 2\n");
        Assert.Contains("\"a\":" + Newtonsoft.Json.JsonConvert.ToString(value) + ",\"b\":2", doc.Json);
    }

    [Fact]
    public void A_block_scalar_with_blank_lines_deeper_than_its_content_is_still_an_error()
    {
        // YAML test W9L4: the content line decides the indentation, and the blank line above it is deeper.
        var doc = YamlDocument.TryParse("a: |\n     \n  text\nb: 2\n", out var error, out var at);
        Assert.Null(doc);
        Assert.NotNull(error);
        Assert.True(at.StartLine >= 1);
    }

    [Fact]
    public void A_spec_with_a_kept_blank_description_generates()
    {
        var spec = "openapi: 3.0.0\ninfo:\n  title: Kept\n  version: '1'\n  description: |+\n        \n\nservers: [ { url: 'https://api.test' } ]\npaths:\n" +
                   "  /k:\n    get:\n      description: |+\n            \n      responses:\n        '200': { description: ok, content: { application/json: { schema: { type: string } } } }\n";
        var r = SpecRun.Run("/specs/kept.yaml", spec);
        SpecRun.AssertNoErrors(r);
        SpecRun.AssertCompiles(r);
    }

    [Fact]
    public void Discriminator_mappings_with_bare_schema_names_are_read()
    {
        var spec = SpecRun.OneOperation("{ $ref: '#/components/schemas/Pet' }",
            "  schemas:\n    Pet:\n      oneOf: [ { $ref: '#/components/schemas/Dog' }, { $ref: '#/components/schemas/Cat' } ]\n" +
            "      discriminator:\n        propertyName: kind\n        mapping: { dog: Dog, cat: '#/components/schemas/Cat' }\n" +
            "    Dog: { type: object, properties: { kind: { type: string }, bark: { type: string } } }\n" +
            "    Cat: { type: object, properties: { kind: { type: string }, meow: { type: string } } }\n", title: "Pets");
        var doc = Parse(spec);
        Assert.Contains("\"mapping\":{\"dog\":\"#/components/schemas/Dog\",\"cat\":\"#/components/schemas/Cat\"}", doc.Json);
        var r = SpecRun.Run("/specs/pets.yaml", spec);
        SpecRun.AssertNoErrors(r);
        SpecRun.AssertCompiles(r);
        Assert.Contains("class Dog", r.Source("Pets.Models.g.cs"));
    }

    [Fact]
    public void A_bare_mapping_name_with_no_such_schema_is_left_as_written()
    {
        var doc = Parse("components:\n  schemas:\n    P:\n      discriminator: { propertyName: k, mapping: { x: Nope } }\n");
        Assert.Contains("\"x\":\"Nope\"", doc.Json);
    }
}
