using System;
using System.Net.Http;
using System.Threading;
using Xunit;

namespace UsageGen.Reliability.Tests;

/// <summary>The options of <see cref="UsageGenHttpClient"/> and <see cref="UsageGenResilienceHandler"/>.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void The_defaults_are_sensible_and_valid()
    {
        var o = new UsageGenHttpOptions();
        o.Validate();
        Assert.True(o.Retries);
        Assert.Equal(3, o.MaxAttempts);
        Assert.Equal(3, o.EffectiveMaxAttempts);
        Assert.False(o.AllowAutoRedirect);
        Assert.False(o.RetryNonIdempotent);
        Assert.True(o.MaxDelay >= o.BaseDelay);
        o.Retries = false;
        Assert.Equal(1, o.EffectiveMaxAttempts);
    }

    [Theory]
    [InlineData(0, 1000, 30000, 1000, 100000)]
    [InlineData(101, 1000, 30000, 1000, 100000)]
    [InlineData(3, -1, 30000, 1000, 100000)]
    [InlineData(3, 5000, 1000, 1000, 100000)]
    [InlineData(3, 1000, 30000, 5, 100000)]
    [InlineData(3, 1000, 30000, 1000, 0)]
    public void Values_that_cannot_work_are_refused(int attempts, int baseMs, int maxMs, int attemptMs, int totalMs)
    {
        var o = new UsageGenHttpOptions
        {
            MaxAttempts = attempts,
            BaseDelay = TimeSpan.FromMilliseconds(baseMs),
            MaxDelay = TimeSpan.FromMilliseconds(maxMs),
            AttemptTimeout = TimeSpan.FromMilliseconds(attemptMs),
            Timeout = TimeSpan.FromMilliseconds(totalMs),
        };
        Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.Throws<ArgumentOutOfRangeException>(() => UsageGenHttpClient.Create(o));
    }

    [Fact]
    public void Infinite_timeouts_are_allowed()
    {
        var o = new UsageGenHttpOptions { AttemptTimeout = Timeout.InfiniteTimeSpan, Timeout = Timeout.InfiniteTimeSpan };
        using var http = UsageGenHttpClient.Create(o);
        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
    }

    [Fact]
    public void The_client_takes_the_base_address_and_timeout_and_the_handler_keeps_its_own_copy()
    {
        var o = new UsageGenHttpOptions { Timeout = TimeSpan.FromSeconds(7), MaxAttempts = 2 };
        using var http = UsageGenHttpClient.Create(new Uri("http://127.0.0.1:9/x/"), o);
        Assert.Equal(new Uri("http://127.0.0.1:9/x/"), http.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(7), http.Timeout);
        Assert.Null(o.BaseAddress); // the caller's options are not changed

        using var handler = new UsageGenResilienceHandler(o, new HttpClientHandler());
        o.MaxAttempts = 9;
        Assert.Equal(2, handler.Options.MaxAttempts);
    }
}
