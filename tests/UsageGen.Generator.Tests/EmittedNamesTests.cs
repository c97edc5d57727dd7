using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using UsageGen.Generator.Model;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Names from real specs that met ours (issue "Any real spec", kind 2; issue "Reliability", emitted-code findings): each
/// repro is generated and compiled with Nullable and every warning an error, for net8.0 and net10.0, next to a consumer
/// that uses the names the spec should give.
/// </summary>
public class EmittedNamesTests
{
    /// <summary>Parameters named like the locals a call method needs, in every location, plus <c>await</c>.</summary>
    private const string ParameterNames = """
        openapi: 3.0.0
        info: { title: Params, version: '1' }
        servers: [ { url: 'https://params.test' } ]
        paths:
          /items/{item}/{call}:
            get:
              operationId: getItem
              parameters:
                - { name: item, in: path, required: true, schema: { type: integer } }
                - { name: call, in: path, required: true, schema: { type: string } }
                - { name: query, in: query, schema: { type: string } }
                - { name: status, in: query, required: true, schema: { type: integer } }
                - { name: uri, in: query, schema: { type: array, items: { type: string } } }
                - { name: error, in: query, schema: { type: boolean } }
                - { name: body, in: query, schema: { type: string } }
                - { name: request, in: header, schema: { type: string } }
                - { name: result, in: header, required: true, schema: { type: string } }
                - { name: context, in: cookie, schema: { type: string } }
                - { name: await, in: query, schema: { type: string } }
                - { name: description, in: query, schema: { type: string } }
                - { name: auth, in: query, schema: { type: string } }
                - { name: cancellationToken, in: query, schema: { type: string } }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { type: object, properties: { id: { type: integer } } }
                '404':
                  description: none
                  content:
                    application/json:
                      schema: { type: object, properties: { error: { type: string } } }
        """;

    /// <summary>Schemas named like BCL types, our members and our old converter classes; enum values and properties named like members.</summary>
    private const string TypeAndMemberNames = """
        openapi: 3.0.0
        info: { title: Members, version: '1' }
        servers: [ { url: 'https://members.test' } ]
        paths:
          /usage:
            get:
              operationId: getUsage
              responses:
                '200':
                  description: ok
                  headers:
                    GetHeader: { schema: { type: string } }
                    StatusCode: { schema: { type: integer } }
                    Body: { schema: { type: string } }
                    RateLimit: { schema: { type: string } }
                    To-String: { schema: { type: string } }
                    Get-Usage-Response: { schema: { type: string } }
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Usage' }
          /usage/with-response:
            get:
              operationId: getUsageWithResponse
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Type' }
        components:
          schemas:
            Type:
              type: object
              properties:
                type: { $ref: '#/components/schemas/Type' }
                system: { $ref: '#/components/schemas/System' }
            System:
              type: object
              properties:
                name: { type: string }
            Usage:
              type: object
              properties:
                to_json: { type: string }
                parse: { type: string }
                read: { type: string }
                write: { type: string }
                equals: { type: string }
                get_type: { type: string }
                additional_properties: { type: string }
                usage: { type: string }
                mode: { $ref: '#/components/schemas/Mode' }
                converter: { $ref: '#/components/schemas/UsageJsonConverter' }
                value: { $ref: '#/components/schemas/Value' }
                reader: { $ref: '#/components/schemas/Read' }
            UsageJsonConverter:
              type: object
              properties:
                x: { type: integer }
            Mode:
              type: string
              enum: [read, write, equals, to_string, get_hash_code, get_type, value, is_known, mode]
            Value:
              type: string
              enum: [a, b]
            Read:
              type: object
              properties:
                x: { type: integer }
        """;

    /// <summary>A limit whose null means unlimited, next to a property already called <c>limit_is_unlimited</c>.</summary>
    private const string UnlimitedFlagName = """
        openapi: 3.0.0
        info: { title: Flags, version: '1' }
        servers: [ { url: 'https://flags.test' } ]
        paths:
          /usage:
            get:
              x-usagegen: { unlimitedWhenNull: true }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [used, limit]
                        properties:
                          used: { type: integer }
                          limit: { type: integer }
                          limit_is_unlimited: { type: string }
        """;

    private const string Consumer = """
        using System.Threading.Tasks;
        using P = UsageGen.Providers.Params;
        using M = UsageGen.Providers.Members;
        using F = UsageGen.Providers.Flags;

        public static class UseNames
        {
            public static async Task<long?> Params(P.ParamsClient client) =>
                (await client.GetItemAsync(item: 1, call: "c", status: 2, result: "r", query: "q", uri: new[] { "u" }, error: true, body: "b",
                    request: "h", context: "k", @await: "a", description: "d", auth: "x", cancellationToken2: "t")).Id;

            public static async Task<string?> Members(M.MembersClient client)
            {
                // Two operations that meet once WithResponse is added: the second takes the next free name.
                var second = await client.GetUsageWithResponse2Async();
                M.Type t = second.Type2!;
                M.System? s = t.System;
                var response = await client.GetUsageWithResponseAsync();
                string? h = response.GetHeader2 ?? response.Body2 ?? response.RateLimit2 ?? response.ToString2 ?? response.GetUsageResponse2;
                long? status = response.StatusCode2;
                M.Usage u = response.Body;
                M.Mode mode = M.Mode.Read2;
                bool known = mode.IsKnown && M.Mode.Write2 != M.Mode.Equals2 && M.Mode.ToString2.Value == "to_string" && M.Mode.GetHashCode2.IsKnown;
                _ = (M.Mode.GetType2, M.Mode.Value2, M.Mode.IsKnown2, M.Mode.Mode2, s, status, known, new M.Read2(), u.Converter, u.Value);
                return u.ToJson2 ?? u.Parse2 ?? u.Read2 ?? u.Write2 ?? u.Equals2 ?? u.GetType2 ?? u.AdditionalProperties2 ?? u.Usage2 ?? u.ToJson() ?? h;
            }

            public static bool Flags(F.GetUsageResult r) => r.LimitIsUnlimited2 && r.LimitIsUnlimited is null;
        }
        """;

    private static readonly (string, string)[] Specs =
    {
        ("/specs/params.yaml", ParameterNames), ("/specs/members.yaml", TypeAndMemberNames), ("/specs/flags.yaml", UnlimitedFlagName),
    };

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net100)]
    public void Names_from_the_spec_never_meet_ours_and_the_code_compiles_without_warnings(TargetFramework tfm)
    {
        var r = GeneratorHarness.Run(Specs, tfm: tfm, consumerSources: Consumer);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Empty(r.CompileDiagnostics.Select(d => d.ToString()));
        // The locals yielded, the spec's names stayed: a parameter called result is still result.
        var client = r.Source("Params.Client.g.cs");
        Assert.Contains("var call2 = ", client);
        Assert.Contains("var result2 = ", client);
        Assert.Contains("string? @await = default", client);
    }

    [Fact]
    public void Every_type_reference_is_global_qualified_or_the_type_itself()
    {
        var r = GeneratorHarness.Run(Specs);
        foreach (var hint in r.HintNames.Where(h => !h.StartsWith("UsageGen.Catalog", System.StringComparison.Ordinal)))
        {
            var model = r.Output.GetSemanticModel(r.Output.SyntaxTrees.First(t => t.FilePath.EndsWith(hint, System.StringComparison.Ordinal)));
            foreach (var name in model.SyntaxTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax>())
            {
                if (name.IsVar || model.GetSymbolInfo(name).Symbol is not INamedTypeSymbol type || name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.QualifiedNameSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.AliasQualifiedNameSyntax) continue;
                if (name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax m && m.Name == name) continue;
                // A simple name may only be the type being declared around it (no member can take its name: CS0542).
                var enclosing = name.Ancestors().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>().Select(d => model.GetDeclaredSymbol(d)).ToList();
                Assert.True(enclosing.Any(e => SymbolEqualityComparer.Default.Equals(e, type)) || type.SpecialType != SpecialType.None,
                    $"{hint}: '{name}' at {name.GetLocation().GetLineSpan().StartLinePosition} is not global::-qualified");
            }
        }
    }

    /// <summary>
    /// The reserved lists are the members the writers really declare: every member of a generated type that the model
    /// did not name (properties, enum values, headers, operations) is in its kind's list, so the lists cannot drift.
    /// </summary>
    [Fact]
    public void Reserved_member_lists_cover_what_the_writers_declare()
    {
        var r = GeneratorHarness.Run(GeneratorHarness.LaunchSpecs().Concat(Specs));
        var generated = r.Output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) && !t.FilePath.Contains("Catalog")).ToList();
        var checkedKinds = new HashSet<string>();
        foreach (var tree in generated)
        {
            var model = r.Output.GetSemanticModel(tree);
            foreach (var decl in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>())
            {
                var type = (INamedTypeSymbol)model.GetDeclaredSymbol(decl)!;
                if (type.ContainingType is not null) continue;
                string[]? reserved = null;
                string kind;
                if (type.BaseType?.Name == "ApiResponse") (reserved, kind) = (NameScope.ResponseMembers, "response");
                else if (type.GetMembers(NameScope.CodecField).FirstOrDefault() is IFieldSymbol codec)
                    (reserved, kind) = codec.Type.Name switch
                    {
                        "JsonShape" => (NameScope.ObjectTypeMembers, "object"),
                        "JsonEnumCodec" => (NameScope.EnumTypeDeclares, "enum"),
                        _ => (NameScope.UnionTypeMembers, "union"),
                    };
                else if (type.GetMembers("ProviderName").Any()) (reserved, kind) = (NameScope.ClientMembers, "client");
                else continue;
                checkedKinds.Add(kind);
                var fromModel = ModelNames(type, kind);
                foreach (var member in type.GetMembers().Where(m => !m.IsImplicitlyDeclared && m is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.UserDefinedOperator or MethodKind.PropertyGet or MethodKind.PropertySet }))
                {
                    if (fromModel(member)) continue;
                    Assert.True(reserved.Contains(member.Name) || member.DeclaredAccessibility == Accessibility.Private && kind == "client",
                        $"{type.Name} ({kind}) declares '{member.Name}', which is not in its reserved list");
                }
            }
        }
        Assert.Superset(new HashSet<string> { "client", "enum", "object", "response" }, checkedKinds);
    }

    /// <summary>Whether a member's name came from the model (and so went through a scope there).</summary>
    private static System.Func<ISymbol, bool> ModelNames(INamedTypeSymbol type, string kind) => kind switch
    {
        "object" => m => m is IPropertySymbol p && p.Name != "AdditionalProperties",
        "enum" => m => m is IPropertySymbol { IsStatic: true },
        "response" => m => m is IPropertySymbol,
        "client" => m => m is IMethodSymbol method && (method.Name.EndsWith("Async", System.StringComparison.Ordinal)) || m.Name.StartsWith("s_", System.StringComparison.Ordinal),
        _ => _ => false,
    };

    [Fact]
    public void A_scope_hands_out_each_name_once_and_yields_to_its_parent()
    {
        var type = NameScope.ForMembers("Usage", NameScope.ObjectTypeMembers);
        Assert.Equal("Read2", type.New("Read"));
        Assert.Equal("Usage2", type.New("Usage"));
        Assert.Equal("Equals2", type.New("Equals"));
        Assert.Equal("Limit", type.New("Limit"));
        Assert.Equal("Limit2", type.New("Limit"));
        var method = new NameScope(new[] { "query", "result" });
        var locals = method.Child();
        Assert.Equal("query2", locals.New("query"));
        Assert.Equal("call", locals.New("call"));
        Assert.Equal("@await", method.New("await"));
        Assert.Equal("@class", method.New("@class"));
        Assert.True(method.IsTaken("class"));
        var client = NameScope.ForMembers("Client", NameScope.ClientMembers);
        Assert.Equal("GetUsage", client.NewFamily("GetUsage", "{0}Async", "{0}WithResponseAsync"));
        Assert.Equal("GetUsageWithResponse2", client.NewFamily("GetUsageWithResponse", "{0}Async", "{0}WithResponseAsync"));
        Assert.Equal("Value2", new NameScope().New("Value", NameScope.EnumTypeDeclares));
    }
}
