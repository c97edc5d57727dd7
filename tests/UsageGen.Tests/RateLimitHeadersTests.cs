using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using UsageGen.Runtime;
using Xunit;

namespace UsageGen.Tests;

public class RateLimitHeadersTests
{
    private static RateLimitStatus? Parse(params (string Name, string Value)[] headers)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers) map[name] = value;
        return RateLimitHeaders.Parse(name => map.TryGetValue(name, out var v) ? v : null);
    }

    private static void AssertStatus(RateLimitStatus? status, string source, long? limit, long? remaining, double? resetSeconds, double? windowSeconds)
    {
        Assert.NotNull(status);
        Assert.Equal(source, status!.Source);
        Assert.Equal(limit, status.Limit);
        Assert.Equal(remaining, status.Remaining);
        Assert.Equal(resetSeconds is null ? null : TimeSpan.FromSeconds(resetSeconds.Value), status.ResetAfter);
        Assert.Equal(windowSeconds is null ? null : TimeSpan.FromSeconds(windowSeconds.Value), status.Window);
    }

    // ---- no headers ------------------------------------------------------------------------------------------------

    [Fact]
    public void No_rate_limit_headers_gives_null()
    {
        Assert.Null(Parse());
        Assert.Null(Parse(("Content-Type", "application/json"), ("X-Request-Id", "42")));
    }

    [Fact]
    public void Null_getter_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => RateLimitHeaders.Parse((Func<string, string?>)null!));
    }

    // ---- 1. structured-field form ----------------------------------------------------------------------------------

    [Fact]
    public void Structured_fields_single_policy()
    {
        var s = Parse(("RateLimit", "\"default\";r=50;t=30"), ("RateLimit-Policy", "\"default\";q=100;w=60"));
        AssertStatus(s, "RateLimit", limit: 100, remaining: 50, resetSeconds: 30, windowSeconds: 60);
        Assert.Equal("default", s!.Policy);
        Assert.Equal(100m, s.RequestsPerMinute);
    }

    [Fact]
    public void Structured_fields_pick_the_policy_whose_name_matches()
    {
        var s = Parse(
            ("RateLimit", "\"daily\";r=900;t=3000"),
            ("RateLimit-Policy", "\"burst\";q=100;w=60, \"daily\";q=1000;w=86400"));
        AssertStatus(s, "RateLimit", limit: 1000, remaining: 900, resetSeconds: 3000, windowSeconds: 86400);
        Assert.Equal("daily", s!.Policy);
    }

    [Fact]
    public void Structured_fields_pick_the_rate_item_that_has_a_matching_policy()
    {
        var s = Parse(
            ("RateLimit", "\"other\";r=1;t=2, \"hourly\";r=40;t=120"),
            ("RateLimit-Policy", "\"burst\";q=10;w=1, \"hourly\";q=500;w=3600"));
        AssertStatus(s, "RateLimit", limit: 500, remaining: 40, resetSeconds: 120, windowSeconds: 3600);
        Assert.Equal("hourly", s!.Policy);
    }

    [Fact]
    public void Structured_fields_without_matching_name_take_the_first_items()
    {
        var s = Parse(
            ("RateLimit", "\"a\";r=7;t=5, \"b\";r=8;t=6"),
            ("RateLimit-Policy", "\"x\";q=20;w=10, \"y\";q=30;w=20"));
        AssertStatus(s, "RateLimit", limit: 20, remaining: 7, resetSeconds: 5, windowSeconds: 10);
        Assert.Equal("a", s!.Policy);
    }

    [Fact]
    public void Structured_fields_with_token_names_and_extra_parameters()
    {
        var s = Parse(
            ("RateLimit", "default;r=50;t=30;pk=:cHJvamVjdDEyMw==:"),
            ("RateLimit-Policy", "default;q=100;qu=\"requests\";w=60;pk=:cHJvamVjdDEyMw==:"));
        AssertStatus(s, "RateLimit", limit: 100, remaining: 50, resetSeconds: 30, windowSeconds: 60);
        Assert.Equal("default", s!.Policy);
    }

    [Fact]
    public void Structured_fields_without_policy_have_no_limit()
    {
        var s = Parse(("RateLimit", "\"default\";r=3;t=9"));
        AssertStatus(s, "RateLimit", limit: null, remaining: 3, resetSeconds: 9, windowSeconds: null);
        Assert.Null(s!.RequestsPerMinute);
    }

    [Fact]
    public void Structured_fields_name_may_contain_separators_inside_quotes()
    {
        var s = Parse(
            ("RateLimit", "\"a,b;c\";r=5;t=1"),
            ("RateLimit-Policy", "\"zzz\";q=1;w=1, \"a,b;c\";q=10;w=60"));
        AssertStatus(s, "RateLimit", limit: 10, remaining: 5, resetSeconds: 1, windowSeconds: 60);
        Assert.Equal("a,b;c", s!.Policy);
    }

    // ---- 2. dictionary form (older drafts) ---------------------------------------------------------------------

    [Fact]
    public void Dictionary_form_with_single_policy()
    {
        var s = Parse(("RateLimit", "limit=100, remaining=50, reset=30"), ("RateLimit-Policy", "100;w=60"));
        AssertStatus(s, "RateLimit", limit: 100, remaining: 50, resetSeconds: 30, windowSeconds: 60);
        Assert.Null(s!.Policy);
        Assert.Equal(100m, s.RequestsPerMinute);
    }

    [Fact]
    public void Dictionary_form_picks_the_policy_whose_quota_equals_the_limit()
    {
        var s = Parse(("RateLimit", "limit=1000, remaining=999, reset=3500"), ("RateLimit-Policy", "100;w=60, 1000;w=3600"));
        AssertStatus(s, "RateLimit", limit: 1000, remaining: 999, resetSeconds: 3500, windowSeconds: 3600);
    }

    [Fact]
    public void Dictionary_form_falls_back_to_the_first_policy()
    {
        var s = Parse(("RateLimit", "limit=5, remaining=4, reset=1"), ("RateLimit-Policy", "100;w=60, 1000;w=3600"));
        AssertStatus(s, "RateLimit", limit: 5, remaining: 4, resetSeconds: 1, windowSeconds: 60);
    }

    [Fact]
    public void Dictionary_form_without_policy_has_no_window()
    {
        var s = Parse(("RateLimit", "limit=10, remaining=0, reset=7"));
        AssertStatus(s, "RateLimit", limit: 10, remaining: 0, resetSeconds: 7, windowSeconds: null);
    }

    // ---- 3. RateLimit-* ----------------------------------------------------------------------------------------

    [Fact]
    public void RateLimit_fields_with_policy()
    {
        var s = Parse(("RateLimit-Limit", "100"), ("RateLimit-Remaining", "25"), ("RateLimit-Reset", "12"), ("RateLimit-Policy", "100;w=3600"));
        AssertStatus(s, "RateLimit-*", limit: 100, remaining: 25, resetSeconds: 12, windowSeconds: 3600);
        Assert.Equal(1.6667m, s!.RequestsPerMinute);
    }

    [Fact]
    public void RateLimit_fields_without_policy()
    {
        var s = Parse(("RateLimit-Limit", "60"), ("RateLimit-Remaining", "59"), ("RateLimit-Reset", "1"));
        AssertStatus(s, "RateLimit-*", limit: 60, remaining: 59, resetSeconds: 1, windowSeconds: null);
        Assert.Null(s!.RequestsPerMinute);
    }

    [Fact]
    public void RateLimit_limit_may_carry_policies_as_in_early_drafts()
    {
        var s = Parse(("RateLimit-Limit", "1000, 100;w=60, 1000;w=86400"), ("RateLimit-Remaining", "10"));
        AssertStatus(s, "RateLimit-*", limit: 1000, remaining: 10, resetSeconds: null, windowSeconds: 86400);
    }

    [Fact]
    public void RateLimit_fields_from_Kong_take_the_window_of_the_matching_unit()
    {
        var s = Parse(
            ("RateLimit-Limit", "100"), ("RateLimit-Remaining", "97"), ("RateLimit-Reset", "41"),
            ("X-RateLimit-Limit-Second", "5"), ("X-RateLimit-Remaining-Second", "4"),
            ("X-RateLimit-Limit-Minute", "100"), ("X-RateLimit-Remaining-Minute", "97"));
        AssertStatus(s, "RateLimit-*", limit: 100, remaining: 97, resetSeconds: 41, windowSeconds: 60);
    }

    [Fact]
    public void Repeated_headers_joined_by_comma_take_the_first_value()
    {
        var s = Parse(("RateLimit-Limit", "100, 100"), ("RateLimit-Remaining", "40,40"), ("RateLimit-Reset", "9, 9"));
        AssertStatus(s, "RateLimit-*", limit: 100, remaining: 40, resetSeconds: 9, windowSeconds: null);
    }

    // ---- 4. X-RateLimit-* --------------------------------------------------------------------------------------

    [Fact]
    public void XRateLimit_with_delta_reset()
    {
        var s = Parse(("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "4999"), ("X-RateLimit-Reset", "3600"));
        AssertStatus(s, "X-RateLimit-*", limit: 5000, remaining: 4999, resetSeconds: 3600, windowSeconds: null);
    }

    [Fact]
    public void XRateLimit_reset_as_epoch_seconds_becomes_a_delay()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 120;
        var s = Parse(("X-RateLimit-Limit", "60"), ("X-RateLimit-Remaining", "1"), ("X-RateLimit-Reset", epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotNull(s);
        Assert.NotNull(s!.ResetAfter);
        Assert.InRange(s.ResetAfter!.Value.TotalSeconds, 110, 121);
    }

    [Fact]
    public void XRateLimit_reset_as_fractional_epoch_seconds_becomes_a_delay()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60;
        var s = Parse(("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".250"));
        Assert.InRange(s!.ResetAfter!.Value.TotalSeconds, 50, 61.5);
    }

    [Fact]
    public void XRateLimit_reset_as_epoch_milliseconds_becomes_a_delay()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 30_000;
        var s = Parse(("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.InRange(s!.ResetAfter!.Value.TotalSeconds, 20, 31);
    }

    [Fact]
    public void XRateLimit_reset_epoch_in_the_past_is_zero_not_negative()
    {
        var s = Parse(("X-RateLimit-Limit", "60"), ("X-RateLimit-Reset", "1500000000"));
        Assert.Equal(TimeSpan.Zero, s!.ResetAfter);
    }

    [Fact]
    public void XRateLimit_reset_just_at_the_epoch_threshold_is_a_delay()
    {
        var s = Parse(("X-RateLimit-Limit", "60"), ("X-RateLimit-Reset", "1000000000"));
        Assert.Equal(TimeSpan.FromSeconds(1_000_000_000), s!.ResetAfter);
    }

    [Fact]
    public void XRateLimit_reset_as_http_date()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(10);
        var s = Parse(("X-RateLimit-Limit", "60"), ("X-RateLimit-Reset", at.ToString("r", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.InRange(s!.ResetAfter!.Value.TotalSeconds, 590, 601);
    }

    [Fact]
    public void XRateLimit_reset_after_is_preferred_and_may_be_fractional()
    {
        var s = Parse(("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "4"), ("X-RateLimit-Reset", "1"), ("X-RateLimit-Reset-After", "64.57"));
        Assert.Equal(TimeSpan.FromMilliseconds(64570), s!.ResetAfter);
    }

    [Fact]
    public void XRateLimit_reset_after_alone()
    {
        var s = Parse(("X-RateLimit-Limit", "5"), ("X-RateLimit-Reset-After", "2"));
        AssertStatus(s, "X-RateLimit-*", limit: 5, remaining: null, resetSeconds: 2, windowSeconds: null);
    }

    [Theory]
    [InlineData("60", 60)]
    [InlineData("60s", 60)]
    [InlineData("1m", 60)]
    [InlineData("1 minute", 60)]
    [InlineData("minute", 60)]
    [InlineData("1h", 3600)]
    [InlineData("3600", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("500ms", 0.5)]
    public void XRateLimit_window_header(string window, double seconds)
    {
        var s = Parse(("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "1"), ("X-RateLimit-Window", window));
        AssertStatus(s, "X-RateLimit-*", limit: 100, remaining: 1, resetSeconds: null, windowSeconds: seconds);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-60")]
    [InlineData("fortnight")]
    [InlineData("60 parsecs")]
    [InlineData("")]
    public void XRateLimit_bad_window_is_ignored(string window)
    {
        var s = Parse(("X-RateLimit-Limit", "100"), ("X-RateLimit-Window", window));
        AssertStatus(s, "X-RateLimit-*", limit: 100, remaining: null, resetSeconds: null, windowSeconds: null);
    }

    [Fact]
    public void XRateLimit_limit_in_policy_form_gives_the_window()
    {
        var s = Parse(("X-RateLimit-Limit", "100;w=60"), ("X-RateLimit-Remaining", "99"));
        AssertStatus(s, "X-RateLimit-*", limit: 100, remaining: 99, resetSeconds: null, windowSeconds: 60);
        Assert.Equal(100m, s!.RequestsPerMinute);
    }

    [Fact]
    public void XRateLimit_window_header_wins_over_policy_form()
    {
        var s = Parse(("X-RateLimit-Limit", "100;w=60"), ("X-RateLimit-Window", "3600"));
        Assert.Equal(TimeSpan.FromHours(1), s!.Window);
        Assert.Equal(1.6667m, s.RequestsPerMinute);
    }

    [Fact]
    public void Kong_minute_headers()
    {
        var s = Parse(("X-RateLimit-Limit-Minute", "100"), ("X-RateLimit-Remaining-Minute", "73"));
        AssertStatus(s, "X-RateLimit-*", limit: 100, remaining: 73, resetSeconds: null, windowSeconds: 60);
        Assert.Equal(100m, s!.RequestsPerMinute);
    }

    [Fact]
    public void Kong_minute_is_preferred_over_other_units()
    {
        var s = Parse(
            ("X-RateLimit-Limit-Second", "5"), ("X-RateLimit-Remaining-Second", "5"),
            ("X-RateLimit-Limit-Minute", "100"), ("X-RateLimit-Remaining-Minute", "90"),
            ("X-RateLimit-Limit-Hour", "1000"), ("X-RateLimit-Remaining-Hour", "900"));
        AssertStatus(s, "X-RateLimit-*", limit: 100, remaining: 90, resetSeconds: null, windowSeconds: 60);
    }

    [Fact]
    public void Kong_hour_headers_alone()
    {
        var s = Parse(("X-RateLimit-Limit-Hour", "600"), ("X-RateLimit-Remaining-Hour", "1"));
        AssertStatus(s, "X-RateLimit-*", limit: 600, remaining: 1, resetSeconds: null, windowSeconds: 3600);
        Assert.Equal(10m, s!.RequestsPerMinute);
    }

    // ---- per-minute computation --------------------------------------------------------------------------------

    [Theory]
    [InlineData(100, 60, "100")]
    [InlineData(100, 3600, "1.6667")]
    [InlineData(10, 1, "600")]
    [InlineData(1000, 86400, "0.6944")]
    public void Requests_per_minute_from_limit_and_window(long limit, int window, string expected)
    {
        var s = Parse(("RateLimit-Limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("RateLimit-Policy", $"{limit};w={window}"));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), s!.RequestsPerMinute);
    }

    // ---- preference order --------------------------------------------------------------------------------------

    [Fact]
    public void Structured_fields_win_over_every_other_family()
    {
        var s = Parse(
            ("RateLimit", "\"default\";r=1;t=2"), ("RateLimit-Policy", "\"default\";q=3;w=4"),
            ("RateLimit-Limit", "10"), ("RateLimit-Remaining", "20"), ("RateLimit-Reset", "30"),
            ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "200"), ("X-RateLimit-Reset", "300"));
        AssertStatus(s, "RateLimit", limit: 3, remaining: 1, resetSeconds: 2, windowSeconds: 4);
    }

    [Fact]
    public void Dictionary_form_wins_over_separate_fields()
    {
        var s = Parse(
            ("RateLimit", "limit=3, remaining=1, reset=2"), ("RateLimit-Policy", "3;w=4"),
            ("RateLimit-Limit", "10"), ("RateLimit-Remaining", "20"),
            ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "200"));
        AssertStatus(s, "RateLimit", limit: 3, remaining: 1, resetSeconds: 2, windowSeconds: 4);
    }

    [Fact]
    public void Separate_fields_win_over_x_prefixed()
    {
        var s = Parse(
            ("RateLimit-Limit", "10"), ("RateLimit-Remaining", "9"), ("RateLimit-Reset", "8"),
            ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "200"), ("X-RateLimit-Reset", "300"));
        AssertStatus(s, "RateLimit-*", limit: 10, remaining: 9, resetSeconds: 8, windowSeconds: null);
    }

    [Fact]
    public void Garbage_in_a_preferred_family_falls_through_to_the_next()
    {
        var s = Parse(
            ("RateLimit", "\"default\";r=abc;t=-1"), ("RateLimit-Limit", "lots"), ("RateLimit-Remaining", "-3"),
            ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "50"));
        AssertStatus(s, "X-RateLimit-*", limit: 100, remaining: 50, resetSeconds: null, windowSeconds: null);
    }

    [Fact]
    public void A_policy_alone_gives_limit_and_window()
    {
        var s = Parse(("RateLimit-Policy", "\"default\";q=100;w=60"));
        AssertStatus(s, "RateLimit", limit: 100, remaining: null, resetSeconds: null, windowSeconds: 60);
        Assert.Equal("default", s!.Policy);
    }

    // ---- garbage -----------------------------------------------------------------------------------------------

    public static IEnumerable<object[]> GarbageValues() => new[]
    {
        new object[] { "" },
        new object[] { "   " },
        new object[] { "abc" },
        new object[] { "-5" },
        new object[] { "-1.5" },
        new object[] { "99999999999999999999999999" },
        new object[] { "9223372036854775808" },
        new object[] { "1e400" },
        new object[] { "NaN" },
        new object[] { "Infinity" },
        new object[] { "\"unbalanced" },
        new object[] { "\"" },
        new object[] { "\\" },
        new object[] { ";;;,,,===" },
        new object[] { "=5" },
        new object[] { "\"x\";r=\"5" },
        new object[] { "limit=, remaining=\"" },
        new object[] { "\u0000\u00ff\ud800" },
        new object[] { "١٢٣" },
        new object[] { "１２３" },
    };

    [Theory]
    [MemberData(nameof(GarbageValues))]
    public void Garbage_everywhere_gives_null_and_never_throws(string garbage)
    {
        var names = new[]
        {
            "RateLimit", "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
            "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-RateLimit-Window",
            "X-RateLimit-Limit-Minute", "X-RateLimit-Remaining-Minute",
        };
        var headers = new List<(string, string)>();
        foreach (var n in names) headers.Add((n, garbage));
        Assert.Null(Parse(headers.ToArray()));
    }

    [Theory]
    [MemberData(nameof(GarbageValues))]
    public void Garbage_values_are_ignored_beside_good_ones(string garbage)
    {
        var s = Parse(("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", garbage), ("X-RateLimit-Reset", garbage), ("X-RateLimit-Window", garbage));
        AssertStatus(s, "X-RateLimit-*", limit: 100, remaining: null, resetSeconds: null, windowSeconds: null);
    }

    [Theory]
    [InlineData("\"default\";r=99999999999999999999999;t=99999999999999999999999")]
    [InlineData("\"default\";r=-1;t=-1")]
    [InlineData("\"default;r=5;t=5")]
    [InlineData("limit=abc, remaining=1e99, reset=\"")]
    [InlineData("limit=9223372036854775808, remaining=-0.5")]
    public void Garbage_rate_limit_header_alone_gives_null(string value)
    {
        Assert.Null(Parse(("RateLimit", value), ("RateLimit-Policy", "\"default\";q=abc;w=-1")));
    }

    [Theory]
    [InlineData("100;w=")]
    [InlineData("100;w=abc;w=-5")]
    [InlineData("100;w=0")]
    [InlineData("100;w=\"60")]
    public void Bad_policy_window_is_ignored(string limit)
    {
        var s = Parse(("X-RateLimit-Limit", limit));
        AssertStatus(s, "X-RateLimit-*", limit: 100, remaining: null, resetSeconds: null, windowSeconds: null);
    }

    [Fact]
    public void Huge_reset_that_cannot_be_a_time_span_is_ignored()
    {
        var s = Parse(("X-RateLimit-Limit", "1"), ("X-RateLimit-Reset", "79228162514264337593543950335"), ("X-RateLimit-Window", "99999999999999999999"));
        AssertStatus(s, "X-RateLimit-*", limit: 1, remaining: null, resetSeconds: null, windowSeconds: null);
    }

    [Fact]
    public void Largest_long_limit_is_kept()
    {
        var s = Parse(("X-RateLimit-Limit", "9223372036854775807"));
        Assert.Equal(long.MaxValue, s!.Limit);
    }

    [Fact]
    public void Whole_numbers_written_with_a_fraction_are_accepted()
    {
        var s = Parse(("X-RateLimit-Limit", "100.0"), ("X-RateLimit-Remaining", " 7 "));
        AssertStatus(s, "X-RateLimit-*", limit: 100, remaining: 7, resetSeconds: null, windowSeconds: null);
    }

    [Fact]
    public void Parsing_does_not_depend_on_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var s = Parse(("X-RateLimit-Limit", "100"), ("X-RateLimit-Reset-After", "1.5"), ("X-RateLimit-Window", "0.5s"));
            Assert.Equal(TimeSpan.FromSeconds(1.5), s!.ResetAfter);
            Assert.Equal(TimeSpan.FromSeconds(0.5), s.Window);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    // ---- HttpCallResult overload -------------------------------------------------------------------------------

    [Fact]
    public void Parse_reads_an_http_call_result_case_insensitively()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("ratelimit", "\"default\";r=50;t=30");
        response.Headers.TryAddWithoutValidation("RATELIMIT-POLICY", "\"default\";q=100;w=60");
        var result = new HttpCallResult(response.StatusCode, response.Headers, null, Array.Empty<byte>(), DateTimeOffset.UtcNow);
        var s = RateLimitHeaders.Parse(result);
        AssertStatus(s, "RateLimit", limit: 100, remaining: 50, resetSeconds: 30, windowSeconds: 60);
    }

    [Fact]
    public void Parse_of_an_http_call_result_joins_repeated_headers()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("RateLimit", "\"burst\";r=5;t=1");
        response.Headers.TryAddWithoutValidation("RateLimit-Policy", "\"daily\";q=1000;w=86400");
        response.Headers.TryAddWithoutValidation("RateLimit-Policy", "\"burst\";q=10;w=1");
        var result = new HttpCallResult(response.StatusCode, response.Headers, null, Array.Empty<byte>(), DateTimeOffset.UtcNow);
        var s = RateLimitHeaders.Parse(result);
        AssertStatus(s, "RateLimit", limit: 10, remaining: 5, resetSeconds: 1, windowSeconds: 1);
        Assert.Equal(600m, s!.RequestsPerMinute);
    }

    [Fact]
    public void Parse_of_an_http_call_result_without_headers_is_null()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        var result = new HttpCallResult(response.StatusCode, response.Headers, null, Array.Empty<byte>(), DateTimeOffset.UtcNow);
        Assert.Null(RateLimitHeaders.Parse(result));
    }
}
