using System;
using System.Globalization;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using UsageGen.EndToEnd.Tests;
using UsageGen.Generated;
using UsageGen.Providers.CoinGecko;
using UsageGen.Providers.Sharpe;
using Xunit;

namespace UsageGen.Reliability.Tests;

/// <summary>
/// Numbers and dates as providers really send them, through the generated clients: integers beyond <c>long</c> fail
/// as <see cref="UsageGenMalformedResponseException"/> (never <see cref="OverflowException"/>), decimals keep their exact
/// value, and date-times parse with or without fraction and offset, as dates alone, and as Unix seconds or milliseconds.
/// </summary>
public sealed class NumberAndDateTests
{
    /// <summary>The documented body of <paramref name="provider"/> with the value at <paramref name="path"/> (dotted) replaced by raw JSON.</summary>
    private static string With(string provider, string path, string rawJson)
    {
        var root = JsonNode.Parse(Documented.Get(provider).Body)!;
        var parts = path.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++) node = node[parts[i]]!;
        node[parts[^1]] = "__RAW__";
        return root.ToJsonString().Replace("\"__RAW__\"", rawJson, StringComparison.Ordinal);
    }

    private static HttpClient Http(string body)
    {
        var handler = new InMemoryHandler { Answer = CannedAnswer.Json(body) };
        return new HttpClient(handler) { BaseAddress = new Uri("http://provider.test/") };
    }

    // ---- integers beyond long ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("CoinGecko", "api_key_current_total_monthly_calls", "99999999999999999999999")]
    [InlineData("CoinGecko", "api_key_current_total_monthly_calls", "9223372036854775808")]
    [InlineData("CoinGecko", "api_key_current_total_monthly_calls", "-9223372036854775809")]
    [InlineData("CoinGecko", "api_key_current_total_monthly_calls", "1e400")]
    [InlineData("CoinGecko", "api_key_current_total_monthly_calls", "1e19")]
    [InlineData("CoinGecko", "api_key_current_total_monthly_calls", "\"99999999999999999999999\"")]
    [InlineData("CoinGecko", "api_key_current_total_monthly_calls", "1.5")]
    [InlineData("Sharpe", "data.quota.used", "99999999999999999999999")]
    [InlineData("Sharpe", "data.quota.limit", "1e400")]
    [InlineData("Sharpe", "data.last_24h.total_requests", "-99999999999999999999999")]
    [InlineData("Shoal", "data.budget.remaining", "18446744073709551616")]
    [InlineData("Shoal", "data.today", "\"1e400\"")]
    [InlineData("Tavily", "key.usage", "99999999999999999999999")]
    [InlineData("Tavily", "account.plan_limit", "9.3e18")]
    public async Task An_integer_beyond_long_is_a_malformed_response_not_an_overflow(string provider, string path, string raw)
    {
        using var http = Http(With(provider, path, raw));
        var ex = await Record.ExceptionAsync(() => UsageCatalog.Create(provider, http, new UsageCredentials("k")).GetUsageAsync());

        var malformed = Assert.IsType<UsageGenMalformedResponseException>(ex);
        var field = path.Substring(path.LastIndexOf('.') + 1);
        Assert.Contains(field, malformed.Message, StringComparison.Ordinal);
        for (var inner = ex!.InnerException; inner is not null; inner = inner.InnerException)
            Assert.IsNotType<OverflowException>(inner);
    }

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("1e3", 1000L)]
    [InlineData("1.0", 1L)]
    [InlineData("\"42\"", 42L)]
    [InlineData("\" 42 \"", 42L)]
    [InlineData("0", 0L)]
    public async Task Integers_at_the_edge_of_long_parse_exactly(string raw, long expected)
    {
        using var http = Http(With("CoinGecko", "api_key_current_total_monthly_calls", raw));
        var snapshot = await new CoinGeckoUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();
        Assert.Equal(expected, snapshot.Raw!.ApiKeyCurrentTotalMonthlyCalls);
        Assert.Equal(expected, snapshot.Quotas[1].Used);
    }

    // ---- decimals ----------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("0.1", "0.1")]
    [InlineData("1e-7", "0.0000001")]
    [InlineData("1E-7", "0.0000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335", "-79228162514264337593543950335")]
    [InlineData("0.1000000000000000000000000001", "0.1000000000000000000000000001")]
    [InlineData("1234567.891", "1234567.891")]
    [InlineData("1E+2", "100")]
    [InlineData("\"0.1\"", "0.1")]
    [InlineData("\"1e-7\"", "0.0000001")]
    public async Task Decimals_keep_their_value(string raw, string expected)
    {
        var value = decimal.Parse(expected, NumberStyles.Float, CultureInfo.InvariantCulture);
        using var http = Http(With("CoinGecko", "monthly_call_credit", raw));
        var snapshot = await new CoinGeckoUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal(value, snapshot.Raw!.MonthlyCallCredit);
        Assert.Equal(value, snapshot.CreditsLimit);
        // Exact, with no double on the way: 28 significant digits survive (a double keeps 15 to 17).
        Assert.Equal(decimal.GetBits(value)[0..3], decimal.GetBits(snapshot.CreditsLimit!.Value)[0..3]);
    }

    [Theory]
    [InlineData("79228162514264337593543950336")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1e29")]
    [InlineData("\"1e400\"")]
    public async Task A_number_beyond_decimal_is_a_malformed_response(string raw)
    {
        using var http = Http(With("CoinGecko", "monthly_call_credit", raw));
        var ex = await Record.ExceptionAsync(() => new CoinGeckoUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync());
        var malformed = Assert.IsType<UsageGenMalformedResponseException>(ex);
        Assert.Contains("monthly_call_credit", malformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoinStats_decimals_keep_their_value_through_the_snapshot_and_its_json()
    {
        const string body = """{"totalCredits":0.1,"usedCredits":1e-7,"remainingCredits":0.0999999,"subscription":"PRO"}""";
        using var http = Http(body);
        var snapshot = await UsageCatalog.Create("CoinStats", http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal(0.1m, snapshot.CreditsLimit);
        Assert.Equal(0.0000001m, snapshot.CreditsUsed);
        Assert.Equal(0.0999999m, snapshot.CreditsRemaining);
        var json = JsonNode.Parse(UsageSnapshotJson.Serialize(snapshot))!;
        Assert.Equal(0.1m, json["creditsLimit"]!.GetValue<decimal>());
        Assert.Equal(0.0000001m, json["creditsUsed"]!.GetValue<decimal>());
    }

    // ---- dates -------------------------------------------------------------------------------------------------------

    private static readonly DateTimeOffset April1 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("\"2026-04-01T00:00:00Z\"", 0)]
    [InlineData("\"2026-04-01T00:00:00.123Z\"", 1_230_000)]
    [InlineData("\"2026-04-01T00:00:00.1234567Z\"", 1_234_567)]
    [InlineData("\"2026-04-01T00:00:00\"", 0)] // no offset: UTC
    [InlineData("\"2026-04-01T00:00:00.5\"", 5_000_000)]
    [InlineData("\"2026-04-01T02:00:00+02:00\"", 0)]
    [InlineData("\"2026-03-31T19:00:00-05:00\"", 0)]
    [InlineData("\"2026-04-01T02:00:00.250+0200\"", 2_500_000)]
    [InlineData("\"2026-04-01\"", 0)] // a date alone: midnight UTC
    [InlineData("\"2026-04-01 00:00:00\"", 0)]
    [InlineData("\"2026-04-01T00:00Z\"", 0)]
    [InlineData("1775001600", 0)] // Unix seconds
    [InlineData("1775001600000", 0)] // Unix milliseconds
    [InlineData("1775001600123", 1_230_000)]
    [InlineData("\"1775001600\"", 0)]
    [InlineData("1775001600.5", 5_000_000)]
    [InlineData("\"Wed, 01 Apr 2026 00:00:00 GMT\"", 0)]
    public async Task Date_times_parse_as_providers_send_them(string raw, long extraTicks)
    {
        var expected = April1.AddTicks(extraTicks);
        using var http = Http(With("Sharpe", "data.quota.resets_at", raw));
        var snapshot = await new SharpeUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync();

        Assert.Equal(expected, snapshot.Raw!.Data.Quota.ResetsAt);
        Assert.Equal(expected.UtcDateTime, snapshot.ResetsAt!.Value.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, snapshot.ResetsAt!.Value.Offset);
    }

    [Theory]
    [InlineData("\"not a date\"")]
    [InlineData("\"2026-13-01T00:00:00Z\"")]
    [InlineData("\"2026-02-30\"")]
    [InlineData("-1")]
    [InlineData("1e400")]
    [InlineData("99999999999999999999")]
    [InlineData("true")]
    [InlineData("{}")]
    public async Task A_value_that_is_no_date_time_is_a_malformed_response(string raw)
    {
        using var http = Http(With("Sharpe", "data.quota.resets_at", raw));
        var ex = await Record.ExceptionAsync(() => new SharpeUsageAdapter(http, new UsageCredentials("k")).GetUsageAsync());
        var malformed = Assert.IsType<UsageGenMalformedResponseException>(ex);
        Assert.Contains("resets_at", malformed.Message, StringComparison.Ordinal);
    }
}
