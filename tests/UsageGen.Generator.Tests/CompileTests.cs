using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>The generated code compiles with no warning, nullable on and warnings as errors, for net8.0 and net10.0.</summary>
public class CompileTests
{
    private const string Consumer = """
        using System.Net.Http;
        using System.Threading.Tasks;
        using UsageGen;

        public static class Use
        {
            public static async Task<UsageSnapshot> All(HttpClient http)
            {
                var cg = new UsageGen.Providers.CoinGecko.CoinGeckoClient(http, new UsageCredentials("k"));
                UsageGen.Providers.CoinGecko.Key key = await cg.ApiUsageAsync();
                decimal? credit = key.MonthlyCallCredit;
                var tavily = new UsageGen.Providers.Tavily.TavilyClient(http);
                var usage = await tavily.GetUsageWithResponseAsync(projectId: "p");
                long? limit = usage.Body.Key?.Limit;
                bool unlimited = usage.Body.Key?.LimitIsUnlimited ?? false;
                var shoal = await new UsageGen.Providers.Shoal.ShoalClient(http).GetUsageWithResponseAsync();
                string? tier = shoal.PlanTier;
                long? cost = shoal.CreditCost;
                var sharpe = await new UsageGen.Providers.Sharpe.SharpeClient(http).GetUsageAsync();
                UsageGen.Providers.Sharpe.PlanTier planTier = sharpe.Data.Plan.Tier;
                System.DateTimeOffset resets = sharpe.Data.Quota.ResetsAt;
                _ = (credit, limit, unlimited, tier, cost, planTier.IsKnown, resets);
                return await UsageGen.Generated.UsageCatalog.Create("coinstats", http, new UsageCredentials("k")).GetUsageAsync();
            }
        }
        """;

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net100)]
    public void Generated_code_and_a_consumer_compile_without_warnings(TargetFramework tfm)
    {
        var r = GeneratorHarness.Run(GeneratorHarness.LaunchSpecs(), tfm: tfm, consumerSources: Consumer);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Id is "CS8785" or "CS8784" or "CS8032");
        Assert.Empty(r.CompileDiagnostics.Select(d => d.ToString()));
        Assert.Equal(16 + 1, r.Output.SyntaxTrees.Count()); // 16 generated files and the consumer
    }

    /// <summary>
    /// A required object whose nullable limit means unlimited when null, with more figures after it: the unlimited flag
    /// must not be read with <c>?.</c> on the non-null object, or the compiler learns it may be null (CS8602 after).
    /// </summary>
    private const string RequiredObjectWithUnlimitedLimit = """
        openapi: 3.0.0
        info: { title: Quota, version: '1' }
        paths:
          /usage:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [data]
                        properties:
                          data:
                            type: object
                            required: [used, limit, reset_at]
                            properties:
                              used: { type: integer }
                              limit: { type: integer, nullable: true, description: 'The limit; null means unlimited.' }
                              reset_at: { type: string, format: date-time }
                              remaining: { type: integer }
        """;

    /// <summary>A usage operation that reports only a plan: no quota, so no <c>quota</c> local (CS0168).</summary>
    private const string PlanOnly = """
        openapi: 3.0.0
        info: { title: Plan, version: '1' }
        paths:
          /account/usage:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          plan: { type: string }
        """;

    /// <summary><c>unlimitedWhenNull</c> on a limit whose description says nothing: the DTO still gets its flag.</summary>
    private const string UnlimitedByOverride = """
        openapi: 3.0.0
        info: { title: Override, version: '1' }
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
        """;

    private const string EdgeConsumer = """
        public static class UseEdges
        {
            public static bool Read(UsageGen.Providers.Quota.GetUsageResult quota, UsageGen.Providers.Override.GetUsageResult byOverride) =>
                quota.Data.LimitIsUnlimited && byOverride.LimitIsUnlimited && byOverride.Limit is null;
        }
        """;

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net100)]
    public void Edge_mappings_compile_without_warnings(TargetFramework tfm)
    {
        var r = GeneratorHarness.Run(new[] { ("/specs/quota.yaml", RequiredObjectWithUnlimitedLimit), ("/specs/plan.yaml", PlanOnly), ("/specs/override.yaml", UnlimitedByOverride) },
            tfm: tfm, consumerSources: EdgeConsumer);
        Assert.DoesNotContain(r.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(r.CompileDiagnostics.Select(d => d.ToString()));
        // Each shape really reached the adapter: the flag is read, and the plan-only adapter has no quota.
        Assert.Contains("isUnlimited: body.Data.LimitIsUnlimited == true,", r.Source("Quota.Usage.g.cs"));
        Assert.Contains("isUnlimited: body.LimitIsUnlimited == true,", r.Source("Override.Usage.g.cs"));
        Assert.DoesNotContain("UsageQuota quota;", r.Source("Plan.Usage.g.cs"));
    }

    [Fact]
    public void A_compile_error_in_the_consumer_is_seen_by_the_check()
    {
        // Guards the check above: the harness really reports compile errors.
        var r = GeneratorHarness.Run(GeneratorHarness.LaunchSpecs(), consumerSources: "class X { int Y() => \"no\"; }");
        Assert.Contains(r.CompileDiagnostics, d => d.Id == "CS0029");
    }
}
