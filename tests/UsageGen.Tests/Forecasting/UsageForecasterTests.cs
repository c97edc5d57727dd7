using System;
using System.Linq;
using UsageGen.Forecasting;
using Xunit;

namespace UsageGen.Tests.Forecasting;

/// <summary>Burn rate and forecasts at fixed instants; every expected value is worked out by hand in the comment beside it.</summary>
public class UsageForecasterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly QuotaKey Key = new("Acme", QuotaScope.Account, "account");

    private static QuotaObservation At(TimeSpan offset, decimal? used, decimal? limit = 1000, decimal? remaining = null,
        DateTimeOffset? resetsAt = null, bool unlimited = false) =>
        new(T0 + offset, used, limit, remaining ?? (used is { } u && limit is { } l ? l - u : null), resetsAt, unlimited);

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    private static void AssertRate(double expectedPerHour, QuotaForecast f) =>
        Assert.Equal(expectedPerHour, f.RatePerHour!.Value, 9);

    [Fact]
    public void Linear_use_gives_its_rate_and_the_instant_it_runs_out()
    {
        var forecaster = new UsageForecaster();
        var reset = T0 + TimeSpan.FromDays(10);
        forecaster.Observe(Key, At(H(0), 100, resetsAt: reset));
        forecaster.Observe(Key, At(H(1), 130, resetsAt: reset));
        forecaster.Observe(Key, At(H(2), 160, resetsAt: reset));

        var f = forecaster.Forecast(Key)!;
        AssertRate(30, f);                                   // 30 per hour
        Assert.Equal(T0 + H(30), f.ExhaustsAt);               // 840 left at 2 h, 28 h more at 30/h
        Assert.True(f.RunsOutBeforeReset);
        Assert.Equal(TimeSpan.FromDays(10) - H(30), f.MarginBeforeReset);
        Assert.Equal(H(28), f.TimeToExhaustion(T0 + H(2)));
        Assert.Equal("runs out in 28 hours, 8 days before the reset", f.Describe(T0 + H(2)));
        Assert.Equal(3, f.Observations);
        Assert.Equal(T0, f.WindowStart);
        Assert.Equal(1, f.Windows);
    }

    [Fact]
    public void The_issue_example_runs_out_in_6_days_9_days_before_the_reset()
    {
        // 1,000 a day, 6,000 left, the reset 15 days after the latest observation.
        var forecaster = new UsageForecaster();
        var reset = T0 + TimeSpan.FromDays(16);
        forecaster.Observe(Key, At(TimeSpan.Zero, 3000, limit: 10000, resetsAt: reset));
        forecaster.Observe(Key, At(TimeSpan.FromDays(1), 4000, limit: 10000, resetsAt: reset));

        var f = forecaster.Forecast(Key)!;
        Assert.Equal(1000, f.RatePerDay!.Value, 9);
        Assert.Equal(T0 + TimeSpan.FromDays(7), f.ExhaustsAt);
        Assert.Equal("runs out in 6 days, 9 days before the reset", f.Describe(T0 + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void The_rate_is_the_least_squares_slope_of_uneven_use()
    {
        // x = 0, 1, 2 h; y = 0, 10, 30: mean x 1, mean y 40/3, Sxx 2, Sxy 30, slope 15 per hour.
        var forecaster = new UsageForecaster();
        forecaster.Observe(Key, At(H(0), 0));
        forecaster.Observe(Key, At(H(1), 10));
        forecaster.Observe(Key, At(H(2), 30));
        var f = forecaster.Forecast(Key)!;
        AssertRate(15, f);
        Assert.Equal(T0 + H(2) + H(970.0 / 15), f.ExhaustsAt);   // 970 left from 2 h at 15/h
        Assert.Null(f.RunsOutBeforeReset);                        // no reset reported
        Assert.Equal("runs out in 2 days", f.Describe(T0 + H(2)));  // 64.7 h
    }

    [Fact]
    public void A_counter_that_drops_starts_a_new_window_instead_of_a_negative_rate()
    {
        var forecaster = new UsageForecaster();
        forecaster.Observe(Key, At(H(0), 500));
        forecaster.Observe(Key, At(H(1), 600));
        forecaster.Observe(Key, At(H(2), 700));
        forecaster.Observe(Key, At(H(3), 50));       // reset (or a correction)
        var afterDrop = forecaster.Forecast(Key)!;
        Assert.Null(afterDrop.RatePerSecond);         // one observation in the new window: no rate, never a negative one
        Assert.Null(afterDrop.ExhaustsAt);
        Assert.Equal(2, afterDrop.Windows);
        Assert.Equal(T0 + H(3), afterDrop.WindowStart);
        Assert.Equal("not enough observations for a rate yet", afterDrop.Describe(T0 + H(3)));

        forecaster.Observe(Key, At(H(4), 80));
        var f = forecaster.Forecast(Key)!;
        AssertRate(30, f);                            // 50 -> 80 in an hour; the old window's 100/h is gone
        Assert.Equal(2, f.Observations);
        Assert.Equal(T0 + H(4) + H(920.0 / 30), f.ExhaustsAt);
    }

    [Fact]
    public void A_correction_downwards_mid_window_starts_a_new_window_too()
    {
        var forecaster = new UsageForecaster();
        forecaster.Observe(Key, At(H(0), 100));
        forecaster.Observe(Key, At(H(1), 200));
        forecaster.Observe(Key, At(H(2), 199));   // the provider corrected itself by one
        forecaster.Observe(Key, At(H(3), 209));
        var f = forecaster.Forecast(Key)!;
        AssertRate(10, f);
        Assert.Equal(2, f.Windows);
        Assert.True(f.RatePerSecond > 0);
    }

    [Fact]
    public void A_passed_reset_that_moved_starts_a_new_window_even_when_the_counter_climbed_back()
    {
        var forecaster = new UsageForecaster();
        var firstReset = T0 + H(1);
        forecaster.Observe(Key, At(H(-1), 850, resetsAt: firstReset));
        forecaster.Observe(Key, At(H(0), 900, resetsAt: firstReset));
        // Two hours later, past the reset: the counter reads higher than before, in a new period.
        forecaster.Observe(Key, At(H(2), 950, resetsAt: firstReset + TimeSpan.FromDays(30)));
        var f = forecaster.Forecast(Key)!;
        Assert.Equal(2, f.Windows);
        Assert.Null(f.RatePerSecond);     // not (950 - 850) / 3 h
    }

    [Fact]
    public void A_stale_reset_time_that_never_moves_does_not_split_windows()
    {
        // Providers that replay a fixed reset time (a documented example) must still get a rate.
        var forecaster = new UsageForecaster();
        var stale = T0 - TimeSpan.FromDays(400);
        forecaster.Observe(Key, At(H(0), 100, resetsAt: stale));
        forecaster.Observe(Key, At(H(1), 120, resetsAt: stale));
        forecaster.Observe(Key, At(H(2), 140, resetsAt: stale));
        var f = forecaster.Forecast(Key)!;
        Assert.Equal(1, f.Windows);
        AssertRate(20, f);
        Assert.False(f.RunsOutBeforeReset);   // the reported reset is long past: the forecast lands after it
    }

    [Fact]
    public void An_unlimited_quota_never_runs_out()
    {
        var forecaster = new UsageForecaster();
        forecaster.Observe(Key, At(H(0), 100, limit: null, unlimited: true));
        forecaster.Observe(Key, At(H(1), 100000, limit: null, unlimited: true));
        var f = forecaster.Forecast(Key)!;
        Assert.True(f.IsUnlimited);
        AssertRate(99900, f);
        Assert.Null(f.ExhaustsAt);
        Assert.Null(f.TimeToExhaustion(T0 + H(1)));
        Assert.False(f.RunsOutBeforeReset);
        Assert.False(f.IsExhausted);
        Assert.Equal("unlimited: never runs out", f.Describe(T0 + H(1)));
    }

    [Fact]
    public void An_unlimited_quota_that_reports_a_remaining_figure_still_never_runs_out()
    {
        var forecaster = new UsageForecaster();
        forecaster.Observe(Key, new QuotaObservation(T0, 10, null, 0, null, isUnlimited: true));
        forecaster.Observe(Key, new QuotaObservation(T0 + H(1), 20, null, 0, null, isUnlimited: true));
        var f = forecaster.Forecast(Key)!;
        Assert.False(f.IsExhausted);
        Assert.Null(f.ExhaustsAt);
    }

    [Fact]
    public void No_use_never_runs_out()
    {
        var forecaster = new UsageForecaster();
        forecaster.Observe(Key, At(H(0), 400, resetsAt: T0 + TimeSpan.FromDays(3)));
        forecaster.Observe(Key, At(H(5), 400, resetsAt: T0 + TimeSpan.FromDays(3)));
        var f = forecaster.Forecast(Key)!;
        Assert.Equal(0, f.RatePerSecond);
        Assert.Null(f.ExhaustsAt);
        Assert.False(f.RunsOutBeforeReset);
        Assert.Equal("nothing used since 2026-03-01 00:00 UTC: does not run out at this rate", f.Describe(T0 + H(5)));
    }

    [Fact]
    public void A_quota_with_nothing_left_has_run_out_at_its_latest_observation()
    {
        var forecaster = new UsageForecaster();
        var reset = T0 + TimeSpan.FromDays(4);
        forecaster.Observe(Key, At(H(0), 990, resetsAt: reset));
        forecaster.Observe(Key, At(H(1), 1000, resetsAt: reset));
        var f = forecaster.Forecast(Key)!;
        Assert.True(f.IsExhausted);
        Assert.Equal(T0 + H(1), f.ExhaustsAt);
        Assert.Equal(TimeSpan.Zero, f.TimeToExhaustion(T0 + H(3)));
        Assert.True(f.RunsOutBeforeReset);
        Assert.Equal("has run out; resets in 3 days", f.Describe(T0 + H(1)));
    }

    [Fact]
    public void A_quota_that_reports_only_what_is_left_is_forecast_from_that()
    {
        var forecaster = new UsageForecaster();
        forecaster.Observe(Key, new QuotaObservation(T0, null, null, 1000));
        forecaster.Observe(Key, new QuotaObservation(T0 + H(1), null, null, 900));
        var f = forecaster.Forecast(Key)!;
        AssertRate(100, f);
        Assert.Equal(T0 + H(10), f.ExhaustsAt);   // 900 left at 100/h
    }

    [Fact]
    public void A_quota_with_no_limit_reported_has_a_rate_but_no_exhaustion()
    {
        var forecaster = new UsageForecaster();
        forecaster.Observe(Key, new QuotaObservation(T0, 10, null, null));
        forecaster.Observe(Key, new QuotaObservation(T0 + H(2), 30, null, null));
        var f = forecaster.Forecast(Key)!;
        AssertRate(10, f);
        Assert.Null(f.ExhaustsAt);
        Assert.Null(f.RunsOutBeforeReset);
        Assert.Equal("uses 10 per hour; what is left is not reported", f.Describe(T0 + H(2)));
    }

    [Fact]
    public void Use_that_lasts_past_the_reset_says_so()
    {
        // 10 per hour, 900 left: 90 hours; the reset is 87 hours after the latest observation.
        var forecaster = new UsageForecaster();
        var reset = T0 + H(88);
        forecaster.Observe(Key, At(H(0), 90, resetsAt: reset));
        forecaster.Observe(Key, At(H(1), 100, resetsAt: reset));
        var f = forecaster.Forecast(Key)!;
        Assert.Equal(T0 + H(91), f.ExhaustsAt);
        Assert.False(f.RunsOutBeforeReset);
        Assert.Equal(H(-3), f.MarginBeforeReset);
        Assert.Equal("lasts until the reset (at this rate it would run out 3 hours after it)", f.Describe(T0 + H(1)));
    }

    [Fact]
    public void Memory_is_bounded_and_the_rate_still_spans_the_whole_window()
    {
        var forecaster = new UsageForecaster(maxObservationsPerQuota: 8);
        for (var i = 0; i <= 1000; i++)
            forecaster.Observe(Key, At(TimeSpan.FromMinutes(i), 2 * i, limit: 100000));
        var f = forecaster.Forecast(Key)!;
        Assert.InRange(f.Observations, 2, 7);
        Assert.Equal(T0, f.WindowStart);                       // the first observation is never thinned away
        Assert.Equal(T0 + TimeSpan.FromMinutes(1000), f.ObservedAt);
        AssertRate(120, f);                                     // 2 a minute
        Assert.Equal(2000m, f.Used);
    }

    [Fact]
    public void An_older_observation_is_ignored_and_one_at_the_same_instant_replaces_the_latest()
    {
        var forecaster = new UsageForecaster();
        forecaster.Observe(Key, At(H(0), 100));
        forecaster.Observe(Key, At(H(2), 300));
        forecaster.Observe(Key, At(H(1), 5));       // out of order: ignored, not a drop
        Assert.Equal(1, forecaster.Forecast(Key)!.Windows);
        AssertRate(100, forecaster.Forecast(Key)!);

        forecaster.Observe(Key, At(H(2), 200));     // same instant: replaces 300
        var f = forecaster.Forecast(Key)!;
        Assert.Equal(200m, f.Used);
        Assert.Equal(2, f.Observations);
        AssertRate(50, f);
        Assert.Equal(1, f.Windows);
    }

    [Fact]
    public void A_snapshot_is_observed_quota_by_quota()
    {
        var forecaster = new UsageForecaster();
        UsageSnapshot Snapshot(decimal account, decimal key, TimeSpan at) => new()
        {
            Provider = "Tavily",
            ObservedAt = T0 + at,
            Quotas = new[]
            {
                UsageQuota.Create("account", QuotaScope.Account, account, 1000, null),
                UsageQuota.Create("key", QuotaScope.ApiKey, key, null, null, isUnlimited: true),
            },
        };
        forecaster.Observe(Snapshot(100, 5, H(0)));
        forecaster.Observe(Snapshot(160, 15, H(1)));
        forecaster.Observe(new UsageSnapshot { Provider = "Shoal", ObservedAt = T0, Quotas = new[] { UsageQuota.Create("budget", QuotaScope.Account, 1, 10, null) } });

        var all = forecaster.Forecasts();
        Assert.Equal(new[] { "Shoal/Account/budget", "Tavily/Account/account", "Tavily/ApiKey/key" }, all.Select(f => f.Key.ToString()));
        var tavily = forecaster.Forecasts("Tavily");
        Assert.Equal(2, tavily.Count);
        AssertRate(60, tavily[0]);
        Assert.True(tavily[1].IsUnlimited);

        // An explicit instant wins over the snapshot's own.
        forecaster.Observe(Snapshot(220, 25, H(1)), observedAt: T0 + H(2));
        AssertRate(60, forecaster.Forecast(new QuotaKey("Tavily", QuotaScope.Account, "account"))!);

        forecaster.Clear("Tavily");
        Assert.Single(forecaster.Forecasts());
        Assert.Null(forecaster.Forecast(new QuotaKey("Tavily", QuotaScope.Account, "account")));
    }

    [Fact]
    public void Identical_histories_give_identical_forecasts()
    {
        QuotaForecast Run()
        {
            var forecaster = new UsageForecaster(16);
            var rng = new Random(1234);
            decimal used = 0;
            for (var i = 0; i < 500; i++)
            {
                used += rng.Next(0, 7);
                forecaster.Observe(Key, At(TimeSpan.FromMinutes(5 * i), used, limit: 100000, resetsAt: T0 + TimeSpan.FromDays(30)));
            }
            return forecaster.Forecast(Key)!;
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.RatePerSecond, b.RatePerSecond);
        Assert.Equal(a.ExhaustsAt, b.ExhaustsAt);
        Assert.InRange(a.RatePerHour!.Value, 12 * 2.0, 12 * 4.0);   // mean 3 per 5 minutes = 36 per hour
    }

    [Theory]
    [InlineData(0, "0 seconds")]
    [InlineData(59, "59 seconds")]
    [InlineData(119, "119 seconds")]
    [InlineData(120, "2 minutes")]
    [InlineData(7199, "119 minutes")]
    [InlineData(7200, "2 hours")]
    [InlineData(172799, "47 hours")]
    [InlineData(172800, "2 days")]
    [InlineData(-172800, "2 days")]
    public void Durations_read_in_whole_units(int seconds, string expected) =>
        Assert.Equal(expected, QuotaForecast.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void The_bound_must_leave_room_for_a_rate() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new UsageForecaster(2));

    [Fact]
    public void Quota_keys_compare_by_provider_scope_and_name()
    {
        Assert.Equal(new QuotaKey("A", QuotaScope.ApiKey, "key"), QuotaKey.For("A", UsageQuota.Create("key", QuotaScope.ApiKey, 1, 2, null)));
        Assert.NotEqual(new QuotaKey("A", QuotaScope.ApiKey, "key"), new QuotaKey("a", QuotaScope.ApiKey, "key"));
        Assert.True(new QuotaKey("A", QuotaScope.Account, "z").CompareTo(new QuotaKey("A", QuotaScope.ApiKey, "a")) < 0);
    }
}
