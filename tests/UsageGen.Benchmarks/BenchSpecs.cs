using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace UsageGen.Benchmarks;

/// <summary>The specs every generation benchmark uses: the five launch specs, scaled copies, and one large made-up spec.</summary>
public static class BenchSpecs
{
    public static readonly string[] LaunchNames = { "coingecko", "coinstats", "sharpe", "shoal", "tavily" };

    private static readonly Dictionary<string, string> ProviderOf = new(StringComparer.Ordinal)
    {
        ["coingecko"] = "CoinGecko", ["coinstats"] = "CoinStats", ["sharpe"] = "Sharpe", ["shoal"] = "Shoal", ["tavily"] = "Tavily",
    };

    public static string Metadata(string key) =>
        typeof(BenchSpecs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    /// <summary>The repository root (where <c>specs/</c> is).</summary>
    public static string RepositoryRoot
    {
        get
        {
            // Built here: the path MSBuild baked in. Copied elsewhere (BenchmarkDotNet's own build): walk up from here.
            var baked = Metadata("RepositoryRoot");
            if (Directory.Exists(Path.Combine(baked, "specs"))) return baked;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "specs", "tavily.yaml"))) return dir.FullName;
            throw new DirectoryNotFoundException("specs/ not found above " + AppContext.BaseDirectory);
        }
    }

    public static string SpecsFolder => Path.Combine(RepositoryRoot, "specs");

    /// <summary>The five launch specs as (full path, text), in name order.</summary>
    public static IReadOnlyList<(string Path, string Text)> Launch() =>
        LaunchNames.Select(n => Path.Combine(SpecsFolder, n + ".yaml")).Select(p => (p, File.ReadAllText(p))).ToList();

    /// <summary>
    /// <paramref name="count"/> specs: the five repeated, each copy with its own file name (<c>tavily7.yaml</c>) and its own
    /// provider (<c>x-usagegen: { provider: Tavily7 }</c>), so no two claim one name or namespace.
    /// </summary>
    public static IReadOnlyList<(string Path, string Text)> Scaled(int count)
    {
        var launch = Launch();
        var result = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var (path, text) = launch[i % launch.Count];
            var name = Path.GetFileNameWithoutExtension(path);
            var suffix = i.ToString(CultureInfo.InvariantCulture);
            var copy = text.TrimEnd() + "\nx-usagegen:\n  provider: " + ProviderOf[name] + suffix + "\n";
            result.Add((Path.Combine(SpecsFolder, "scaled", name + suffix + ".yaml"), copy));
        }
        return result;
    }

    public const int LargeOperations = 300;
    public const int LargeSchemas = 300;

    /// <summary>
    /// A made-up OpenAPI 3.0 spec with <paramref name="operations"/> operations (GET/POST, path and query parameters,
    /// typed 200 and error responses, response headers) and <paramref name="schemas"/> object schemas (strings, integers,
    /// numbers, date-times, arrays, maps, enums, nested references), plus one usage operation.
    /// </summary>
    public static (string Path, string Text) Large(int operations = LargeOperations, int schemas = LargeSchemas)
    {
        var sb = new StringBuilder(operations * 900 + schemas * 900);
        sb.Append("""
            openapi: 3.0.3
            info:
              title: Large Bench API
              description: A generated spec for scale benchmarks.
              version: 1.0.0
            servers:
              - url: https://api.large.example/v2
            security:
              - bearerAuth: []
            paths:
              /v2/account/usage:
                get:
                  operationId: getAccountUsage
                  summary: Get the account's API usage and quota
                  x-usagegen:
                    usage: true
                  responses:
                    '200':
                      description: Usage
                      headers:
                        X-RateLimit-Limit:
                          schema:
                            type: integer
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Usage'

            """);
        for (var i = 0; i < operations; i++)
        {
            var s = i % schemas;
            var post = i % 3 == 2;
            sb.Append(CultureInfo.InvariantCulture, $"""
                  /v2/resources{i}/{"{id}"}:
                    {(post ? "post" : "get")}:
                      operationId: {(post ? "create" : "get")}Resource{i}
                      summary: {(post ? "Create" : "Get")} resource {i}
                      description: Operation {i} of the large benchmark spec, over schema Item{s}.
                      parameters:
                        - name: id
                          in: path
                          required: true
                          schema:
                            type: string
                        - name: limit
                          in: query
                          schema:
                            type: integer
                            format: int32
                        - name: X-Request-Id
                          in: header
                          schema:
                            type: string

                """);
            if (post)
                sb.Append(CultureInfo.InvariantCulture, $"""
                          requestBody:
                            required: true
                            content:
                              application/json:
                                schema:
                                  $ref: '#/components/schemas/Item{s}'

                    """);
            sb.Append(CultureInfo.InvariantCulture, $"""
                      responses:
                        '200':
                          description: The resource
                          headers:
                            X-Total-Count:
                              schema:
                                type: integer
                          content:
                            application/json:
                              schema:
                                $ref: '#/components/schemas/Item{s}'
                        '404':
                          description: Not found
                          content:
                            application/json:
                              schema:
                                $ref: '#/components/schemas/Error'

                """);
        }
        sb.Append("""
            components:
              securitySchemes:
                bearerAuth:
                  type: http
                  scheme: bearer
              schemas:
                Usage:
                  type: object
                  properties:
                    plan:
                      type: string
                    credits_used:
                      type: integer
                    credits_limit:
                      type: integer
                    credits_remaining:
                      type: integer
                    resets_at:
                      type: string
                      format: date-time
                Error:
                  type: object
                  required: [message]
                  properties:
                    message:
                      type: string
                    code:
                      type: integer

            """);
        for (var i = 0; i < schemas; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"""
                    Item{i}:
                      type: object
                      description: Item schema {i}.
                      required: [id, name]
                      properties:
                        id:
                          type: string
                        name:
                          type: string
                          description: The name of item {i}.
                        count:
                          type: integer
                          format: int64
                        amount:
                          type: number
                        created_at:
                          type: string
                          format: date-time
                        active:
                          type: boolean
                        tags:
                          type: array
                          items:
                            type: string
                        metrics:
                          type: object
                          additionalProperties:
                            type: number
                        status:
                          type: string
                          enum: [active, paused, deleted]

                """);
            // Nested references form a tree (each item points at one with a smaller index), never a cycle.
            if (i > 0)
                sb.Append(CultureInfo.InvariantCulture, $"""
                            parent:
                              $ref: '#/components/schemas/Item{i / 2}'

                    """);
        }
        return (Path.Combine(SpecsFolder, "large", "large.yaml"), sb.ToString());
    }
}
