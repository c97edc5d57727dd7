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
            "MapIsBreakdown", "PlanByName", "PlanFromParent", "ResetByName", "OnlyNumbersAreFigures", "CostIsNoFigure", "RateByName",
            "RemainingByName", "UsedByName", "LimitByName", "CurrentCountIsUsed", "TotalCallsIsUsed", "CreditsByDescription",
            "WindowNamedCounter", "RoleFromDescription",
        }, FieldRoleRules.Ordered.Select(r => r.Name).ToArray());
    }

    [Theory]
    [InlineData("remaining_credits", "RemainingByName", nameof(FieldRole.Remaining))] // before CreditsByDescription
    [InlineData("usage_limit", "UsedByName", nameof(FieldRole.Used))] // UsedByName is before LimitByName
    [InlineData("rpm_limit", "RateByName", nameof(FieldRole.Rpm))] // before LimitByName
    [InlineData("remaining_per_minute", "RemainingByName", nameof(FieldRole.Remaining))] // RateByName leaves it
    [InlineData("credit_cost", "CostIsNoFigure", nameof(FieldRole.None))] // before CreditsByDescription
    [InlineData("current_calls", "CurrentCountIsUsed", nameof(FieldRole.Used))]
    [InlineData("today", "WindowNamedCounter", nameof(FieldRole.Counter))]
    [InlineData("count", "RoleFromDescription", nameof(FieldRole.None))]
    public void The_first_matching_rule_decides(string name, string rule, string roleName)
    {
        var role = System.Enum.Parse<FieldRole>(roleName);
        var r = FieldClassifier.Classify(Body(name, Int));
        Assert.Equal((rule, role), (r.Rule, r.Role));
    }

    [Fact]
    public void A_text_reset_named_as_a_plan_is_the_plan_because_plan_rules_come_first()
    {
        var r = FieldClassifier.Classify(Body("plan_renewal", Text));
        Assert.Equal(("PlanByName", FieldRole.Plan), (r.Rule, r.Role));
    }

    [Fact]
    public void Reordering_the_table_changes_the_answer()
    {
        var field = Body("usage_limit", Int);
        Assert.Equal(FieldRole.Used, FieldClassifier.Classify(field, new IFieldRoleRule[] { new UsedByName(), new LimitByName() }).Role);
        Assert.Equal(FieldRole.Limit, FieldClassifier.Classify(field, new IFieldRoleRule[] { new LimitByName(), new UsedByName() }).Role);
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
    public void Usage_under_a_window_object_is_a_counter_of_that_window()
    {
        var r = FieldClassifier.Classify(Body("data.last_24h.total_requests", Int));
        Assert.Equal((FieldRole.Counter, "last_24h"), (r.Role, r.Window));
        // A limit under a window is still a limit, with the window kept.
        var limit = FieldClassifier.Classify(Body("last_24h.limit", Int));
        Assert.Equal((FieldRole.Limit, "last_24h"), (limit.Role, limit.Window));
    }

    [Fact]
    public void Words_left_after_role_noise_and_scope_name_a_category()
    {
        Assert.Equal("search", FieldClassifier.Classify(Body("key.search_usage", Int)).Category);
        Assert.Null(FieldClassifier.Classify(Body("current_month_api_calls_used", Int)).Category);
        Assert.Null(FieldClassifier.Classify(Body("key_usage", Int)).Category);
        Assert.Null(FieldClassifier.Classify(Body("search_plan", Text)).Category); // only figures have categories
    }
}
