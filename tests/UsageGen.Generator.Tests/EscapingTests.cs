using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Spec text can never leave a comment or a string literal (issue "Reliability": a description with U+2028 became code).
/// A crafted spec puts every line break Roslyn knows (<c>\r</c>, <c>\n</c>, U+0085, U+2028, U+2029), <c>*/</c>,
/// quotes, backslashes, NUL, surrogate halves and markup into every place spec text reaches: titles, summaries,
/// descriptions, enum values, JSON names, header and parameter names, error descriptions, examples, the file name.
/// The output compiles with documentation diagnostics on and warnings as errors, no injected declaration exists, and
/// the literals hold exactly the spec's text.
/// </summary>
public class EscapingTests
{
    private const string Evil = "\u2028public class InjectedA {}\u2029public class InjectedB {}\u0085public class InjectedC {}\r\npublic class InjectedD {}\n#error injected\r/* */ \"q\" \\ \0 \ud800 <b>&amp;</b> </summary><summary>";

    private static readonly string[] EnumValues = { "x\"y", "new\nline", "sep\u2028x", "back\\slash", "nul\0", "half\ud800", "*/", "end\u0085" };

    /// <summary>The text as the spec reader hands it over: it decodes a surrogate half as U+FFFD; every other character arrives as written.</summary>
    private static string AsRead(string s) => s.Replace("\ud800", "\uFFFD");

    private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private static string Spec() => $$"""
        {
          "openapi": "3.0.0",
          "info": { "title": {{Json("Title" + Evil)}}, "version": {{Json("1" + Evil)}} },
          "servers": [ { "url": "https://inject.test" } ],
          "paths": {
            "/usage": {
              "get": {
                "operationId": "getUsage",
                "summary": {{Json("Summary" + Evil)}},
                "description": {{Json("Description" + Evil)}},
                "parameters": [
                  { "name": {{Json("q\"uery\\" + Evil)}}, "in": "query", "description": {{Json("Param" + Evil)}}, "schema": { "type": "string" } },
                  { "name": {{Json("X-Head\"er")}}, "in": "header", "description": {{Json("Header" + Evil)}}, "schema": { "type": "string" } }
                ],
                "responses": {
                  "200": {
                    "description": {{Json("ok" + Evil)}},
                    "headers": { {{Json("X-Plan\"" + Evil)}}: { "description": {{Json("Plan header" + Evil)}}, "schema": { "type": "string" } } },
                    "content": {
                      "application/json": {
                        "schema": { "$ref": "#/components/schemas/Usage" },
                        "example": { "used": 1, "limit": 10, "note": {{Json(Evil)}} }
                      }
                    }
                  },
                  "404": {
                    "description": {{Json("Not found" + Evil)}},
                    "content": { "application/json": { "schema": { "type": "object", "properties": { "error": { "type": "string", "description": {{Json(Evil)}} } } } } }
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Usage": {
                "type": "object",
                "description": {{Json("Usage" + Evil)}},
                "properties": {
                  "used": { "type": "integer", "description": {{Json("Used" + Evil)}} },
                  "limit": { "type": "integer" },
                  {{Json("we\"ird\\" + Evil)}}: { "type": "string", "description": {{Json(Evil)}} },
                  "mode": { "$ref": "#/components/schemas/Mode" }
                }
              },
              "Mode": {
                "type": "string",
                "description": {{Json(Evil)}},
                "enum": [ {{string.Join(", ", EnumValues.Select(Json))}} ]
              }
            }
          }
        }
        """;

    private static (Compilation Output, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<Diagnostic> GeneratorDiagnostics) Run(TargetFramework tfm)
    {
        // Documentation diagnosed, as in a consumer with GenerateDocumentationFile: a broken doc comment is CS1570, an error here.
        var parse = GeneratorHarness.ParseOptions(tfm).WithDocumentationMode(DocumentationMode.Diagnose);
        var driver = CSharpGeneratorDriver.Create(new[] { new UsageGenGenerator().AsSourceGenerator() },
            new[] { (AdditionalText)new InMemoryText("/specs/inj\u2028ect\r\n#error file.json", Spec()) }, parse, new TestOptionsProvider());
        var compilation = GeneratorHarness.Compilation(tfm).WithOptions(ConsumerCompilation.Options);
        compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("/// <summary>A consumer type.</summary>\npublic static class Keep { }", parse));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList(), diagnostics);
    }

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net100)]
    public void Crafted_spec_text_stays_text(TargetFramework tfm)
    {
        var (output, diagnostics, generatorDiagnostics) = Run(tfm);
        Assert.DoesNotContain(generatorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.True(output.SyntaxTrees.Count() >= 4, "the provider was generated");
        Assert.Empty(diagnostics.Select(d => d.ToString()));
        // No declaration came out of the text: not a class, not a directive.
        Assert.Empty(output.GetSymbolsWithName(n => n.StartsWith("Injected", System.StringComparison.Ordinal)));
        foreach (var tree in output.SyntaxTrees)
        {
            var root = tree.GetRoot();
            Assert.DoesNotContain(root.DescendantTrivia(descendIntoTrivia: true), t => t.IsKind(SyntaxKind.ErrorDirectiveTrivia));
            // Each generated file parses as it was meant: every line break in a file is one of ours ('\n').
            var text = tree.ToString();
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain('\u2028', text);
            Assert.DoesNotContain('\u2029', text);
            Assert.DoesNotContain('\u0085', text);
        }
    }

    [Fact]
    public void Literals_hold_the_exact_text_and_doc_comments_the_flattened_text()
    {
        var (output, _, _) = Run(TargetFramework.Net100);
        var mode = output.GetTypeByMetadataName("UsageGen.Providers.InjEctErrorFile.Mode")
                   ?? output.GetSymbolsWithName("Mode", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        var tree = mode.DeclaringSyntaxReferences.Single().SyntaxTree;
        var model = output.GetSemanticModel(tree);
        var values = tree.GetRoot().DescendantNodes().OfType<PropertyDeclarationSyntax>()
            .Where(p => p.Initializer is not null && p.Modifiers.Any(SyntaxKind.StaticKeyword))
            .Select(p => (string)model.GetConstantValue(((ImplicitObjectCreationExpressionSyntax)p.Initializer!.Value).ArgumentList.Arguments[0].Expression).Value!)
            .ToList();
        Assert.Equal(EnumValues.Select(AsRead), values);

        // The JSON name of the odd property is read back exactly (the create function's literal).
        var usage = output.GetSymbolsWithName("Usage", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        var literals = usage.DeclaringSyntaxReferences.Single().GetSyntax().DescendantNodes().OfType<LiteralExpressionSyntax>()
            .Select(l => model.GetConstantValue(l).Value as string).ToList();
        Assert.Contains(AsRead("we\"ird\\" + Evil), literals);

        // The doc comment is well-formed XML whose text is the spec's, on one line, markup escaped.
        var xml = XElement.Parse(usage.GetDocumentationCommentXml()!);
        var summary = xml.Element("summary")!.Value;
        Assert.StartsWith("Usage", summary);
        Assert.Contains("public class InjectedA {} public class InjectedB {} public class InjectedC {}", summary);
        Assert.Contains("<b>&amp;</b> </summary><summary>", summary);
        Assert.Contains("\uFFFD", summary); // NUL and the surrogate half: not allowed in XML
    }

    [Fact]
    public void Each_escaper_keeps_its_context_closed()
    {
        Assert.Equal("\"a\\\"\\n\\r\\u2028\\u2029\\u0085\\0\\udc00\\ud800\"", Emit.Escape.Literal("a\"\n\r\u2028\u2029\u0085\0\udc00\ud800"));
        Assert.Equal("\"\ud83d\ude00\"", Emit.Escape.Literal("\ud83d\ude00")); // a pair stays a pair
        Assert.Equal("null", Emit.Escape.Literal(null));
        Assert.Equal("a b c d e \uFFFD \uFFFD &lt;/summary&gt; &amp;", Emit.Escape.Doc("a\rb\nc\u2028d\u2029e\u0085\ud800\u0085\0 </summary> &"));
        Assert.Equal("file x #error", Emit.Escape.Comment("file\u2028x\n#error"));
        // The literal is what the compiler reads back.
        foreach (var text in new[] { "a\"\n\r\u2028\u2029\u0085\0\udc00\ud800\\", "*/ /* // ///", "\ud83d\ude00" })
        {
            var expression = SyntaxFactory.ParseExpression(Emit.Escape.Literal(text));
            Assert.Equal(text, ((LiteralExpressionSyntax)expression).Token.ValueText);
        }
    }
}
