using System.Linq;
using UsageGen.Generator.Normalization;
using UsageGen.Generator.Normalization.FieldRoles;
using Xunit;
using static UsageGen.Generator.Tests.Normalization.Hand;

namespace UsageGen.Generator.Tests.Normalization;

/// <summary>
/// Each field-role rule alone, on hand-built fields shaped like the real providers the rule comes from: a field it
/// matches (and the role it gives) and a near miss it leaves to the rules after it. To test a new rule, add one fact
/// here and one ordering case in <see cref="FieldRoleOrderTests"/>.
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
    }

    [Fact]
    public void ResetByName_takes_the_end_of_the_current_period()
    {
        var rule = new ResetByName();
        // DeepL's end_time, Firecrawl's billingPeriodEnd, Apify's monthlyUsageCycle.endAt.
        Assert.Equal(FieldRole.Reset, Role(rule, Body("end_time", Instant, "End time of the current billing period (ISO 8601).")));
        Assert.Equal(FieldRole.Reset, Role(rule, Body("data.billingPeriodEnd", Instant)));
        Assert.Equal(FieldRole.Reset, Role(rule, Body("data.monthlyUsageCycle.endAt", Instant)));
        // An end with no period near is not a reset (a job's end).
        Assert.Null(Role(rule, Body("job.end_time", Instant, "When the job ended.")));
        // ElevenLabs' next_character_count_reset_unix: Unix seconds, named so.
        Assert.Equal(FieldRole.Reset, Role(rule, Body("next_character_count_reset_unix", Int32)));
    }

    [Fact]
    public void ResetByName_refuses_past_instants_countdowns_frequencies_and_kinds()
    {
        var rule = new ResetByName();
        Assert.Null(Role(rule, Body("last_reset", Text, "The date that your credit balance was last reset."))); // SendGrid
        Assert.Null(Role(rule, Body("start_time", Instant, "Start time of the current billing period."))); // DeepL
        Assert.Null(Role(rule, Body("reset_frequency", Text, "The frequency at which your credit balance will be reset."))); // SendGrid
        Assert.Null(Role(rule, Body("credit_limit_monthly_reset", Text, "A human readable countdown of when the API key monthly credit limit will reset back to 0."))); // CoinMarketCap
        Assert.Equal(FieldRole.Reset, Role(rule, Body("credit_limit_monthly_reset_timestamp", Date, "Timestamp in ISO 8601 format of when the monthly credit limit will reset.")));
        Assert.Null(Role(rule, Body("limit_reset", Text, "Type of limit reset for the API key"))); // OpenRouter
        Assert.Null(Role(rule, Body("character_refresh_period", Text))); // ElevenLabs
        Assert.Null(Role(rule, Body("resets_in_seconds", Int)));
    }

    [Fact]
    public void PlanByName_takes_text_and_headers_named_plan_but_not_plan_limits_or_dates()
    {
        var rule = new PlanByName();
        Assert.Equal(FieldRole.Plan, Role(rule, Body("plan_name", Text)));
        Assert.Equal(FieldRole.Plan, Role(rule, Body("tier", Named("Tier"), isEnum: true)));
        Assert.Equal(FieldRole.Plan, Role(rule, Header("X-Plan-Tier")));
        Assert.Null(Role(rule, Body("plan_limit", Text)));
        Assert.Null(Role(rule, Body("plan_usage", Text)));
        Assert.Null(Role(rule, Body("plan", Int)));
        Assert.Null(Role(rule, Body("renewal_subscription_date", Text))); // ScrapingBee: a date
        Assert.Null(Role(rule, Body("subscription_status", Text)));
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
    public void OnlyNumbersAreFigures_stops_everything_else_but_numbers_sent_as_text()
    {
        var rule = new OnlyNumbersAreFigures();
        Assert.Equal(FieldRole.None, Role(rule, Body("limit", Flag)));
        Assert.Equal(FieldRole.None, Role(rule, Body("name", Text)));
        Assert.Equal(FieldRole.None, Role(rule, Body("limitInterval", Text))); // Etherscan's "daily"
        Assert.Equal(FieldRole.None, Role(rule, Body("usage_unit", Text))); // Twilio
        Assert.Null(Role(rule, Body("used", Int)));
        Assert.Null(Role(rule, Body("used", Number)));
        // Numbers sent as strings: ZeroBounce's Credits, Twilio's balance, DeepSeek's total_balance.
        Assert.Null(Role(rule, Body("Credits", Text)));
        Assert.Null(Role(rule, Body("balance", Text)));
        Assert.Null(Role(rule, Body("balance_infos.total_balance", Text)));
    }

    [Fact]
    public void CostIsNoFigure_stops_costs_prices_and_what_this_call_used()
    {
        var rule = new CostIsNoFigure();
        Assert.Equal(FieldRole.None, Role(rule, Header("X-Credit-Cost", Int)));
        Assert.Equal(FieldRole.None, Role(rule, Body("price_per_call", Number)));
        Assert.Equal(FieldRole.None, Role(rule, Body("next_invoice.amount_due_cents", Int))); // ElevenLabs
        Assert.Equal(FieldRole.None, Role(rule, Body("status.credit_count", Int, "Number of API call credits that were used for this call."))); // CoinMarketCap
        Assert.Null(Role(rule, Body("credits_used", Int, "Total credits used for this plan during the current billing period"))); // Tavily
    }

    [Fact]
    public void LifetimeIsNoFigure_stops_lifetime_sums_and_failures()
    {
        var rule = new LifetimeIsNoFigure();
        Assert.Equal(FieldRole.None, Role(rule, Body("money.total", Number, "total amount of money deposited to your account"))); // DataForSEO
        Assert.Equal(FieldRole.None, Role(rule, Body("total_credits", Number, "Total credits purchased")));
        Assert.Equal(FieldRole.None, Role(rule, Body("failedRequestCount", Int))); // ScraperAPI
        Assert.Null(Role(rule, Body("money.balance", Number, "amount of money left in your account")));
    }

    [Fact]
    public void PageSizeIsNoFigure_stops_page_sizes_and_request_settings()
    {
        var rule = new PageSizeIsNoFigure();
        Assert.Equal(FieldRole.None, Role(rule, Body("meta.limit", Int, siblings: new[] { "results", "offset" }))); // a search's paging
        Assert.Equal(FieldRole.None, Role(rule, Body("max_output_tokens", Int))); // an AI response's setting
        Assert.Equal(FieldRole.None, Role(rule, Body("limits.dataRetentionDays", Int))); // Apify
        Assert.Null(Role(rule, Body("limit", Int, siblings: new[] { "used", "remaining" })));
    }

    [Fact]
    public void ObjectCountIsNoFigure_stops_counts_of_things_not_of_units()
    {
        var rule = new ObjectCountIsNoFigure();
        Assert.Equal(FieldRole.None, Role(rule, Body("current.actorCount", Int))); // Apify
        Assert.Equal(FieldRole.None, Role(rule, Body("limits.maxActorCount", Int)));
        Assert.Equal(FieldRole.None, Role(rule, Body("tasks_count", Int))); // DataForSEO
        Assert.Null(Role(rule, Body("character_count", Int))); // DeepL: a count of characters
        Assert.Null(Role(rule, Body("requestCount", Int))); // ScraperAPI
    }

    [Fact]
    public void RateByName_takes_rpm_and_per_minute_limits_but_not_counts_in_the_minute()
    {
        var rule = new RateByName();
        Assert.Equal(FieldRole.Rpm, Role(rule, Body("rpm", Int)));
        Assert.Equal(FieldRole.Rpm, Role(rule, Body("requests_per_minute", Int)));
        Assert.Equal(FieldRole.Rpm, Role(rule, Body("plan.rate_limit_minute", Int))); // CoinMarketCap
        Assert.Null(Role(rule, Body("remaining_per_minute", Int)));
        Assert.Null(Role(rule, Body("requests_per_hour", Int)));
        Assert.Null(Role(rule, Body("calls_made.minute", Int))); // CryptoCompare: a count
        Assert.Null(Role(rule, Body("current_minute.requests_made", Int)));
    }

    [Fact]
    public void MaxIsLimit_takes_names_that_start_with_max()
    {
        var rule = new MaxIsLimit();
        Assert.Equal(FieldRole.Limit, Role(rule, Body("limits.maxMonthlyUsageUsd", Number))); // Apify: not the usage
        Assert.Equal(FieldRole.Limit, Role(rule, Body("max_api_credit", Int))); // ScrapingBee
        Assert.Null(Role(rule, Body("max", Int)));
        Assert.Null(Role(rule, Body("used_max", Int)));
    }

    [Fact]
    public void RoleByHeadWord_takes_the_role_of_the_last_role_word()
    {
        var rule = new RoleByHeadWord();
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("remaining_credits", Int)));
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("callsLeft", Int)));
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("balance", Number)));
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("limit_remaining", Number))); // OpenRouter
        Assert.Equal(FieldRole.Used, Role(rule, Body("credits_used", Int)));
        Assert.Equal(FieldRole.Used, Role(rule, Body("requests_made", Int))); // CoinMarketCap
        Assert.Equal(FieldRole.Limit, Role(rule, Body("usage_limit", Int)));
        Assert.Equal(FieldRole.Limit, Role(rule, Body("monthly_quota", Int)));
        Assert.Null(Role(rule, Body("count", Int)));
    }

    [Fact]
    public void PerWindowIsLimit_takes_a_count_per_window()
    {
        var rule = new PerWindowIsLimit();
        Assert.True(rule.TryMatch(Body("searches_per_month", Int, "Your plan's monthly limit."), out var m)); // SerpApi
        Assert.Equal((FieldRole.Limit, "month"), (m.Role, m.Window));
        Assert.Null(Role(rule, Body("requests_per_key", Int)));
    }

    [Fact]
    public void CountOfUnitIsUsed_takes_counts_of_characters_and_requests()
    {
        var rule = new CountOfUnitIsUsed();
        Assert.Equal(FieldRole.Used, Role(rule, Body("character_count", Int))); // DeepL, ElevenLabs
        Assert.Equal(FieldRole.Used, Role(rule, Body("requestCount", Int))); // ScraperAPI
        Assert.Null(Role(rule, Body("seat_count", Int)));
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
    public void TotalBesideUsedIsLimit_takes_a_bare_total_next_to_used_or_remaining()
    {
        var rule = new TotalBesideUsedIsLimit();
        Assert.Equal(FieldRole.Limit, Role(rule, Body("total", Int, siblings: new[] { "remain", "used", "overage" }))); // SendGrid
        Assert.Equal(FieldRole.Limit, Role(rule, Body("totalCredits", Number, siblings: new[] { "usedCredits", "remainingCredits" }))); // CoinStats
        Assert.Null(Role(rule, Body("total", Int, siblings: new[] { "status_valid", "status_invalid" }))); // ZeroBounce's report
    }

    [Fact]
    public void ParentRole_takes_the_role_its_parent_names()
    {
        var rule = new ParentRole();
        Assert.True(rule.TryMatch(Body("Data.calls_made.month", Int), out var made)); // CryptoCompare
        Assert.Equal((FieldRole.Used, "month"), (made.Role, made.Window));
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("Data.calls_left.second", Int)));
        Assert.Equal(FieldRole.Limit, Role(rule, Body("usage_limits.query_credits", Int))); // Shodan
        Assert.Equal(FieldRole.Used, Role(rule, Body("data.current.monthlyProxySerps", Int))); // Apify
        Assert.Null(Role(rule, Body("data.requests.day", Int)));
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
        // Beside a limit of its object it is that window's usage (IPinfo's requests.month).
        Assert.True(rule.TryMatch(Body("requests.month", Int, siblings: new[] { "day", "limit", "remaining" }), out var usage));
        Assert.Equal((FieldRole.Used, "month"), (usage.Role, usage.Window));
    }

    [Fact]
    public void CurrentCountIsUsed_takes_a_count_in_the_current_window()
    {
        var rule = new CurrentCountIsUsed();
        Assert.Equal(FieldRole.Used, Role(rule, Body("current_total_monthly_calls", Int)));
        Assert.Equal(FieldRole.Used, Role(rule, Body("this_hour_searches", Int))); // SerpApi
        Assert.Equal(FieldRole.Used, Role(rule, Body("concurrentRequests", Int))); // ScraperAPI
        Assert.Equal(FieldRole.Used, Role(rule, Body("current_concurrency", Int))); // ScrapingBee
        Assert.Null(Role(rule, Body("last_hour_searches", Int)));
        Assert.Null(Role(rule, Body("monthly_call_credit", Int))); // CoinGecko: credits are left to the credits rule
        Assert.Null(Role(rule, Body("current_period", Int)));
    }

    [Fact]
    public void CreditsByDescription_reads_the_description_else_leaves_the_slot_to_the_quota()
    {
        var rule = new CreditsByDescription();
        Assert.Equal(FieldRole.Limit, Role(rule, Body("credits", Int, "Total credits in the plan")));
        Assert.Equal(FieldRole.Remaining, Role(rule, Body("credits", Number, "The balance of the account/organization associated with the API key"))); // Stability
        Assert.Equal(FieldRole.Used, Role(rule, Body("credits", Int, "Credits consumed so far")));
        Assert.Equal(FieldRole.Credits, Role(rule, Body("monthly_credits", Int)));
        Assert.Equal(FieldRole.Credits, Role(rule, Body("query_credits", Int))); // Shodan
        Assert.Null(Role(rule, Body("calls", Int, "Calls remaining")));
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
