using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Normalization;
using UsageGen.Generator.Normalization.FieldRoles;
using Xunit;
using static UsageGen.Generator.Tests.Normalization.Hand;

namespace UsageGen.Generator.Tests.Normalization;

/// <summary>The rule table's order (first match wins), and the classifier's scope, window, counter and category steps.</summary>
public class FieldRoleOrderTests
{
    [Fact]
    public void The_table_is_in_this_order()
    {
        Assert.Equal(new[]
        {
            "MapIsBreakdown", "ResetByName", "PlanByName", "PlanFromParent", "OnlyNumbersAreFigures", "CostIsNoFigure", "LifetimeIsNoFigure",
            "PageSizeIsNoFigure", "ObjectCountIsNoFigure", "RateByName", "MaxIsLimit", "RoleByHeadWord", "PerWindowIsLimit", "CountOfUnitIsUsed",
            "TotalCallsIsUsed", "TotalBesideUsedIsLimit", "ParentRole", "WindowNamedCounter", "CurrentCountIsUsed", "CreditsByDescription",
            "RoleFromDescription",
        }, FieldRoleRules.Ordered.Select(r => r.Name).ToArray());
    }

    [Theory]
    [InlineData("remaining_credits", "RoleByHeadWord", nameof(FieldRole.Remaining))] // before CreditsByDescription
    [InlineData("usage_limit", "RoleByHeadWord", nameof(FieldRole.Limit))] // the head word decides
    [InlineData("maxMonthlyUsageUsd", "MaxIsLimit", nameof(FieldRole.Limit))] // Apify: before the head word (usage)
    [InlineData("maxActorCount", "ObjectCountIsNoFigure", nameof(FieldRole.None))] // Apify: before MaxIsLimit
    [InlineData("rpm_limit", "RateByName", nameof(FieldRole.Rpm))] // before RoleByHeadWord
    [InlineData("remaining_per_minute", "RoleByHeadWord", nameof(FieldRole.Remaining))] // RateByName leaves it
    [InlineData("credit_cost", "CostIsNoFigure", nameof(FieldRole.None))] // before CreditsByDescription
    [InlineData("current_calls", "CurrentCountIsUsed", nameof(FieldRole.Used))]
    [InlineData("today", "WindowNamedCounter", nameof(FieldRole.Counter))]
    [InlineData("count", "ObjectCountIsNoFigure", nameof(FieldRole.None))]
    [InlineData("n", "RoleFromDescription", nameof(FieldRole.None))]
    public void The_first_matching_rule_decides(string name, string rule, string roleName)
    {
        var role = System.Enum.Parse<FieldRole>(roleName);
        var r = FieldClassifier.Classify(Body(name, Int));
        Assert.Equal((rule, role), (r.Rule, r.Role));
    }

    [Fact]
    public void A_text_reset_named_as_a_plan_is_the_reset_because_reset_rules_come_first()
    {
        // SerpApi's plan_renewal_date, ScrapingBee's renewal_subscription_date.
        var r = FieldClassifier.Classify(Body("plan_renewal", Text));
        Assert.Equal(("ResetByName", FieldRole.Reset), (r.Rule, r.Role));
    }

    [Fact]
    public void A_parent_role_wins_over_a_bare_credit_count()
    {
        // Shodan's usage_limits.query_credits is the limit; its twin query_credits at the root is left to its quota.
        Assert.Equal(("ParentRole", FieldRole.Limit), Rule(Read("usage_limits.query_credits", Int)));
        Assert.Equal(("CreditsByDescription", FieldRole.Credits), Rule(Read("query_credits", Int)));
        static (string, FieldRole) Rule(FieldReading r) => (r.Rule, r.Role);
    }

    [Fact]
    public void Reordering_the_table_changes_the_answer()
    {
        var field = Body("maxMonthlyUsageUsd", Number);
        Assert.Equal(FieldRole.Limit, FieldClassifier.Classify(field, new IFieldRoleRule[] { new MaxIsLimit(), new RoleByHeadWord() }).Role);
        Assert.Equal(FieldRole.Used, FieldClassifier.Classify(field, new IFieldRoleRule[] { new RoleByHeadWord(), new MaxIsLimit() }).Role);
    }

    [Fact]
    public void Scope_comes_from_the_name_else_the_nearest_parent()
    {
        Assert.Equal(("key", QuotaScopeModel.ApiKey), Scope(Body("data.account.key_usage", Int)));
        Assert.Equal(("account", QuotaScopeModel.Account), Scope(Body("data.account.used", Int)));
        Assert.Equal(("paygo", QuotaScopeModel.PayAsYouGo), Scope(Body("pay_as_you_go.used", Int)));
        Assert.Equal(("", QuotaScopeModel.Account), Scope(Body("requests_per_key", Int)));
        Assert.Equal(("", QuotaScopeModel.Account), Scope(Body("data.credits.used", Int)));

        static (string, QuotaScopeModel) Scope(Field f)
        {
            var r = FieldClassifier.Classify(f);
            return (r.Scope, r.ScopeKind);
        }
    }

    [Fact]
    public void Usage_under_a_past_window_object_is_a_counter_of_that_window()
    {
        var r = FieldClassifier.Classify(Body("data.last_24h.total_requests", Int));
        Assert.Equal((FieldRole.Counter, "last_24h"), (r.Role, r.Window));
        // Under a current window it is that window's usage (CoinMarketCap's usage.current_month.credits_used).
        var current = FieldClassifier.Classify(Body("data.usage.current_month.credits_used", Int));
        Assert.Equal((FieldRole.Used, "month"), (current.Role, current.Window));
    }

    [Fact]
    public void Windows_come_from_the_name_then_the_parents_then_a_description_that_names_one()
    {
        Assert.Equal("month", Read("data.plan.credit_limit_monthly", Int).Window); // CoinMarketCap
        Assert.Equal("hour", Read("data.api_requests_hourly.user.allowed", Int).Window); // VirusTotal
        Assert.Equal("billing-cycle", Read("character_limit", Int, "Current maximum number of characters that can be translated per billing period.").Window); // DeepL
        Assert.Equal("minute", Read("plan_limit", Int, "Your personal API limit (requests/minute) depending on the plan").Window); // Twelve Data
        Assert.Null(Read("limit", Int, "Daily or monthly, depending on the plan").Window); // two windows: none
        Assert.Null(Read("speech_to_text_minutes_limit", Int).Window); // minutes are a unit, not a window
    }

    [Fact]
    public void Units_come_from_the_name_then_the_innermost_parent()
    {
        Assert.Equal("characters", Read("character_count", Int).Unit);
        Assert.Equal("credits", Read("data.requests.credits.used", Int).Unit); // Hunter
        Assert.Equal("searches", Read("data.requests.searches.used", Int).Unit);
        Assert.Equal("USD", Read("limits.maxMonthlyUsageUsd", Number).Unit); // Apify
    }

    [Fact]
    public void Words_left_after_role_unit_window_noise_and_scope_name_the_subject()
    {
        Assert.Equal("search", Read("key.search_usage", Int).Category);
        Assert.Null(Read("current_month_api_calls_used", Int).Category);
        Assert.Null(Read("key_usage", Int).Category);
        Assert.Null(Read("search_plan", Text).Category); // only figures have subjects
        Assert.Null(Read("data.usage.current_month.credits_used", Int).Category); // CoinMarketCap: parents that are roles and windows
        Assert.Equal("resources_core", Read("resources.core.limit", Int).Category); // GitHub
        Assert.Null(Read("rate.limit", Int).Category);
        Assert.Equal("actor_compute", Read("limits.maxMonthlyActorComputeUnits", Number).Category); // Apify
        Assert.Equal("query", Read("usage_limits.query_credits", Int).Category); // Shodan
    }
}
