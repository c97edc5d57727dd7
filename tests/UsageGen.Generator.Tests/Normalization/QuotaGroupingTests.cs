using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Normalization;
using Xunit;
using static UsageGen.Generator.Tests.Normalization.Hand;

namespace UsageGen.Generator.Tests.Normalization;

/// <summary>
/// How figures become quotas and which quota is the main one, each on a hand-built model shaped like the real
/// provider it comes from (named in each test). The whole stage runs: operation, fields, grouping, choice.
/// </summary>
public class QuotaGroupingTests
{
    private static UsageMapping Map(params TypeModel[] types) =>
        UsageNormalizer.Normalize(Provider(types, Get("/usage", "GetUsage", Named(types[0].Name))), System.Array.Empty<OperationOverride>()).Mapping!;

    private static (string? Used, string? Limit, string? Remaining, string? Reset) MainOf(UsageMapping u) =>
        (u.Quotas[0].Used?.Display, u.Quotas[0].Limit?.Display, u.Quotas[0].Remaining?.Display, u.Quotas[0].ResetsAt?.Display);

    [Fact]
    public void Figures_of_one_quota_come_from_one_window_and_the_billing_window_is_the_main_quota()
    {
        // CoinMarketCap: plan.credit_limit_{daily,monthly}, plan.rate_limit_minute, usage.current_{minute,day,month}.
        var u = Map(
            Object("Body", Prop("data", Named("Data"))),
            Object("Data", Prop("plan", Named("Plan")), Prop("usage", Named("Usage"))),
            Object("Plan", Prop("credit_limit_daily", Int), Prop("credit_limit_monthly", Int),
                Prop("credit_limit_monthly_reset", Text, "A human readable countdown of when the monthly credit limit will reset."),
                Prop("credit_limit_monthly_reset_timestamp", Date), Prop("rate_limit_minute", Int)),
            Object("Usage", Prop("current_minute", Named("Minute")), Prop("current_day", Named("Day")), Prop("current_month", Named("Month"))),
            Object("Minute", Prop("requests_made", Int), Prop("requests_left", Int)),
            Object("Day", Prop("credits_used", Int)),
            Object("Month", Prop("credits_used", Int), Prop("credits_left", Int)));
        Assert.Equal(("data.usage.current_month.credits_used", "data.plan.credit_limit_monthly", "data.usage.current_month.credits_left",
            "data.plan.credit_limit_monthly_reset_timestamp"), MainOf(u));
        Assert.Equal("month", u.Quotas[0].Window);
        Assert.Equal("data.plan.rate_limit_minute", u.RequestsPerMinute!.Display);
        // The day and the minute stay quotas of their own window.
        var day = u.Quotas.Single(q => q.Window == "day");
        Assert.Equal(("data.usage.current_day.credits_used", "data.plan.credit_limit_daily"), (day.Used!.Display, day.Limit!.Display));
        var minute = u.Quotas.Single(q => q.Window == "minute");
        Assert.Equal(("data.usage.current_minute.requests_made", "data.usage.current_minute.requests_left"), (minute.Used!.Display, minute.Remaining!.Display));
    }

    [Fact]
    public void Of_equal_quotas_the_monthly_one_is_main_and_the_others_keep_their_window()
    {
        // VirusTotal: api_requests_{hourly,daily,monthly}.user.{allowed,used}; intelligence_* are other products.
        var windows = new[] { "api_requests_hourly", "api_requests_daily", "api_requests_monthly", "intelligence_searches_monthly" };
        var u = Map(new[]
            {
                Object("Body", Prop("data", Named("Quotas"))),
                Object("Quotas", windows.Select(w => Prop(w, Named("Scopes"))).ToArray()),
                Object("Scopes", Prop("user", Named("Quota"))),
                Object("Quota", Prop("allowed", Int, "maximum allowed quota."), Prop("used", Int, "consumed quota.")),
            });
        Assert.Equal(("data.api_requests_monthly.user.used", "data.api_requests_monthly.user.allowed", null, null), MainOf(u));
        Assert.Contains(u.Quotas, q => q.Window == "hour" && q.Limit!.Display == "data.api_requests_hourly.user.allowed");
        Assert.Null(u.RequestsPerMinute); // an hourly allowance is not a per-minute rate
    }

    [Fact]
    public void Siblings_sharing_a_stem_pair_up()
    {
        // DeepL and ElevenLabs: character_count (used) beside character_limit; the key-level pair is a quota of its own.
        var u = Map(Object("Usage",
            Prop("character_count", Int, "Characters translated so far in the current billing period."),
            Prop("character_limit", Int, "Current maximum number of characters that can be translated per billing period."),
            Prop("api_key_character_count", Int), Prop("api_key_character_limit", Int),
            Prop("start_time", Instant, "Start time of the current billing period."),
            Prop("end_time", Instant, "End time of the current billing period.")));
        Assert.Equal(("character_count", "character_limit", null, "end_time"), MainOf(u));
        Assert.Equal("characters", u.Quotas[0].Unit);
        var key = u.Quotas.Single(q => q.Scope == QuotaScopeModel.ApiKey);
        Assert.Equal(("api_key_character_count", "api_key_character_limit"), (key.Used!.Display, key.Limit!.Display));
    }

    [Fact]
    public void A_figure_with_no_window_joins_the_billing_window_quota_of_its_stem()
    {
        // ElevenLabs: character_count says no window, character_limit "in the current billing period"; the Unix reset joins them.
        var u = Map(Object("Sub",
            Prop("character_count", Int, "The number of characters used by the user."),
            Prop("character_limit", Int, "The maximum number of characters allowed in the current billing period."),
            Prop("next_character_count_reset_unix", Int, "The Unix timestamp of the next character count reset.")));
        Assert.Equal(("character_count", "character_limit", null, "next_character_count_reset_unix"), MainOf(u));
        Assert.Equal(FigureConversion.UnixSeconds, u.ResetsAt!.Conversion);
        Assert.Single(u.Quotas);
    }

    [Fact]
    public void A_figure_with_no_window_never_joins_a_rate_window()
    {
        // SerpApi: total_searches_left (with extra credits) stays apart from the hour's throughput limit.
        var u = Map(Object("Account",
            Prop("plan_name", Text), Prop("plan_renewal_date", Date, "Your plan's next renewal date."),
            Prop("searches_per_month", Int, "Your plan's monthly limit."), Prop("plan_searches_left", Int, "Your plan's monthly searches left."),
            Prop("extra_credits", Int), Prop("total_searches_left", Int), Prop("this_month_usage", Int, "The number of searches you made in this month."),
            Prop("this_hour_searches", Int), Prop("last_hour_searches", Int), Prop("account_rate_limit_per_hour", Int, "Your account's hourly throughput limit.")));
        Assert.Equal(("this_month_usage", "searches_per_month", "plan_searches_left", "plan_renewal_date"), MainOf(u));
        var hour = u.Quotas.Single(q => q.Window == "hour");
        Assert.Equal(("this_hour_searches", "account_rate_limit_per_hour", null), (hour.Used!.Display, hour.Limit!.Display, hour.Remaining?.Display));
        Assert.Equal("plan_name", u.Plan!.Display);
        Assert.Null(u.RequestsPerMinute);
    }

    [Fact]
    public void Objects_with_the_same_stem_in_different_places_pair_up()
    {
        // CryptoCompare: calls_made.month with calls_left.month; Shodan: query_credits with usage_limits.query_credits.
        var cc = Map(
            Object("Body", Prop("Data", Named("Data"))),
            Object("Data", Prop("calls_made", Named("Made")), Prop("calls_left", Named("Left"))),
            Object("Made", Prop("minute", Int), Prop("day", Int), Prop("month", Int), Prop("total_calls", Int)),
            Object("Left", Prop("minute", Int), Prop("day", Int), Prop("month", Int)));
        Assert.Equal(("Data.calls_made.month", null, "Data.calls_left.month", null), MainOf(cc));
        Assert.Null(cc.RequestsPerMinute); // a count in the minute is not the rate

        var shodan = Map(
            Object("Info", Prop("scan_credits", Int), Prop("usage_limits", Named("Limits")), Prop("plan", Text), Prop("query_credits", Int), Prop("monitored_ips", Int)),
            Object("Limits", Prop("scan_credits", Int), Prop("query_credits", Int), Prop("monitored_ips", Int)));
        Assert.Equal((null, "usage_limits.query_credits", "query_credits", null), MainOf(shodan));
        Assert.Contains(shodan.Quotas, q => q.Limit?.Display == "usage_limits.scan_credits" && q.Remaining?.Display == "scan_credits");
    }

    [Fact]
    public void A_bare_credit_count_takes_the_slot_its_quota_leaves_free()
    {
        // CoinGecko: monthly_call_credit beside used and remaining is the limit; Firecrawl: planCredits beside remainingCredits.
        var cg = Map(Object("Key", Prop("monthly_call_credit", Number), Prop("current_total_monthly_calls", Number), Prop("current_remaining_monthly_calls", Number)));
        Assert.Equal(("current_total_monthly_calls", "monthly_call_credit", "current_remaining_monthly_calls", null), MainOf(cg));
        var fc = Map(Object("Body", Prop("data", Named("Data"))),
            Object("Data", Prop("remainingCredits", Number, "Number of credits remaining for the team"),
                Prop("planCredits", Number, "Number of credits in the plan. This does not include coupon credits."),
                Prop("billingPeriodStart", Instant), Prop("billingPeriodEnd", Instant, "End date of the current billing period.")));
        Assert.Equal((null, "data.planCredits", "data.remainingCredits", "data.billingPeriodEnd"), MainOf(fc));
        Assert.Single(fc.Quotas);
        // Alone, a credit count is the balance left.
        var alone = Map(Object("Balance", Prop("credits", Number)));
        Assert.Equal((null, null, "credits", null), MainOf(alone));
    }

    [Fact]
    public void A_bare_available_beside_used_is_the_allotment_and_the_billing_unit_wins()
    {
        // Hunter: requests.{searches,verifications,credits}.{used,available}; calls is deprecated; reset_date alone goes to the main quota.
        var u = Map(
            Object("Body", Prop("data", Named("Data"))),
            Object("Data", Prop("plan_name", Text), Prop("reset_date", Date), Prop("calls", Named("Calls"), "Deprecated. Sums the searches and the verifications."),
                Prop("requests", Named("Requests"))),
            Object("Calls", Prop("used", Int), Prop("available", Int)),
            Object("Requests", Prop("searches", Named("Counter")), Prop("verifications", Named("Counter")), Prop("credits", Named("Counter"))),
            Object("Counter", Prop("used", Number), Prop("available", Number)));
        Assert.Equal(("data.requests.credits.used", "data.requests.credits.available", null, "data.reset_date"), MainOf(u));
        // With a limit beside it, available is what is left (Etherscan's creditsAvailable).
        var e = Map(Object("R", Prop("creditsUsed", Int), Prop("creditsAvailable", Int), Prop("creditLimit", Int)));
        Assert.Equal(("creditsUsed", "creditLimit", "creditsAvailable", null), MainOf(e));
    }

    [Fact]
    public void Costs_counts_of_things_and_capacity_are_never_quota_figures()
    {
        // Apify: limits.max*, current.*: the monthly USD pair is main; counts of actors are nothing; the cycle end resets it.
        var u = Map(
            Object("Body", Prop("data", Named("Data"))),
            Object("Data", Prop("monthlyUsageCycle", Named("Cycle")), Prop("limits", Named("Limits")), Prop("current", Named("Current"))),
            Object("Cycle", Prop("startAt", Instant), Prop("endAt", Instant)),
            Object("Limits", Prop("maxMonthlyUsageUsd", Number), Prop("maxMonthlyActorComputeUnits", Number), Prop("maxActorCount", Int), Prop("dataRetentionDays", Int)),
            Object("Current", Prop("monthlyUsageUsd", Number), Prop("monthlyActorComputeUnits", Number), Prop("actorCount", Int)));
        Assert.Equal(("data.current.monthlyUsageUsd", "data.limits.maxMonthlyUsageUsd", null, "data.monthlyUsageCycle.endAt"), MainOf(u));
        Assert.Equal("USD", u.Quotas[0].Unit);
        Assert.DoesNotContain(u.Quotas, q => new[] { q.Used, q.Limit, q.Remaining }.Any(f => f?.Display.Contains("Actor" + "Count") == true || f?.Display.Contains("actorCount") == true));
        // CoinMarketCap's status.credit_count is what this call cost.
        var cmc = Map(Object("Body", Prop("data", Named("D")), Prop("status", Named("S"))), Object("D", Prop("credits_used", Int), Prop("credit_limit", Int)),
            Object("S", Prop("credit_count", Int, "Number of API call credits that were used for this call.")));
        Assert.Single(cmc.Quotas);
    }

    [Fact]
    public void Response_headers_are_a_rate_not_the_billing_quota_when_the_body_has_one()
    {
        // DataForSEO: a prepaid balance in the body, the per-minute rate limit in headers.
        var t = Object("User", Prop("balance", Number, "amount of money left in your account"), Prop("total", Number, "total amount of money deposited to your account"));
        var op = Get("/user_data", "UserData", Named("User"),
            new HeaderModel("X-RateLimit-Limit", "RateLimitLimit", Int, "the rate limit ceiling per minute for the given endpoint", null),
            new HeaderModel("X-RateLimit-Remaining", "RateLimitRemaining", Int, "the number of requests remaining in the current rate limit window", null));
        var u = UsageNormalizer.Normalize(Provider(new[] { t }, op with { Summary = "User data", Description = "your API usage and spending" }), System.Array.Empty<OperationOverride>()).Mapping!;
        Assert.Equal((null, null, "balance", null), MainOf(u));
        Assert.Equal("header X-RateLimit-Limit", u.RequestsPerMinute!.Display);
    }

    [Fact]
    public void A_per_minute_quota_alone_is_the_main_quota_and_its_limit_the_rate()
    {
        // Twelve Data: "API credits reset every minute".
        var u = Map(Object("ApiUsage", Prop("timestamp", Text, "Current timestamp in UTC timezone"),
            Prop("current_usage", Int, "Number of requests made in last minute"),
            Prop("plan_limit", Int, "Your personal API limit (requests/minute) depending on the plan"), Prop("plan_category", Text)));
        Assert.Equal(("current_usage", "plan_limit", null, null), MainOf(u));
        Assert.Equal("plan_limit", u.RequestsPerMinute!.Display);
        Assert.Null(u.ResetsAt); // the reading's timestamp is no reset
    }

    [Fact]
    public void Headers_of_rate_limits_pair_with_nothing_in_the_body_that_clashes()
    {
        // GitHub: the body's rate object is main, the resources are per-category quotas, headers repeat the core figures.
        var limit = Object("RateLimit", Prop("limit", Int), Prop("used", Int), Prop("remaining", Int), Prop("reset", Int));
        var op = Get("/rate_limit", "RateLimit", Named("Overview"), ResponseHeader("X-RateLimit-Limit", Int), ResponseHeader("X-RateLimit-Remaining", Int));
        var u = UsageNormalizer.Normalize(Provider(new[]
        {
            Object("Overview", Prop("resources", Named("Resources")), Prop("rate", Named("RateLimit"))),
            Object("Resources", Prop("core", Named("RateLimit")), Prop("search", Named("RateLimit"))), limit,
        }, op), System.Array.Empty<OperationOverride>()).Mapping!;
        Assert.Equal(("rate.used", "rate.limit", "rate.remaining", "rate.reset"), MainOf(u));
        Assert.Contains(u.Quotas, q => q.Name == "resources_search" && q.Scope == QuotaScopeModel.Other);
    }
}
