using System;

namespace UsageGen.Hosting;

/// <summary>How long the monitor waits before a provider's next fetch. Pure: the random share comes in as a number.</summary>
internal static class PollSchedule
{
    /// <summary>
    /// After a success, <paramref name="interval"/>; after the n-th failure in a row, the interval doubled n−1 times,
    /// up to <paramref name="maxBackoff"/> (never below the interval); either times 1 ± <paramref name="jitter"/>
    /// (<paramref name="random"/> in [0, 1) picks where). A <paramref name="retryAfter"/> is a floor: the provider is
    /// never asked again sooner than it said.
    /// </summary>
    public static TimeSpan NextDelay(TimeSpan interval, double jitter, TimeSpan maxBackoff, int consecutiveFailures, TimeSpan? retryAfter, double random)
    {
        var baseTicks = (double)interval.Ticks;
        if (consecutiveFailures > 0)
        {
            var ceiling = Math.Max(maxBackoff.Ticks, interval.Ticks);
            var exponent = Math.Min(consecutiveFailures - 1, 40);
            baseTicks = Math.Min(baseTicks * Math.Pow(2, exponent), ceiling);
        }
        var factor = 1 + jitter * (2 * random - 1);
        var ticks = (long)Math.Round(baseTicks * factor, MidpointRounding.AwayFromZero);
        var delay = TimeSpan.FromTicks(Math.Max(ticks, 0));
        return retryAfter is { } floor && floor > delay ? floor : delay;
    }
}
