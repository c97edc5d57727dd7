using System.IO;
using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>How a spec's usage operation maps to the normalized model, read from the model (no Roslyn).</summary>
public class InferenceTests
{
    private static ProviderSpec Parse(string text, string path = "/specs/x.yaml") =>
        SpecParser.Parse(new SpecInput(path, text, new SpecOptions(null, null, null, null, false)));

    private static UsageMapping Usage(string text)
    {
        var spec = Parse(text);
        Assert.NotNull(spec.Model);
        return Assert.IsType<UsageMapping>(spec.Model!.Usage);
    }

    /// <summary>A one-operation spec whose 200 body is <paramref name="schema"/> (indented 14 spaces).</summary>
    private static string OneOp(string schema, string path = "/usage", string extra = "") => OneOpCore(string.Join("\n", schema.Split('\n').Select(l => "  " + l)), path, extra);

    private static string OneOpCore(string schema, string path, string extra) => $$"""
        openapi: 3.0.0
        info: { title: T, version: '1' }
        paths:
          {{path}}:
            get:
        {{extra}}      responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
        {{schema}}
        """;

    [Fact]
    public void Unseen_nested_credits_object_with_plan_name_and_reset()
    {
        var u = Usage(OneOp("""
                          type: object
                          properties:
                            plan_name: { type: string }
                            credits:
                              type: object
                              properties:
                                used: { type: integer }
                                limit: { type: integer }
                                reset_at: { type: string, format: date-time }
            """));
        Assert.Equal("plan_name", u.Plan!.Display);
        var main = u.Quotas[0];
        Assert.Equal("credits", main.Name);
        Assert.Equal("credits.used", main.Used!.Display);
        Assert.Equal("credits.limit", main.Limit!.Display);
        Assert.Null(main.Remaining);
        Assert.Equal("credits.reset_at", u.ResetsAt!.Display);
    }

    [Fact]
    public void Remaining_and_max_without_used()
    {
        var u = Usage(OneOp("""
                          type: object
                          properties:
                            remaining_requests: { type: integer }
                            max_requests: { type: integer }
                            tier: { type: string, enum: [free, paid] }
            """));
        Assert.Equal("remaining_requests", u.Quotas[0].Remaining!.Display);
        Assert.Equal("max_requests", u.Quotas[0].Limit!.Display);
        Assert.Null(u.Quotas[0].Used);
        Assert.Equal("requests", u.Quotas[0].Unit);
        Assert.Equal("tier", u.Plan!.Display);
    }

    [Fact]
    public void The_usage_operation_is_chosen_among_others()
    {
        var text = """
            openapi: 3.0.0
            info: { title: T, version: '1' }
            paths:
              /pets:
                get:
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { type: object, properties: { count: { type: integer } } } } } }
              /account/usage:
                get:
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { type: object, properties: { credits_used: { type: integer }, credits_limit: { type: integer } } } } } }
              /orders:
                post:
                  responses:
                    '201': { description: ok, content: { application/json: { schema: { type: object, properties: { used: { type: integer } } } } } }
            """;
        var u = Usage(text);
        Assert.Equal("GET /account/usage", u.OperationDisplay);
        Assert.Equal("credits_used", u.Quotas[0].Used!.Display);
    }

    [Fact]
    public void Usage_false_excludes_an_operation_and_usage_true_forces_one()
    {
        var schema = "{ type: object, properties: { used: { type: integer }, limit: { type: integer } } }";
        var text = $$"""
            openapi: 3.0.0
            info: { title: T, version: '1' }
            paths:
              /usage:
                get:
                  x-usagegen: false
                  responses:
                    '200': { description: ok, content: { application/json: { schema: {{schema}} } } }
              /stats:
                get:
                  x-usagegen: { usage: true }
                  responses:
                    '200': { description: ok, content: { application/json: { schema: {{schema}} } } }
            """;
        Assert.Equal("GET /stats", Usage(text).OperationDisplay);
    }

    [Fact]
    public void Sharpe_without_its_override_warns_twice_and_makes_the_same_choice()
    {
        var path = Path.Combine(GeneratorHarness.SpecsFolder, "sharpe.yaml");
        var original = File.ReadAllText(path);
        var stripped = string.Join("\n", original.Split('\n').Where(l =>
            !l.Contains("x-usagegen:") && !l.Contains("limit: data.quota.limit") && !l.Contains("requestsPerMinute: data.rate_limit")));
        Assert.NotEqual(original.Length, stripped.Length);
        var spec = Parse(stripped, path);
        var warnings = spec.Diagnostics.Where(d => d.Id == "UG0008").Select(d => d.Args[1]).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w == "creditsLimit");
        Assert.Contains(warnings, w => w == "requestsPerMinute");
        var u = spec.Model!.Usage!;
        Assert.Equal("data.quota.limit", u.Quotas[0].Limit!.Display);
        Assert.Equal("data.rate_limit.requests_per_minute", u.RequestsPerMinute!.Display);

        // And the committed spec, with the override, is silent and maps the same.
        var withOverride = Parse(original, path);
        Assert.DoesNotContain(withOverride.Diagnostics, d => d.Id == "UG0008");
        Assert.Equal(u.Quotas[0].Limit, withOverride.Model!.Usage!.Quotas[0].Limit);
    }

    [Fact]
    public void An_override_replaces_an_inferred_figure()
    {
        var path = Path.Combine(GeneratorHarness.SpecsFolder, "sharpe.yaml");
        var text = File.ReadAllText(path).Replace("limit: data.quota.limit", "limit: data.plan.monthly_limit");
        var u = Parse(text, path).Model!.Usage!;
        Assert.Equal("data.plan.monthly_limit", u.Quotas[0].Limit!.Display);
        Assert.Equal("data.quota.used", u.Quotas[0].Used!.Display);
    }

    [Fact]
    public void Header_plan_and_header_override()
    {
        var u = Usage(OneOp("""
                          type: object
                          properties:
                            used: { type: integer }
                            limit: { type: integer }
            """, extra: """
                  x-usagegen:
                    plan: header:X-Subscription

            """));
        Assert.Equal(ValueSourceKind.Header, u.Plan!.Source.Kind);
        Assert.Equal("X-Subscription", u.Plan.Source.HeaderName);
    }

    [Fact]
    public void Provider_names_take_the_titles_casing()
    {
        Assert.Equal("CoinGecko", ModelBuilder.InferProviderName("coingecko", "CoinGecko Pro API"));
        Assert.Equal("CoinStats", ModelBuilder.InferProviderName("coinstats", "CoinStats Public API"));
        Assert.Equal("OpenAi", ModelBuilder.InferProviderName("open-ai", "Something else"));
        Assert.Equal("Acme", ModelBuilder.InferProviderName("acme.openapi", null));
    }

    [Fact]
    public void Words_split_the_way_specs_name_things()
    {
        Assert.Equal(new[] { "current", "total", "monthly", "calls" }, Names.Words("current_total_monthly_calls"));
        Assert.Equal(new[] { "this", "week" }, Names.Words("thisWeek"));
        Assert.Equal(new[] { "x", "plan", "tier" }, Names.Words("X-Plan-Tier"));
        Assert.Equal(new[] { "last", "24h" }, Names.Words("last_24h"));
        Assert.Equal(new[] { "total", "credits" }, Names.Words("totalCredits"));
    }
}
