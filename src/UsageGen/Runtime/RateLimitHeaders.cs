using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;

namespace UsageGen.Runtime;

/// <summary>
/// Reads rate-limit response headers into a <see cref="RateLimitStatus"/>. Supported, in this order of preference:
/// <list type="number">
/// <item>IETF <c>draft-ietf-httpapi-ratelimit-headers</c>, structured-field form:
/// <c>RateLimit: "default";r=50;t=30</c> with <c>RateLimit-Policy: "default";q=100;w=60</c>.</item>
/// <item>The older drafts' dictionary form: <c>RateLimit: limit=100, remaining=50, reset=30</c> with
/// <c>RateLimit-Policy: 100;w=60</c>.</item>
/// <item><c>RateLimit-Limit</c> / <c>RateLimit-Remaining</c> / <c>RateLimit-Reset</c> (+ <c>RateLimit-Policy</c>).</item>
/// <item><c>X-RateLimit-Limit</c> / <c>-Remaining</c> / <c>-Reset</c> / <c>-Reset-After</c> / <c>-Window</c>, and
/// Kong's <c>X-RateLimit-Limit-Minute</c> / <c>X-RateLimit-Remaining-Minute</c> (also <c>-Second</c>, <c>-Hour</c>,
/// <c>-Day</c>).</item>
/// </list>
/// A reset larger than 10^9 is taken as a Unix epoch in seconds (larger than 10^12: in milliseconds) and turned into a
/// delay from now, never negative. Malformed values are ignored; nothing here throws on what a server sends.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RateLimitHeaders
{
    private const string SourceRateLimit = "RateLimit";
    private const string SourceRateLimitFields = "RateLimit-*";
    private const string SourceXRateLimit = "X-RateLimit-*";

    /// <summary>Above this a reset is a Unix epoch in seconds rather than a delay.</summary>
    private const decimal EpochSecondsThreshold = 1_000_000_000m;

    /// <summary>Above this a reset is a Unix epoch in milliseconds.</summary>
    private const decimal EpochMillisecondsThreshold = 1_000_000_000_000m;

    /// <summary>The largest whole number of seconds a <see cref="TimeSpan"/> holds.</summary>
    private static readonly decimal MaxSeconds = decimal.Truncate((decimal)TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond);

    /// <summary>Kong's per-unit headers, most useful first (UsageGen reports requests per minute).</summary>
    private static readonly KeyValuePair<string, int>[] KongUnits =
    {
        new("Minute", 60), new("Second", 1), new("Hour", 3600), new("Day", 86400),
    };

    private static readonly string[] DateFormats =
    {
        "r", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK",
    };

    /// <summary>Reads the rate-limit headers of <paramref name="result"/>; null when it has none.</summary>
    public static RateLimitStatus? Parse(HttpCallResult result)
    {
        if (result is null) throw new ArgumentNullException(nameof(result));
        // Most answers carry no rate-limit header: find that out without parsing or allocating anything.
        return MayHaveRateLimitHeaders(result) ? Parse(result.GetHeader) : null;
    }

    private static bool MayHaveRateLimitHeaders(HttpCallResult result)
    {
#if NET6_0_OR_GREATER
        foreach (var header in result.Headers.NonValidated)
            if (IsRateLimitName(header.Key)) return true;
        if (result.ContentHeaders is { } content)
            foreach (var header in content.NonValidated)
                if (IsRateLimitName(header.Key)) return true;
        return false;
#else
        return true;
#endif
    }

    // Every header this class reads is RateLimit, RateLimit-* or X-RateLimit-*.
    private static bool IsRateLimitName(string name) =>
        name.StartsWith("RateLimit", StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-RateLimit", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads rate-limit headers through <paramref name="getHeader"/>, which returns a header's values joined by a comma,
    /// or null when absent. Null when no supported header carries a usable value.
    /// </summary>
    public static RateLimitStatus? Parse(Func<string, string?> getHeader)
    {
        if (getHeader is null) throw new ArgumentNullException(nameof(getHeader));
        var now = DateTimeOffset.UtcNow;
        var rateLimit = Members(getHeader("RateLimit"));
        var policies = Members(getHeader("RateLimit-Policy"));
        return FromStructuredFields(rateLimit, policies, now)
            ?? FromDictionary(rateLimit, policies, now)
            ?? FromRateLimitFields(getHeader, policies, now)
            ?? FromXRateLimit(getHeader, now)
            ?? FromPolicyOnly(policies);
    }

    // ---- 1. RateLimit: "name";r=..;t=..  +  RateLimit-Policy: "name";q=..;w=.. ---------------------------------------

    private static RateLimitStatus? FromStructuredFields(List<Member> rateLimit, List<Member> policies, DateTimeOffset now)
    {
        var items = rateLimit.FindAll(m => m.Key is null && (m.Param("r") is not null || m.Param("t") is not null));
        if (items.Count == 0) return null;
        var quotaPolicies = policies.FindAll(m => m.Key is null && m.Param("q") is not null);

        var item = items[0];
        Member? policy = null;
        foreach (var candidate in items)
        {
            policy = quotaPolicies.Find(p => string.Equals(p.Value, candidate.Value, StringComparison.Ordinal));
            if (policy is not null)
            {
                item = candidate;
                break;
            }
        }
        policy ??= quotaPolicies.Count > 0 ? quotaPolicies[0] : null;

        var remaining = NonNegativeInteger(item.Param("r"));
        var reset = Reset(item.Param("t"), now);
        var limit = NonNegativeInteger(policy?.Param("q"));
        var window = WindowSeconds(policy?.Param("w"));
        if (limit is null && remaining is null && reset is null) return null;
        var name = item.Value.Length > 0 ? item.Value : policy?.Value;
        return new RateLimitStatus
        {
            Limit = limit, Remaining = remaining, ResetAfter = reset, Window = window,
            Policy = string.IsNullOrEmpty(name) ? null : name, Source = SourceRateLimit,
        };
    }

    // ---- 2. RateLimit: limit=.., remaining=.., reset=..  +  RateLimit-Policy: 100;w=60 -------------------------------

    private static RateLimitStatus? FromDictionary(List<Member> rateLimit, List<Member> policies, DateTimeOffset now)
    {
        var limit = NonNegativeInteger(Entry(rateLimit, "limit"));
        var remaining = NonNegativeInteger(Entry(rateLimit, "remaining"));
        var reset = Reset(Entry(rateLimit, "reset"), now);
        if (limit is null && remaining is null && reset is null) return null;
        var (quota, window) = ChoosePolicy(limit, policies);
        return new RateLimitStatus
        {
            Limit = limit ?? quota, Remaining = remaining, ResetAfter = reset, Window = window, Source = SourceRateLimit,
        };
    }

    // ---- 3. RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset ----------------------------------------------------

    private static RateLimitStatus? FromRateLimitFields(Func<string, string?> getHeader, List<Member> policies, DateTimeOffset now)
    {
        var limitMembers = Members(getHeader("RateLimit-Limit"));
        var first = FirstBare(limitMembers);
        var limit = NonNegativeInteger(first?.Value);
        var remaining = NonNegativeInteger(Scalar(getHeader("RateLimit-Remaining")));
        var reset = Reset(getHeader("RateLimit-Reset"), now);
        if (limit is null && remaining is null && reset is null) return null;

        // Early drafts listed policies after the limit itself: "RateLimit-Limit: 100, 100;w=60, 1000;w=3600".
        var window = WindowSeconds(first?.Param("w"));
        if (window is null)
        {
            var candidates = new List<Member>(limitMembers.Count + policies.Count);
            if (limitMembers.Count > 1) candidates.AddRange(limitMembers.GetRange(1, limitMembers.Count - 1));
            candidates.AddRange(policies);
            window = ChoosePolicy(limit, candidates).Window;
        }
        window ??= KongWindowFor(limit, getHeader);
        return new RateLimitStatus { Limit = limit, Remaining = remaining, ResetAfter = reset, Window = window, Source = SourceRateLimitFields };
    }

    // ---- 4. X-RateLimit-* -------------------------------------------------------------------------------------------------

    private static RateLimitStatus? FromXRateLimit(Func<string, string?> getHeader, DateTimeOffset now)
    {
        var limitMembers = Members(getHeader("X-RateLimit-Limit"));
        var first = FirstBare(limitMembers);
        var limit = NonNegativeInteger(first?.Value);
        var remaining = NonNegativeInteger(Scalar(getHeader("X-RateLimit-Remaining")));
        var reset = Reset(getHeader("X-RateLimit-Reset-After"), now) ?? Reset(getHeader("X-RateLimit-Reset"), now);
        TimeSpan? window = null;

        if (limit is not null || remaining is not null)
        {
            window = WindowText(getHeader("X-RateLimit-Window")) ?? WindowSeconds(first?.Param("w"));
            if (window is null && limitMembers.Count > 1)
                window = ChoosePolicy(limit, limitMembers.GetRange(1, limitMembers.Count - 1)).Window;
        }
        else
        {
            foreach (var unit in KongUnits)
            {
                var unitLimit = NonNegativeInteger(Scalar(getHeader("X-RateLimit-Limit-" + unit.Key)));
                var unitRemaining = NonNegativeInteger(Scalar(getHeader("X-RateLimit-Remaining-" + unit.Key)));
                if (unitLimit is null && unitRemaining is null) continue;
                limit = unitLimit;
                remaining = unitRemaining;
                window = TimeSpan.FromSeconds(unit.Value);
                break;
            }
        }

        if (limit is null && remaining is null && reset is null) return null;
        return new RateLimitStatus { Limit = limit, Remaining = remaining, ResetAfter = reset, Window = window, Source = SourceXRateLimit };
    }

    // ---- last: a policy alone ----------------------------------------------------------------------------------------------

    private static RateLimitStatus? FromPolicyOnly(List<Member> policies)
    {
        foreach (var p in policies)
        {
            if (p.Key is not null || Quota(p) is not { } quota) continue;
            return new RateLimitStatus
            {
                Limit = quota, Window = WindowSeconds(p.Param("w")),
                Policy = p.IsString && p.Value.Length > 0 ? p.Value : null, Source = SourceRateLimit,
            };
        }
        return null;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------------

    /// <summary>The policy whose quota equals <paramref name="limit"/>, else the first that states a window.</summary>
    private static (long? Quota, TimeSpan? Window) ChoosePolicy(long? limit, List<Member> policies)
    {
        (long? Quota, TimeSpan? Window)? fallback = null;
        foreach (var p in policies)
        {
            if (p.Key is not null) continue;
            var quota = Quota(p);
            var window = WindowSeconds(p.Param("w"));
            if (limit is not null && quota == limit) return (quota, window);
            if (fallback is null && window is not null) fallback = (quota, window);
        }
        return fallback ?? (null, null);
    }

    /// <summary>A policy's quota: <c>q=</c> (newer draft) or the bare integer (older drafts).</summary>
    private static long? Quota(Member policy) => NonNegativeInteger(policy.Param("q") ?? policy.Value);

    /// <summary>The window of the Kong per-unit header whose limit equals <paramref name="limit"/>.</summary>
    private static TimeSpan? KongWindowFor(long? limit, Func<string, string?> getHeader)
    {
        if (limit is null) return null;
        foreach (var unit in KongUnits)
            if (NonNegativeInteger(Scalar(getHeader("X-RateLimit-Limit-" + unit.Key))) == limit)
                return TimeSpan.FromSeconds(unit.Value);
        return null;
    }

    private static string? Entry(List<Member> members, string key)
    {
        foreach (var m in members)
            if (string.Equals(m.Key, key, StringComparison.Ordinal)) return m.Value;
        return null;
    }

    private static Member? FirstBare(List<Member> members) => members.Count > 0 && members[0].Key is null ? members[0] : null;

    /// <summary>The first list member's bare value: "50, 50" (a repeated header) gives "50".</summary>
    private static string? Scalar(string? field) => FirstBare(Members(field))?.Value;

    private static long? NonNegativeInteger(string? text)
    {
        if (text is null) return null;
        var s = text.Trim();
        if (s.Length == 0) return null;
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l >= 0 ? l : null;
        // "100.0" is a whole number too; "1.5" is not a count.
        if (decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            && d == decimal.Truncate(d) && d <= long.MaxValue)
            return (long)d;
        return null;
    }

    private static decimal? NonNegativeDecimal(string? text)
    {
        if (text is null) return null;
        var s = text.Trim();
        if (s.Length == 0) return null;
        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>A reset as delay seconds, Unix epoch seconds or milliseconds, or an HTTP / ISO 8601 date; never negative.</summary>
    private static TimeSpan? Reset(string? field, DateTimeOffset now)
    {
        if (field is null) return null;
        var whole = field.Trim();
        if (whole.Length == 0) return null;
        var number = NonNegativeDecimal(whole) ?? NonNegativeDecimal(Scalar(whole));
        if (number is { } n)
        {
            if (n > EpochMillisecondsThreshold) n = n / 1000m - now.ToUnixTimeMilliseconds() / 1000m;
            else if (n > EpochSecondsThreshold) n -= now.ToUnixTimeMilliseconds() / 1000m;
            if (n <= 0) return TimeSpan.Zero;
            return Seconds(n);
        }
        if (DateTimeOffset.TryParseExact(whole, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at <= now ? TimeSpan.Zero : at - now;
        return null;
    }

    /// <summary>A policy's <c>w=</c>: whole seconds, more than zero.</summary>
    private static TimeSpan? WindowSeconds(string? text) =>
        NonNegativeDecimal(text) is { } s and > 0 ? Seconds(s) : null;

    /// <summary><c>X-RateLimit-Window</c>: <c>60</c>, <c>60s</c>, <c>500ms</c>, <c>1m</c>, <c>1h</c>, <c>1d</c>, <c>minute</c>...</summary>
    private static TimeSpan? WindowText(string? field)
    {
        var text = Scalar(field);
        if (text is null) return null;
        var s = text.Trim().ToLowerInvariant();
        var split = 0;
        while (split < s.Length && (char.IsDigit(s[split]) || s[split] == '.')) split++;
        var numberText = s.Substring(0, split);
        var unit = s.Substring(split).Trim();
        decimal count = 1;
        if (numberText.Length > 0)
        {
            if (NonNegativeDecimal(numberText) is not { } c) return null;
            count = c;
        }
        else if (unit.Length == 0)
        {
            return null;
        }
        decimal? factor = unit switch
        {
            "" or "s" or "sec" or "secs" or "second" or "seconds" => 1m,
            "ms" or "millisecond" or "milliseconds" => 0.001m,
            "m" or "min" or "mins" or "minute" or "minutes" => 60m,
            "h" or "hr" or "hrs" or "hour" or "hours" => 3600m,
            "d" or "day" or "days" => 86400m,
            _ => null,
        };
        if (factor is not { } f || count <= 0 || count > MaxSeconds) return null;
        return Seconds(count * f);
    }

    private static TimeSpan? Seconds(decimal seconds)
    {
        if (seconds < 0 || seconds > MaxSeconds) return null;
        return TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }

    // ---- a lenient reader of structured-field lists and dictionaries (RFC 8941) ----------------------------------------

    /// <summary>One list item or dictionary member: <c>"name";a=1;b</c>, <c>100;w=60</c> or <c>limit=100</c>.</summary>
    private sealed class Member
    {
        /// <summary>The dictionary key for <c>key=value</c> members, lower case; null for list items.</summary>
        public string? Key { get; set; }

        /// <summary>The bare item (a string unquoted), or the value after <c>=</c> for dictionary members.</summary>
        public string Value { get; set; } = "";

        /// <summary>True when the value was a quoted string.</summary>
        public bool IsString { get; set; }

        public List<KeyValuePair<string, string>> Parameters { get; } = new();

        public string? Param(string name)
        {
            foreach (var p in Parameters)
                if (string.Equals(p.Key, name, StringComparison.Ordinal)) return p.Value;
            return null;
        }
    }

    private static List<Member> Members(string? field)
    {
        var members = new List<Member>();
        if (field is null) return members;
        foreach (var part in SplitOutsideQuotes(field, ','))
        {
            var segments = SplitOutsideQuotes(part, ';');
            var head = segments[0].Trim();
            if (head.Length == 0) continue;
            var member = new Member();
            if (head[0] == '"')
            {
                member.Value = Unquote(head);
                member.IsString = true;
            }
            else
            {
                var eq = head.IndexOf('=');
                if (eq > 0)
                {
                    member.Key = head.Substring(0, eq).Trim().ToLowerInvariant();
                    var value = head.Substring(eq + 1).Trim();
                    member.IsString = value.Length > 0 && value[0] == '"';
                    member.Value = Unquote(value);
                }
                else
                {
                    member.Value = head;
                }
            }
            for (var i = 1; i < segments.Count; i++)
            {
                var segment = segments[i].Trim();
                if (segment.Length == 0) continue;
                var eq = segment.IndexOf('=');
                var key = (eq < 0 ? segment : segment.Substring(0, eq)).Trim().ToLowerInvariant();
                if (key.Length == 0) continue;
                member.Parameters.Add(new KeyValuePair<string, string>(key, eq < 0 ? "" : Unquote(segment.Substring(eq + 1).Trim())));
            }
            members.Add(member);
        }
        return members;
    }

    /// <summary>Splits on <paramref name="separator"/> outside double quotes; an unbalanced quote runs to the end.</summary>
    private static List<string> SplitOutsideQuotes(string text, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                parts.Add(text.Substring(start, i - start));
                start = i + 1;
            }
        }
        parts.Add(start < text.Length ? text.Substring(start) : "");
        return parts;
    }

    /// <summary>
    /// A quoted string's content with <c>\"</c> and <c>\\</c> unescaped; other text as it is. A string without its
    /// closing quote is malformed and gives the empty string, which no reader here accepts as a value.
    /// </summary>
    private static string Unquote(string text)
    {
        if (text.Length == 0 || text[0] != '"') return text;
        var sb = new System.Text.StringBuilder(text.Length);
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') return sb.ToString();
            if (c == '\\' && i + 1 < text.Length) c = text[++i];
            sb.Append(c);
        }
        return "";
    }
}
