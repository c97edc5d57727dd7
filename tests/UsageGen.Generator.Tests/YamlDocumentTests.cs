using System.Linq;
using System.Text;
using UsageGen.Generator.Parsing;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>Stage 1 on its own: positions found by pointer, duplicate keys, aliases, references.</summary>
public class YamlDocumentTests
{
    internal static YamlDocument Parse(string text)
    {
        var doc = YamlDocument.TryParse(text, out var error, out _);
        Assert.True(doc is not null, error);
        return doc!;
    }

    [Fact]
    public void Positions_of_values_and_keys_by_pointer()
    {
        var doc = Parse("a:\n  b: 1\n  'x/y~z': two\nlist:\n  - p\n  - q: r\n");
        var b = doc.ValueAt("/a/b");
        Assert.Equal((1, 5), (b.StartLine, b.StartColumn));
        Assert.Equal((1, 2), (doc.KeyAt("/a/b").StartLine, doc.KeyAt("/a/b").StartColumn));
        var escaped = doc.ValueAt("/a/x~1y~0z");
        Assert.Equal((2, 11), (escaped.StartLine, escaped.StartColumn));
        Assert.True(doc.Has("/a/x~1y~0z"));
        Assert.False(doc.Has("/a/x/y~z"));
        Assert.False(doc.Has("/a/x~1y~z"));
        var q = doc.ValueAt("/list/1/q");
        Assert.Equal((5, 7), (q.StartLine, q.StartColumn));
        // A sequence item has no key: its value's position.
        Assert.Equal(doc.ValueAt("/list/0"), doc.KeyAt("/list/0"));
        Assert.False(doc.Has("/list/01"));
        Assert.False(doc.Has("/list/2"));
        // A missing pointer gives its nearest existing ancestor.
        Assert.Equal(doc.ValueAt("/a"), doc.ValueAt("/a/missing/deeper"));
        Assert.Equal(doc.ValueAt("/a"), doc.KeyAt("/a/missing"));
        Assert.Equal(doc.ValueAt(""), doc.ValueAt("no-slash"));
        Assert.Equal(0, doc.ValueAt("").StartLine);
    }

    [Fact]
    public void Large_mappings_are_found_by_key()
    {
        var sb = new StringBuilder("m:\n");
        for (var i = 0; i < 40; i++) sb.Append("  k").Append(i).Append(": v").Append(i).Append('\n');
        sb.Append("  'a/b': last\n");
        var doc = Parse(sb.ToString());
        Assert.Equal((40, 2), (doc.KeyAt("/m/k39").StartLine, doc.KeyAt("/m/k39").StartColumn));
        Assert.Equal((41, 9), (doc.ValueAt("/m/a~1b").StartLine, doc.ValueAt("/m/a~1b").StartColumn));
        Assert.False(doc.Has("/m/k40"));
        Assert.Equal(doc.ValueAt("/m"), doc.ValueAt("/m/k40"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(30)]
    public void Duplicate_keys_are_found_in_small_and_large_mappings(int count)
        // (YamlDotNet finds most itself while loading; ours catches the rest, e.g. two complex keys.)
    {
        var sb = new StringBuilder("top:\n  inner:\n");
        for (var i = 0; i < count; i++) sb.Append("    k").Append(i).Append(": 1\n");
        sb.Append("    k1: 2\n");
        var doc = YamlDocument.TryParse(sb.ToString(), out var error, out var at);
        Assert.Null(doc);
        Assert.Contains("uplicate key", error);
        Assert.Contains("k1", error);
        Assert.Equal((count + 2, 4), (at.StartLine, at.StartColumn));
    }

    [Fact]
    public void The_first_duplicate_in_document_order_is_reported()
    {
        // A nested duplicate comes before its parent's.
        var doc = YamlDocument.TryParse("a:\n  x: 1\n  x: 2\nb: 1\na: 3\n", out var error, out var at);
        Assert.Null(doc);
        Assert.Contains("uplicate key", error);
        Assert.Equal(2, at.StartLine);
        // Two non-scalar keys both read as '?'.
        Assert.Null(YamlDocument.TryParse("? [a]\n: 1\n? [b]\n: 2\n", out error, out at));
        Assert.Equal("duplicate key '?'", error);
        Assert.Equal((2, 2), (at.StartLine, at.StartColumn));
        // Equal keys at different levels and in sibling mappings are not duplicates.
        Parse("a:\n  a: 1\n  b:\n    a: 2\nb:\n  a: 3\n");
    }

    [Fact]
    public void Aliases_are_written_twice_and_their_references_listed_at_each_place()
    {
        var doc = Parse("defs:\n  s: &s\n    $ref: '#/defs/t'\n  t: { type: string }\nuse:\n  - *s\n  - *s\n");
        Assert.Contains("\"use\":[{\"$ref\":\"#/defs/t\"},{\"$ref\":\"#/defs/t\"}]", doc.Json);
        Assert.Equal(new[] { "/defs/s", "/use/0", "/use/1" }, doc.References.Select(r => r.Key).ToArray());
        // An alias's position is its anchor's node.
        Assert.Equal(doc.ValueAt("/defs/s/$ref"), doc.ValueAt("/use/1/$ref"));
    }
}
