using System;
using System.IO;
using System.Linq;
using NJsonSchema;
using NSwag;
using UsageGen.Generator.Parsing;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>Stage 2's own reference resolution gives what NJsonSchema's does, or declines and leaves the document alone.</summary>
public class ComponentReferencesTests
{
    /// <summary>Our resolution's result (or null when it declined) and NJsonSchema's, both written back as JSON.</summary>
    private static (bool Resolved, string Ours, string Theirs) Both(string yamlText)
    {
        var yaml = YamlDocument.TryParse(yamlText, out var error, out _);
        Assert.True(yaml is not null, error);
        OpenApiDocument? ours = null;
        var resolved = false;
        try
        {
            OpenApiDocument.FromJsonAsync(yaml!.Json, null, SchemaType.OpenApi3, d =>
            {
                resolved = ComponentReferences.TryResolve(d, yaml.References.Count);
                ours = d;
                throw new OperationCanceledException();
            }).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        var theirs = OpenApiDocument.FromJsonAsync(yaml!.Json, null, SchemaType.OpenApi3).GetAwaiter().GetResult();
        Assert.NotNull(ours);
        return (resolved, resolved ? ours!.ToJson(SchemaType.OpenApi3, Newtonsoft.Json.Formatting.None) : "",
            theirs.ToJson(SchemaType.OpenApi3, Newtonsoft.Json.Formatting.None));
    }

    [Theory]
    [InlineData("coingecko")]
    [InlineData("coinstats")]
    [InlineData("sharpe")]
    [InlineData("shoal")]
    [InlineData("tavily")]
    public void Launch_specs_resolve_as_NJsonSchema_does(string name)
    {
        var (resolved, ours, theirs) = Both(File.ReadAllText(Path.Combine(GeneratorHarness.SpecsFolder, name + ".yaml")));
        Assert.True(resolved);
        Assert.Equal(theirs, ours);
    }

    private const string Head = "openapi: 3.0.3\ninfo: { title: T, version: '1' }\n";

    [Fact]
    public void Every_kind_of_component_resolves_as_NJsonSchema_does()
    {
        var spec = Head + """
            paths:
              /a/{id}:
                parameters:
                  - $ref: '#/components/parameters/Id'
                post:
                  parameters:
                    - $ref: '#/components/parameters/Limit'
                  requestBody:
                    $ref: '#/components/requestBodies/Body'
                  responses:
                    '200':
                      description: ok
                      headers:
                        X-Rate:
                          schema: { $ref: '#/components/schemas/Count' }
                      content:
                        application/json:
                          schema:
                            type: array
                            items:
                              $ref: '#/components/schemas/Item'
                          examples:
                            one:
                              $ref: '#/components/examples/One'
                    '404':
                      $ref: '#/components/responses/NotFound'
            components:
              parameters:
                Id: { name: id, in: path, required: true, schema: { type: string } }
                Limit: { name: limit, in: query, schema: { $ref: '#/components/schemas/Count' } }
              requestBodies:
                Body:
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Item' }
              headers:
                Rate: { schema: { type: integer } }
              examples:
                One: { value: { id: 1 } }
              responses:
                NotFound:
                  description: missing
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Error' }
              schemas:
                Count: { type: integer }
                Error: { type: object, properties: { message: { type: string } } }
                Item:
                  type: object
                  properties:
                    id: { $ref: '#/components/schemas/Count' }
                    children: { type: array, items: { $ref: '#/components/schemas/Item' } }
                    extra: { type: object, additionalProperties: { $ref: '#/components/schemas/Error' } }
                    either: { oneOf: [ { $ref: '#/components/schemas/Error' }, { $ref: '#/components/schemas/Count' } ] }
                    all: { allOf: [ { $ref: '#/components/schemas/Error' } ] }
            """;
        var (resolved, ours, theirs) = Both(spec);
        Assert.True(resolved);
        Assert.Equal(theirs, ours);
    }

    [Theory]
    // A component that is only a reference (NJsonSchema inlines it).
    [InlineData("paths: {}\ncomponents:\n  schemas:\n    A: { $ref: '#/components/schemas/B' }\n    B: { type: string }\n")]
    // A reference to something that is not a component.
    [InlineData("paths: {}\ncomponents:\n  schemas:\n    A: { type: object, properties: { b: { $ref: '#/components/schemas/B/properties/c' } } }\n    B: { type: object, properties: { c: { type: string } } }\n")]
    // A header reference (NSwag reads components/headers as parameters, not headers: NJsonSchema decides).
    [InlineData("paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-Rate: { $ref: '#/components/headers/Rate' }\ncomponents:\n  headers:\n    Rate: { schema: { type: integer } }\n")]
    // A discriminator.
    [InlineData("paths: {}\ncomponents:\n  schemas:\n    A: { type: object, discriminator: { propertyName: kind }, properties: { kind: { type: string }, b: { $ref: '#/components/schemas/B' } } }\n    B: { type: string }\n")]
    // A reference the walk does not reach (in an extension).
    [InlineData("paths: {}\ncomponents:\n  schemas:\n    A: { type: object, x-other: { $ref: '#/components/schemas/B' }, properties: { b: { $ref: '#/components/schemas/B' } } }\n    B: { type: string }\n")]
    public void Other_documents_are_left_to_NJsonSchema(string body)
    {
        var (resolved, _, _) = Both(Head + body);
        Assert.False(resolved);
    }
}
