using System;
using Xunit;

namespace UsageGen.Hosting.Tests;

public class PollScheduleTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(0, 0.0, 60)]      // success, lowest jitter draw with jitter 0: the interval
    [InlineData(1, 0.5, 60)]      // first failure: the interval
    [InlineData(2, 0.5, 120)]
    [InlineData(3, 0.5, 240)]
    [InlineData(7, 0.5, 3600)]    // 64 min capped at the hour
    [InlineData(1000, 0.5, 3600)] // no overflow
    public void Backoff_doubles_from_the_interval_up_to_the_cap(int failures, double random, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), PollSchedule.NextDelay(Minute, 0, TimeSpan.FromHours(1), failures, null, random));

    [Theory]
    [InlineData(0.0, 48)]
    [InlineData(0.5, 60)]
    [InlineData(0.999999, 71.999976)]  // 60 × (1 + 0.2 × 0.999998)
    public void Jitter_spreads_the_wait_symmetrically(double random, double seconds) =>
        Assert.Equal(seconds, PollSchedule.NextDelay(Minute, 0.2, TimeSpan.FromHours(1), 0, null, random).TotalSeconds, 6);

    [Fact]
    public void Retry_after_is_a_floor_never_a_ceiling()
    {
        Assert.Equal(TimeSpan.FromHours(2), PollSchedule.NextDelay(Minute, 0.1, TimeSpan.FromHours(1), 1, TimeSpan.FromHours(2), 1));
        Assert.Equal(Minute, PollSchedule.NextDelay(Minute, 0, TimeSpan.FromHours(1), 1, TimeSpan.FromSeconds(5), 0.5));
    }

    [Fact]
    public void A_cap_below_the_interval_never_shortens_the_interval() =>
        Assert.Equal(TimeSpan.FromHours(2), PollSchedule.NextDelay(TimeSpan.FromHours(2), 0, TimeSpan.FromMinutes(10), 3, null, 0.5));
}
