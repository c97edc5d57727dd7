using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Shapes real specs use and peers get wrong, compiled and run: allOf, oneOf "object or string", "T or null",
/// anyOf of kinds, open enums, maps, numbers as strings, dates with and without offset.
/// </summary>
public class ShapesTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: { title: Shapes API, version: '1' }
        servers: [ { url: 'https://shapes.test' } ]
        paths:
          /usage:
            get:
              operationId: getUsage
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Usage' }
        components:
          schemas:
            Base:
              type: object
              required: [id]
              properties:
                id: { type: string }
            Usage:
              allOf:
                - $ref: '#/components/schemas/Base'
                - type: object
                  required: [used]
                  properties:
                    used: { type: integer }
                    price: { type: number }
                    owner:
                      oneOf:
                        - { $ref: '#/components/schemas/Owner' }
                        - { type: string }
                    parent:
                      nullable: true
                      allOf:
                        - { $ref: '#/components/schemas/Owner' }
                    size:
                      anyOf:
                        - { type: string }
                        - { type: integer }
                        - { type: boolean }
                    status: { type: string, enum: [active, suspended] }
                    per_endpoint:
                      type: object
                      additionalProperties: { type: integer }
                    resets_at: { type: string, format: date-time }
                    tags: { type: array, items: { type: string } }
            Owner:
              type: object
              properties:
                name: { type: string }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        const string entry = "public static class Entry { public static object Parse(string json) => UsageGen.Providers.Shapes.Usage.Parse(System.Text.Encoding.UTF8.GetBytes(json)); }";
        var r = GeneratorHarness.Run(new[] { ("/specs/shapes.yaml", Spec) }, consumerSources: entry);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.DefaultSeverity >= DiagnosticSeverity.Warning);
        using var pe = new MemoryStream();
        var emit = r.Output.Emit(pe);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        pe.Position = 0;
        var context = new AssemblyLoadContext("shapes", isCollectible: true);
        return context.LoadFromStream(pe);
    });

    private static object Parse(string json)
    {
        var parse = Compiled.Value.GetType("Entry", throwOnError: true)!.GetMethod("Parse")!;
        try
        {
            return parse.Invoke(null, new object[] { json })!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static object? Get(object o, string property) => o.GetType().GetProperty(property)!.GetValue(o);

    [Fact]
    public void AllOf_is_flattened_and_required_fields_of_every_part_are_enforced()
    {
        var u = Parse("""{"id":"u1","used":5}""");
        Assert.Equal("u1", Get(u, "Id"));
        Assert.Equal(5L, Get(u, "Used"));
        var missing = Assert.Throws<UsageGen.Runtime.JsonReadException>(() => Parse("""{"used":5}"""));
        Assert.Contains("'id'", missing.Message);
    }

    [Fact]
    public void OneOf_object_or_string_keeps_whichever_came()
    {
        var asObject = Get(Parse("""{"id":"a","used":1,"owner":{"name":"ann"}}"""), "Owner")!;
        Assert.True((bool)Get(asObject, "IsObject")!);
        Assert.Equal("ann", Get(Get(asObject, "AsObject")!, "Name"));
        var asString = Get(Parse("""{"id":"a","used":1,"owner":"bob"}"""), "Owner")!;
        Assert.True((bool)Get(asString, "IsString")!);
        Assert.Equal("bob", Get(asString, "AsString"));
        Assert.Throws<UsageGen.Runtime.JsonReadException>(() => Parse("""{"id":"a","used":1,"owner":42}"""));
    }

    [Fact]
    public void T_or_null_is_a_nullable_T()
    {
        Assert.Null(Get(Parse("""{"id":"a","used":1,"parent":null}"""), "Parent"));
        Assert.Equal("p", Get(Get(Parse("""{"id":"a","used":1,"parent":{"name":"p"}}"""), "Parent")!, "Name"));
    }

    [Fact]
    public void AnyOf_of_kinds_is_a_union_decided_by_the_token()
    {
        Assert.Equal(7L, Get(Get(Parse("""{"id":"a","used":1,"size":7}"""), "Size")!, "AsInteger"));
        Assert.Equal(true, Get(Get(Parse("""{"id":"a","used":1,"size":true}"""), "Size")!, "AsBoolean"));
        Assert.Equal("XL", Get(Get(Parse("""{"id":"a","used":1,"size":"XL"}"""), "Size")!, "AsString"));
    }

    [Fact]
    public void Enums_keep_unknown_values()
    {
        var known = Get(Parse("""{"id":"a","used":1,"status":"active"}"""), "Status")!;
        Assert.True((bool)Get(known, "IsKnown")!);
        var unknown = Get(Parse("""{"id":"a","used":1,"status":"archived"}"""), "Status")!;
        Assert.False((bool)Get(unknown, "IsKnown")!);
        Assert.Equal("archived", Get(unknown, "Value"));
    }

    [Fact]
    public void Numbers_as_strings_decimals_maps_and_dates()
    {
        var u = Parse("""{"id":"a","used":"12","price":"0.1","per_endpoint":{"/a":3,"/b":"4"},"resets_at":"2026-04-01T02:00:00.5+02:00","tags":["x"]}""");
        Assert.Equal(12L, Get(u, "Used"));
        Assert.Equal(0.1m, Get(u, "Price"));
        var map = (IEnumerable)Get(u, "PerEndpoint")!;
        Assert.Equal(2, map.Cast<object>().Count());
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, 500, TimeSpan.Zero), ((DateTimeOffset)Get(u, "ResetsAt")!).ToUniversalTime());
        var noOffset = Parse("""{"id":"a","used":1,"resets_at":"2026-04-01T00:00:00"}""");
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)Get(noOffset, "ResetsAt")!).Offset);
    }

    [Fact]
    public void Unknown_fields_are_kept_and_written_back()
    {
        var u = Parse("""{"id":"a","used":1,"brand_new":{"x":[1,2]}}""");
        var extra = (IEnumerable)Get(u, "AdditionalProperties")!;
        Assert.Single(extra.Cast<object>());
        var json = (string)u.GetType().GetMethod("ToJson")!.Invoke(u, null)!;
        Assert.Contains("\"brand_new\":{\"x\":[1,2]}", json);
    }
}
