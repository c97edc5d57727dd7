using System;
using System.Threading;

namespace UsageGen;

/// <summary>
/// How <see cref="UsageGenHttpClient"/> and <see cref="UsageGenResilienceHandler"/> retry and time out. The defaults
/// suit a usage call: 3 attempts, exponential backoff with jitter from 1 s capped at 30 s, a <c>Retry-After</c> of up
/// to 60 s honoured, 30 s per attempt and 100 s in all.
/// </summary>
public sealed class UsageGenHttpOptions
{
    /// <summary>Retries on or off. Off: one attempt, timeouts still apply.</summary>
    public bool Retries { get; set; } = true;

    /// <summary>Attempts in all, the first included (so 3 means up to 2 retries). At least 1.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; it doubles per retry (with jitter) when no <c>Retry-After</c> is sent.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest computed backoff delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <c>Retry-After</c> (seconds or HTTP date, on 429 and 503) that is waited for. A longer one is not
    /// retried at all: the answer goes back at once, so the caller sees <see cref="UsageGenHttpException.RetryAfter"/>
    /// rather than a call that hangs or retries before the provider allows it.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Randomizes backoff delays (±25%) so that many clients do not retry in step.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// The limit for one attempt, body included; an attempt that runs out is retried like a transport error.
    /// <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The limit for the whole call: every attempt and every wait. Also the <see cref="System.Net.Http.HttpClient.Timeout"/>
    /// of clients from <see cref="UsageGenHttpClient.Create(UsageGenHttpOptions?)"/>. <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Retries POST, PATCH and other non-idempotent requests after a 5xx, a timeout or a broken connection too (a
    /// provider may have done the work, and charged for it, already). Off by default: they are retried only on 429
    /// and when the connection could not be made at all.
    /// </summary>
    public bool RetryNonIdempotent { get; set; }

    /// <summary>The BaseAddress of clients from <see cref="UsageGenHttpClient.Create(UsageGenHttpOptions?)"/>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Redirects are never followed: a key in a custom header would go to whatever host a redirect names.</summary>
    public bool AllowAutoRedirect => false;

    /// <summary>Time source for delays and timeouts (tests); null for the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>The attempts that will actually be made: 1 when retries are off.</summary>
    public int EffectiveMaxAttempts => Retries ? MaxAttempts : 1;

    /// <summary>A copy, so a handler is not changed by later edits to these options.</summary>
    public UsageGenHttpOptions Clone() => (UsageGenHttpOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values that cannot work.</summary>
    public void Validate()
    {
        if (MaxAttempts < 1 || MaxAttempts > 100)
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be between 1 and 100 (the first attempt included).");
        if (BaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "BaseDelay must not be negative.");
        if (MaxDelay < BaseDelay) throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "MaxDelay must be at least BaseDelay.");
        if (MaxRetryAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "MaxRetryAfter must not be negative.");
        CheckTimeout(AttemptTimeout, nameof(AttemptTimeout));
        CheckTimeout(Timeout, nameof(Timeout));
    }

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value == System.Threading.Timeout.InfiniteTimeSpan) return;
        // Polly's timeout strategy accepts 10 ms to 1 day.
        if (value < TimeSpan.FromMilliseconds(10) || value > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(name, value, name + " must be between 10 ms and 1 day, or Timeout.InfiniteTimeSpan.");
    }

    internal static bool IsFinite(TimeSpan value) => value != System.Threading.Timeout.InfiniteTimeSpan;
}
