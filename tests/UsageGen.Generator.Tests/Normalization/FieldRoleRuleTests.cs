using System.Linq;
using UsageGen.Generator.Normalization;
using UsageGen.Generator.Normalization.FieldRoles;
using Xunit;
using static UsageGen.Generator.Tests.Normalization.Hand;

namespace UsageGen.Generator.Tests.Normalization;

/// <summary>
/// Each field-role rule alone, on hand-built fields: a field it matches (and the role it gives) and a near miss it
/// leaves to the rules after it. To test a new rule, add one fact here and one ordering case in <see cref="FieldRoleOrderTests"/>.
/// </summary>
public class FieldRoleRuleTests
{
    private static FieldRole? Role(IFieldRoleRule rule, Field field) => rule.TryMatch(field, out var m) ? m.Role : null;

    [Fact]
    public void MapIsBreakdown_takes_body_maps()
    {
        var rule = new MapIsBreakdown();
        Assert.Equal(FieldRole.None, Role(rule, Body("by_endpoint", MapOf(Int))));
        Assert.Null(Role(rule, Body("used", Int)));
    }

    [Fact]
    public void PlanByName_takes_text_and_headers_named_plan_but_not_plan_limits()
    {
        var rule = new PlanByName();
        Assert.Equal(FieldRole.Plan, Role(rule, Body("plan_name", Text)));
        Assert.Equal(FieldRole.Plan, Role(rule, Body("tier", Named("Tier"), isEnum: true)));
        Assert.Equal(FieldRole.Plan, Role(rule, Header("X-Plan-Tier")));
        Assert.Null(Role(rule, Body("plan_limit", Text)));
        Assert.Null(Role(rule, Body("plan_usage", Text)));
        Assert.Null(Role(rule, Body("plan", Int)));
    }

    [Fact]
    public void PlanFromParent_takes_the_name_of_a_plan_object()
    {
        var rule = new PlanFromParent();
        Assert.Equal(FieldRole.Plan, Role(rule, Body("subscription.name", Text)));
        Assert.Equal(FieldRole.Plan, Role(rule, Body("data.plan.title", Text)));
        Assert.Null(Role(rule, Body("subscription.status", Text)));
        Assert.Null(Role(rule, Body("owner.name", Text)));
        Assert.Null(Role(rule, Body("plan.level", Int)));
    }

    [Fact]
    public void ResetByName_takes_instants_dates_text_and_unix_seconds()
    {
        var rule = new ResetByName();
        Assert.Equal(FieldRole.Reset, Role(rule, Body("reset_at", Instant)));
        Assert.Equal(FieldRole.Reset, Role(rule, Body("renews", Date)));
        Assert.Equal(FieldRole.Reset, Role(rule, Body("resets", Text)));
        Assert.Equal(FieldRole.Reset, Role(rule, Body("reset", Int)));
        Assert.Equal(FieldRole.Reset, Role(rule, Header("X-RateLimit-Reset")));
        Assert.Null(Role(rule, Body("reset", Int32)));
        Assert.Null(Role(rule, Body("reset", Flag)));
        Assert.Null(Role(rule, Body("period_end", Instant)));
    }

    [Fact]
    public void OnlyNumbersAreFigures_stops_everything_else()
    {
        var rule = new OnlyNumbersAreFigures();
        Assert.Equal(FieldRole.None, Role(rule, Body("used", Text)));
        Assert.Equal(FieldRole.None, Role(rule, Body("limit", Flag)));
        Assert.Null(Role(rule, Body("used", Int)));
        Assert.Null(Role(rule, Body("used", Number)));
    }

    [Fact]
    public void CostIsNoFigure_stops_costs_and_prices()
    {
        var rule = new CostIsNoFigure();
        Assert.Equal(FieldRole.None, Role(rule, Header("X-Credit-Cost", Int)));
        Assert.Equal(FieldRole.None, Role(rule, Body("price_per_call", Number)));
        Assert.Null(Role(rule, Body("credits_used", Int)));
    }

    [Fact]
    public void RateByName_takes_rpm_and_per_minute_but_not_remaining_per_minute()
    {
        var rule = new RateByName();
        Assert.Equal(FieldRole.Rpm, Role(rule, Body("rpm", Int)));
        Assert.Equal(FieldRole.Rpm, Role(rule, Body("requests_per_minute", Int)));
        Assert.Null(Role(rule, Body("remaining_per_minute", Int)));
        Assert.Null(Role(rule, Body("requests_per_hour", Int)));
    }

    [Fact]
    public void RemainingByName_takes_remaining_left_balance()
    {
        var rule = new RemainingByName();
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("remaining_credits", Int)));
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("callsLeft", Int)));
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("balance", Number)));
        Assert.Null(Role(rule, Body("used", Int)));
    }

    [Fact]
    public void UsedByName_takes_used_usage_consumed()
    {
        var rule = new UsedByName();
        Assert.Equal(FieldRole.Used, Role(rule, Body("credits_used", Int)));
        Assert.Equal(FieldRole.Used, Role(rule, Body("usage", Int)));
        Assert.Equal(FieldRole.Used, Role(rule, Body("consumedUnits", Int)));
        Assert.Null(Role(rule, Body("limit", Int)));
    }

    [Fact]
    public void LimitByName_takes_limit_quota_max()
    {
        var rule = new LimitByName();
        Assert.Equal(FieldRole.Limit, Role(rule, Body("limit", Int)));
        Assert.Equal(FieldRole.Limit, Role(rule, Body("monthly_quota", Int)));
        Assert.Equal(FieldRole.Limit, Role(rule, Body("max_requests", Int)));
        Assert.Null(Role(rule, Body("count", Int)));
    }

    [Fact]
    public void CurrentCountIsUsed_takes_a_current_count_of_a_unit()
    {
        var rule = new CurrentCountIsUsed();
        Assert.Equal(FieldRole.Used, Role(rule, Body("current_total_monthly_calls", Int)));
        Assert.Equal(FieldRole.Used, Role(rule, Body("currentCredits", Int)));
        Assert.Null(Role(rule, Body("current_period", Int)));
    }

    [Fact]
    public void TotalCallsIsUsed_takes_totals_of_calls_or_requests()
    {
        var rule = new TotalCallsIsUsed();
        Assert.Equal(FieldRole.Used, Role(rule, Body("total_calls", Int)));
        Assert.Equal(FieldRole.Used, Role(rule, Body("totalRequests", Int)));
        Assert.Null(Role(rule, Body("total_credits", Int)));
    }

    [Fact]
    public void CreditsByDescription_reads_the_description_and_defaults_to_limit()
    {
        var rule = new CreditsByDescription();
        Assert.Equal(FieldRole.Limit, Role(rule, Body("credits", Int, "Total credits in the plan")));
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("credits", Int, "Credits remaining this month")));
        Assert.Equal(FieldRole.Used, Role(rule, Body("credits", Int, "Credits consumed so far")));
        Assert.Equal(FieldRole.Limit, Role(rule, Body("monthly_credits", Int)));
        Assert.Null(Role(rule, Body("calls", Int, "Calls remaining")));
    }

    [Fact]
    public void WindowNamedCounter_takes_window_names_and_says_the_window()
    {
        var rule = new WindowNamedCounter();
        Assert.True(rule.TryMatch(Body("stats.thisWeek", Int), out var m));
        Assert.Equal(FieldRole.Counter, m.Role);
        Assert.Equal("thisWeek", m.Window);
        Assert.True(rule.TryMatch(Body("last_24h", Int), out _));
        Assert.False(rule.TryMatch(Body("today_calls", Int), out _));
    }

    [Fact]
    public void RoleFromDescription_always_matches_weakly()
    {
        var rule = new RoleFromDescription();
        Assert.True(rule.TryMatch(Body("n", Int, "How many calls remain"), out var remaining));
        Assert.Equal((FieldRole.Remaining, true), (remaining.Role, remaining.Weak));
        Assert.Equal(FieldRole.Used, Role(rule, Body("n", Int, "Calls used")));
        Assert.Equal(FieldRole.Limit, Role(rule, Body("n", Int, "The ceiling")));
        Assert.True(rule.TryMatch(Body("n", Int, "A count"), out var none));
        Assert.Equal((FieldRole.None, true), (none.Role, none.Weak));
    }

    [Fact]
    public void Every_rule_in_the_table_has_a_test_here()
    {
        var tested = typeof(FieldRoleRuleTests).GetMethods().Select(m => m.Name.Split('_')[0]).ToHashSet();
        Assert.All(FieldRoleRules.Ordered, r => Assert.Contains(r.Name, tested));
    }
}
