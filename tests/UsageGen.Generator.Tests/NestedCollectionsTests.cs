using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Collections in collections are typed as the DTO declares them (issue "Any real spec", kind 3: a map of maps read as
/// <c>Dictionary&lt;string, Dictionary&lt;..&gt;&gt;</c> but declared <c>IReadOnlyDictionary&lt;string, IReadOnlyDictionary&lt;..&gt;&gt;</c>,
/// CS1503; <c>Dictionary&lt;string, List&lt;long&gt;&gt;</c> where <c>IReadOnlyDictionary&lt;string, IReadOnlyList&lt;long&gt;&gt;</c> is
/// declared, CS0266), and nesting deeper than the emitter allows becomes raw JSON with a warning instead of code the
/// compiler chews on (64-deep arrays kept it busy for 90 s).
/// </summary>
public class NestedCollectionsTests
{
    private const string Spec = """
        openapi: 3.0.0
        info: { title: Nested, version: '1' }
        servers: [ { url: 'https://nested.test' } ]
        paths:
          /maps:
            get:
              operationId: getMaps
              responses:
                '200':
                  description: a map of maps
                  content:
                    application/json:
                      schema:
                        type: object
                        additionalProperties:
                          type: object
                          additionalProperties: { type: integer }
          /things:
            get:
              operationId: getThings
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Things' }
          /lists:
            get:
              operationId: getLists
              responses:
                '200':
                  description: a list of lists
                  content:
                    application/json:
                      schema:
                        type: array
                        items: { type: array, items: { type: string } }
        components:
          schemas:
            Things:
              type: object
              required: [by_day]
              properties:
                by_day:
                  type: object
                  additionalProperties: { type: array, items: { type: integer } }
                matrix:
                  type: array
                  items: { type: array, items: { type: number, nullable: true } }
                groups:
                  type: array
                  items:
                    type: object
                    additionalProperties: { type: array, items: { $ref: '#/components/schemas/Item' } }
                extra_maps:
                  type: object
                  properties:
                    name: { type: string }
                  additionalProperties:
                    type: object
                    additionalProperties: { type: boolean }
            Item:
              type: object
              properties:
                id: { type: integer }
        """;

    private const string Entry = """
        public static class Entry
        {
            public static object Maps(string json) =>
                UsageGen.Runtime.JsonCodecs.Shared.Map(UsageGen.Runtime.JsonCodecs.Shared.Map(UsageGen.Runtime.JsonCodecs.Shared.Int64)).Parse(System.Text.Encoding.UTF8.GetBytes(json));
            public static object Things(string json) => UsageGen.Providers.Nested.Things.Parse(System.Text.Encoding.UTF8.GetBytes(json));
            public static string Json(UsageGen.Providers.Nested.Things t) => t.ToJson();
            // The declared types, spelled out: assigning them proves the client's and the DTO's types are what is read.
            public static async System.Threading.Tasks.Task Types(UsageGen.Providers.Nested.NestedClient client)
            {
                System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IReadOnlyDictionary<string, long>> maps = await client.GetMapsAsync();
                System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<string>> lists = await client.GetListsAsync();
                UsageGen.Providers.Nested.Things things = await client.GetThingsAsync();
                System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IReadOnlyList<long>> byDay = things.ByDay;
                System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<decimal?>>? matrix = things.Matrix;
                System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IReadOnlyDictionary<string, bool>>? extra = things.ExtraMaps?.AdditionalProperties;
                _ = (maps, lists, byDay, matrix, extra);
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var r = GeneratorHarness.Run(new[] { ("/specs/nested.yaml", Spec) }, consumerSources: Entry);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.DefaultSeverity >= DiagnosticSeverity.Warning && d.Id != "UG0007");
        Assert.Empty(r.CompileDiagnostics.Select(d => d.ToString()));
        using var pe = new MemoryStream();
        var emit = r.Output.Emit(pe);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        pe.Position = 0;
        return new AssemblyLoadContext("nested", isCollectible: true).LoadFromStream(pe);
    });

    private static object Call(string method, params object[] args)
    {
        try
        {
            return Compiled.Value.GetType("Entry", throwOnError: true)!.GetMethod(method)!.Invoke(null, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static object? Get(object o, string property) => o.GetType().GetProperty(property)!.GetValue(o);

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net100)]
    public void Nested_collections_compile_as_declared(TargetFramework tfm)
    {
        var r = GeneratorHarness.Run(new[] { ("/specs/nested.yaml", Spec) }, tfm: tfm, consumerSources: Entry);
        Assert.Empty(r.CompileDiagnostics.Where(d => d.Id != "UG0007").Select(d => d.ToString()));
    }

    [Fact]
    public void A_map_of_maps_and_a_map_of_lists_read_and_write_back()
    {
        var maps = (IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>)Call("Maps", """{"a":{"x":1,"y":"2"},"b":{}}""");
        Assert.Equal(2L, maps["a"]["y"]);
        Assert.Empty(maps["b"]);

        var things = Call("Things", """{"by_day":{"mon":[1,2],"tue":[]},"matrix":[[1.5,null],[]],"groups":[{"g":[{"id":7}]}],"extra_maps":{"name":"n","flags":{"on":true}}}""");
        var byDay = (IReadOnlyDictionary<string, IReadOnlyList<long>>)Get(things, "ByDay")!;
        Assert.Equal(new[] { 1L, 2L }, byDay["mon"]);
        var matrix = (IReadOnlyList<IReadOnlyList<decimal?>>)Get(things, "Matrix")!;
        Assert.Equal(new decimal?[] { 1.5m, null }, matrix[0]);
        var groups = (IList)Get(things, "Groups")!;
        var items = (IEnumerable)((IDictionary)groups[0]!)["g"]!;
        Assert.Equal(7L, Get(items.Cast<object>().Single(), "Id"));
        var extra = (IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>>)Get(Get(things, "ExtraMaps")!, "AdditionalProperties")!;
        Assert.True(extra["flags"]["on"]);

        var json = (string)Call("Json", things);
        Assert.Equal("""{"by_day":{"mon":[1,2],"tue":[]},"matrix":[[1.5,null],[]],"groups":[{"g":[{"id":7}]}],"extra_maps":{"name":"n","flags":{"on":true}}}""", json);
    }

    [Fact]
    public void A_list_of_numbers_refuses_null_where_the_spec_allows_none()
    {
        var e = Assert.Throws<UsageGen.Runtime.JsonReadException>(() => Call("Things", """{"by_day":{"mon":[1,null]}}"""));
        Assert.Equal("by_day{}[]", e.Where);
    }

    private static string Deep(int depth)
    {
        var items = "{ type: integer }";
        for (var i = 0; i < depth; i++) items = "{ type: array, items: " + items + " }";
        return "openapi: 3.0.0\ninfo: { title: Deep, version: '1' }\nservers: [ { url: 'https://deep.test' } ]\npaths:\n  /deep:\n    get:\n" +
               "      operationId: getDeep\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n" +
               "              schema:\n                type: object\n                properties:\n                  shallow: " + Nest(16) + "\n                  deep: " + items + "\n";
        static string Nest(int n) => n == 0 ? "{ type: string }" : "{ type: array, items: " + Nest(n - 1) + " }";
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_raw_JSON_with_a_warning_at_the_property()
    {
        var consumer = """
            public static class UseDeep
            {
                public static object? Read(UsageGen.Providers.Deep.GetDeepResult r)
                {
                    System.Text.Json.JsonElement? deep = r.Deep;
                    System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<string>>>>>>>>>>>>>>>>? shallow = r.Shallow;
                    return (object?)deep ?? shallow;
                }
            }
            """;
        var spec = Deep(40);
        var r = GeneratorHarness.Run(new[] { ("/specs/deep.yaml", spec) }, consumerSources: consumer);
        var warning = Assert.Single(r.GeneratorDiagnostics, d => d.Id == "UG0006");
        Assert.Contains("nested more than 16 deep", warning.GetMessage());
        var line = spec.Split('\n').ToList().FindIndex(l => l.TrimStart().StartsWith("deep:", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, warning.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Empty(r.CompileDiagnostics.Where(d => d.Id is not ("UG0006" or "UG0007")).Select(d => d.ToString()));
    }
}
