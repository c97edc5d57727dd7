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

    [Fact]
    public void A_compile_error_in_the_consumer_is_seen_by_the_check()
    {
        // Guards the check above: the harness really reports compile errors.
        var r = GeneratorHarness.Run(GeneratorHarness.LaunchSpecs(), consumerSources: "class X { int Y() => \"no\"; }");
        Assert.Contains(r.CompileDiagnostics, d => d.Id == "CS0029");
    }
}
