using System;
using UsageGen;
using Xunit;

namespace UsageGen.Tests;

public class UsageQuotaTests
{
    [Fact]
    public void Remaining_is_derived_from_limit_and_used()
    {
        var q = UsageQuota.Create("account", QuotaScope.Account, used: 30, limit: 100, remaining: null);
        Assert.Equal(70m, q.Remaining);
        Assert.Equal(30m, q.Used);
        Assert.Equal(100m, q.Limit);
        Assert.Equal(DerivedFigures.Remaining, q.Derived);
    }

    [Fact]
    public void Used_is_derived_from_limit_and_remaining()
    {
        var q = UsageQuota.Create("key", QuotaScope.ApiKey, used: null, limit: 1000, remaining: 250.5m);
        Assert.Equal(749.5m, q.Used);
        Assert.Equal(DerivedFigures.Used, q.Derived);
    }

    [Fact]
    public void Limit_is_derived_from_used_and_remaining()
    {
        var q = UsageQuota.Create("plan", QuotaScope.Plan, used: 40, limit: null, remaining: 60);
        Assert.Equal(100m, q.Limit);
        Assert.Equal(DerivedFigures.Limit, q.Derived);
    }

    [Fact]
    public void All_three_reported_derives_nothing_even_when_inconsistent()
    {
        var q = UsageQuota.Create("account", QuotaScope.Account, used: 10, limit: 100, remaining: 50);
        Assert.Equal(DerivedFigures.None, q.Derived);
        Assert.Equal(10m, q.Used);
        Assert.Equal(100m, q.Limit);
        Assert.Equal(50m, q.Remaining);
    }

    [Fact]
    public void One_figure_alone_derives_nothing()
    {
        var q = UsageQuota.Create("account", QuotaScope.Account, used: 10, limit: null, remaining: null);
        Assert.Equal(DerivedFigures.None, q.Derived);
        Assert.Null(q.Limit);
        Assert.Null(q.Remaining);
        Assert.False(q.IsEmpty);
    }

    [Fact]
    public void Overuse_gives_a_negative_derived_remaining()
    {
        var q = UsageQuota.Create("account", QuotaScope.Account, used: 120, limit: 100, remaining: null);
        Assert.Equal(-20m, q.Remaining);
        Assert.Equal(DerivedFigures.Remaining, q.Derived);
    }

    [Fact]
    public void Unlimited_gets_no_derived_figures_and_a_null_limit()
    {
        var q = UsageQuota.Create("account", QuotaScope.Account, used: 5, limit: 100, remaining: null, isUnlimited: true);
        Assert.True(q.IsUnlimited);
        Assert.Null(q.Limit);
        Assert.Null(q.Remaining);
        Assert.Equal(5m, q.Used);
        Assert.Equal(DerivedFigures.None, q.Derived);

        var q2 = UsageQuota.Create("account", QuotaScope.Account, used: 5, limit: null, remaining: 7, isUnlimited: true);
        Assert.Null(q2.Limit);
        Assert.Equal(DerivedFigures.None, q2.Derived);
    }

    [Fact]
    public void Nothing_reported_is_empty()
    {
        Assert.True(UsageQuota.Create("x", QuotaScope.Other, null, null, null).IsEmpty);
        Assert.False(UsageQuota.Create("x", QuotaScope.Other, null, null, null, isUnlimited: true).IsEmpty);
        Assert.False(UsageQuota.Create("x", QuotaScope.Other, null, null, null, requestsPerMinute: 60).IsEmpty);
    }

    [Fact]
    public void Reset_instant_is_normalized_to_utc()
    {
        var q = UsageQuota.Create("x", QuotaScope.Account, 1, 2, null, resetsAt: new DateTimeOffset(2026, 4, 1, 2, 0, 0, TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.Zero, q.ResetsAt!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), q.ResetsAt);
    }

    [Fact]
    public void Other_arguments_are_kept()
    {
        var q = UsageQuota.Create("paygo", QuotaScope.PayAsYouGo, 1, 2, 1, unit: "credits", window: "month", requestsPerMinute: 100, source: "used=a.b");
        Assert.Equal("paygo", q.Name);
        Assert.Equal(QuotaScope.PayAsYouGo, q.Scope);
        Assert.Equal("credits", q.Unit);
        Assert.Equal("month", q.Window);
        Assert.Equal(100m, q.RequestsPerMinute);
        Assert.Equal("used=a.b", q.Source);
        Assert.Equal("paygo: 1/2", q.ToString());
    }

    // ---- UsageSnapshot -------------------------------------------------------------------------------------------

    private static UsageSnapshot Snapshot(params UsageQuota[] quotas) => new() { Provider = "Test", Plan = "Pro", Quotas = quotas };

    [Fact]
    public void PercentUsed_from_used_and_limit()
    {
        Assert.Equal(12.5m, Snapshot(UsageQuota.Create("a", QuotaScope.Account, 25, 200, null)).PercentUsed);
    }

    [Fact]
    public void PercentUsed_is_rounded_to_two_places()
    {
        Assert.Equal(33.33m, Snapshot(UsageQuota.Create("a", QuotaScope.Account, 1, 3, null)).PercentUsed);
        Assert.Equal(66.67m, Snapshot(UsageQuota.Create("a", QuotaScope.Account, 2, 3, null)).PercentUsed);
    }

    [Fact]
    public void PercentUsed_from_remaining_when_used_is_missing()
    {
        var quota = new UsageQuota { Name = "a", Limit = 400, Remaining = 100 };
        Assert.Equal(75m, Snapshot(quota).PercentUsed);
    }

    [Fact]
    public void PercentUsed_can_exceed_100()
    {
        Assert.Equal(150m, Snapshot(UsageQuota.Create("a", QuotaScope.Account, 150, 100, null)).PercentUsed);
    }

    [Fact]
    public void PercentUsed_is_null_when_it_cannot_be_told()
    {
        Assert.Null(Snapshot().PercentUsed);
        Assert.Null(Snapshot(UsageQuota.Create("a", QuotaScope.Account, 5, null, null, isUnlimited: true)).PercentUsed);
        Assert.Null(Snapshot(UsageQuota.Create("a", QuotaScope.Account, 5, 0, null)).PercentUsed);
        Assert.Null(Snapshot(UsageQuota.Create("a", QuotaScope.Account, 5, null, null)).PercentUsed);
        Assert.Null(Snapshot(UsageQuota.Create("a", QuotaScope.Account, null, 100, null)).PercentUsed);
    }

    [Fact]
    public void PercentUsed_uses_the_main_quota_only()
    {
        var s = Snapshot(UsageQuota.Create("main", QuotaScope.Account, 10, 100, null), UsageQuota.Create("other", QuotaScope.ApiKey, 90, 100, null));
        Assert.Equal(10m, s.PercentUsed);
        Assert.Equal("main", s.MainQuota!.Name);
    }

    [Fact]
    public void Snapshot_credit_figures_come_from_the_main_quota()
    {
        var s = Snapshot(UsageQuota.Create("main", QuotaScope.Account, 10, 100, null, unit: "credits", window: "month"));
        Assert.Equal(10m, s.CreditsUsed);
        Assert.Equal(100m, s.CreditsLimit);
        Assert.Equal(90m, s.CreditsRemaining);
        Assert.Equal("credits", s.Unit);
        Assert.Equal("month", s.Window);
        Assert.False(s.IsUnlimited);
        Assert.Equal("Test [Pro] 10/100 credits", s.ToString());
    }

    [Fact]
    public void Snapshot_unlimited()
    {
        var s = Snapshot(UsageQuota.Create("main", QuotaScope.Account, 10, null, null, isUnlimited: true));
        Assert.True(s.IsUnlimited);
        Assert.Null(s.CreditsLimit);
        Assert.Equal("Test [Pro] 10/unlimited ", s.ToString());
    }

    [Fact]
    public void Snapshot_keeps_its_raw_response()
    {
        var raw = new { used = 1 };
        UsageSnapshot s = new UsageSnapshot<object> { Provider = "Test", Raw = raw };
        Assert.Same(raw, s.RawResponse);
        Assert.Null(new UsageSnapshot().RawResponse);
    }

    [Fact]
    public void RateLimitStatus_requests_per_minute_needs_limit_and_window()
    {
        Assert.Equal(100m, new RateLimitStatus { Limit = 100, Window = TimeSpan.FromMinutes(1) }.RequestsPerMinute);
        Assert.Equal(1.6667m, new RateLimitStatus { Limit = 100, Window = TimeSpan.FromHours(1) }.RequestsPerMinute);
        Assert.Null(new RateLimitStatus { Limit = 100 }.RequestsPerMinute);
        Assert.Null(new RateLimitStatus { Window = TimeSpan.FromMinutes(1) }.RequestsPerMinute);
        Assert.Null(new RateLimitStatus { Limit = 100, Window = TimeSpan.Zero }.RequestsPerMinute);
    }
}
