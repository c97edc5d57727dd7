using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
namespace UsageGen.Generator.Tests;
public sealed class FuzzKnownBugTestsUnskipped
{
    public const string OptionalParameterBug =
        "bug: an optional non-string parameter of the usage operation makes the adapter uncompilable (CS0173 '<null>' and 'long'; " +
        "CS8716 'default' with no target type) with no UG error. Fix ProviderEmitter.ConvertParameter: a typed null/default. " +
        "The main fuzz test counts these cases as known (signature: CS0173/CS8716 on a 'var argN' line of *.Usage.g.cs) instead of failing.";

    public const string NullSchemeBug =
        "bug: an empty securitySchemes entry ('X-API-KEY:' with no value) is UG0011 (NullReferenceException in ModelBuilder.BuildSecurity) " +
        "instead of a diagnostic at the entry. Fix: skip null schemes with UG0001. (UG0011 is an error, so the main fuzz test passes it.)";

    public const string NonNullableFigureBug =
        "bug: a usage figure (here an x-usagegen override) naming a non-numeric, non-nullable field (a required boolean, or an unknown type " +
        "kept as JsonElement) emits '(body.X)?.ToString()': CS0023 with no UG error. Fix ProviderEmitter.Number/Instant: format with " +
        "Figures.Text((object?)(x)), or report UG0010 for an override naming a non-numeric field. The main fuzz test counts these cases " +
        "as known (signature: CS0023 on a '?.ToString()' line of *.Usage.g.cs) instead of failing.";

    /// <summary>Minimized from seed 20260438 (sharpe.yaml, quota.limit integer -> boolean).</summary>
    [Theory]
    [InlineData("boolean")]
    [InlineData("&nteger")] // an unknown type is kept as a (non-nullable) JsonElement
    public void An_override_naming_a_non_numeric_field_compiles_or_is_UG0010(string type)
    {
        var spec = "openapi: 3.0.0\ninfo: { title: O, version: '1' }\npaths:\n  /usage:\n    get:\n      x-usagegen: { used: used, limit: limit }\n" +
            "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n" +
            "              schema: { type: object, required: [used, limit], properties: { used: { type: " + type + " }, limit: { type: integer } } }\n";
        var r = GeneratorHarness.Run(new[] { ("/specs/o.yaml", spec) });
        var error = FuzzRunner.FirstCompileError(r.Run.Results.SelectMany(x => x.GeneratedSources).Select(s => s.SyntaxTree));
        Assert.True(error is null || r.GeneratorDiagnostics.Any(d => d.Id == "UG0010"), error);
    }

    [Theory]
    [InlineData(20260438)] // sharpe.yaml: quota.limit integer -> boolean
    [InlineData(20260578)] // sharpe.yaml: rate_limit.requests_per_minute integer -> boolean
    [InlineData(20260840)]
    public void Fuzz_seeds_with_a_swapped_overridden_field_type_compile(int seed)
    {
        var outcome = FuzzRunner.RunOne(FuzzCase.Create(seed));
        Assert.True(outcome.Failure is null, outcome.ToString());
    }

    /// <summary>Minimized from seed 20260485 (tavily.yaml, X-Project-ID's schema type string -> boolean).</summary>
    private static string SpecWithOptionalParameter(string type) =>
        "openapi: 3.0.0\ninfo: { title: P, version: '1' }\npaths:\n  /usage:\n    get:\n      parameters:\n" +
        "        - { name: n, in: query, required: false, schema: { type: " + type + " } }\n" +
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n" +
        "              schema: { type: object, properties: { used: { type: integer }, limit: { type: integer } } }\n";

    [Theory]
    [InlineData("integer")]
    [InlineData("number")]
    [InlineData("boolean")]
    [InlineData("object")]
    [InlineData("array")]
    public void An_optional_non_string_parameter_of_the_usage_operation_compiles(string type)
    {
        var r = GeneratorHarness.Run(new[] { ("/specs/p.yaml", SpecWithOptionalParameter(type)) });
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Null(FuzzRunner.FirstCompileError(r.Run.Results.SelectMany(x => x.GeneratedSources).Select(s => s.SyntaxTree)));
    }

    [Theory]
    [InlineData(20260435)] // tavily.yaml: X-Project-ID string -> integer -> boolean
    [InlineData(20260485)] // tavily.yaml: X-Project-ID string -> boolean
    [InlineData(20260701)] // tavily.yaml: X-Project-ID string -> array (CS8716)
    public void Fuzz_seeds_with_a_swapped_parameter_type_compile(int seed)
    {
        var outcome = FuzzRunner.RunOne(FuzzCase.Create(seed));
        Assert.True(outcome.Failure is null, outcome.ToString());
    }

    [Theory]
    [InlineData(20260968)] // coinstats.yaml truncated after "X-API-KEY:"
    [InlineData(20261699)] // coingecko.yaml truncated after "apiKeyQueryParam:"
    public void A_truncated_security_scheme_is_not_an_internal_error(int seed)
    {
        var fuzz = FuzzCase.Create(seed);
        var r = GeneratorHarness.Run(new[] { (fuzz.Path, fuzz.Text) });
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Id == "UG0011");
    }

    [Fact]
    public void An_empty_security_scheme_is_a_diagnostic_at_the_entry_not_UG0011()
    {
        var spec = "openapi: 3.0.0\ninfo: { title: S, version: '1' }\npaths: {}\ncomponents:\n  securitySchemes:\n    X-API-KEY:\n";
        var r = GeneratorHarness.Run(new[] { ("/specs/s.yaml", spec) });
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Id == "UG0011");
        var d = Assert.Single(r.GeneratorDiagnostics, x => x.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Equal(6, d.Location.GetLineSpan().StartLinePosition.Line + 1);
    }
}
