using UsageGen.CommandLine;
using UsageGen.EndToEnd.Tests;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using UsageGen.Forecasting;
using Xunit;

namespace UsageGen.Cli.Tests;

/// <summary>The history file: a real SQLite file in a temp folder, written by real runs against a local Kestrel.</summary>
public sealed class HistoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private const string Key = "sk-live-coinstats-7f3a9c21d0";

    private LocalServer _server = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("usagegen-history-").FullName;

    public async Task InitializeAsync() => _server = await LocalServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string HistoryFile => Path.Combine(_folder, "history.db");

    private static string CoinStatsBody(decimal used, string plan = "PRO") => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["totalCredits"] = 100000m, ["usedCredits"] = used, ["remainingCredits"] = 100000m - used, ["subscription"] = plan,
    });

    /// <summary>CoinStats alone, with a key, at the local server answering <paramref name="body"/>.</summary>
    private Dictionary<string, string?> CoinStats(string body)
    {
        var p = Documented.Get("CoinStats");
        _server.Route("GET", p.ServedPath, CannedResponse.Json(body));
        return new Dictionary<string, string?>
        {
            ["COINSTATS_API_KEY"] = Key,
            ["UsageGen__Providers__CoinStats__BaseAddress"] = new Uri(_server.BaseAddress, p.Prefix).ToString(),
        };
    }

    private static Task<(CliRun Out, string Error)> RunAt(DateTimeOffset at, IReadOnlyDictionary<string, string?> env, params string[] args) =>
        Cli.RunWithOptionsAsync(new UsageGenCommandOptions { Environment = env, TimeProvider = new FakeTimeProvider(at), UseConfigurationFiles = false },
            CancellationToken.None, args);

    private static long Count(string file, string table)
    {
        using var c = new SqliteConnection($"Data Source={file};Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT COUNT(*) FROM " + table;
        return (long)q.ExecuteScalar()!;
    }

    private static long UserVersion(string file)
    {
        using var c = new SqliteConnection($"Data Source={file};Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "PRAGMA user_version";
        return (long)q.ExecuteScalar()!;
    }

    [Fact]
    public async Task The_next_run_shows_what_was_used_since_and_when_it_runs_out_at_that_pace()
    {
        var (first, _) = await RunAt(T0, CoinStats(CoinStatsBody(45000)), "--history", HistoryFile);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("first run", first.Row("CoinStats"), StringComparison.Ordinal);

        // An hour later 1,000 more are used: 54,000 left at 1,000 an hour runs out in 54 hours; CoinStats reports no reset.
        var (second, _) = await RunAt(T0.AddHours(1), CoinStats(CoinStatsBody(46000)), "--history", HistoryFile);
        Assert.True(second.ExitCode == 0, second.ToString());
        var row = second.Row("CoinStats");
        Assert.Contains("+1,000 (1h 0m)", row, StringComparison.Ordinal);
        Assert.Contains("in 2d 6h", row, StringComparison.Ordinal);
        Assert.Contains("Since last run", second.Output, StringComparison.Ordinal);
        Assert.Contains("Runs out", second.Output, StringComparison.Ordinal);

        // The figures are the hosted monitor's: the same forecaster over the same observations says the same.
        var forecaster = new UsageForecaster();
        forecaster.Observe(new QuotaKey("CoinStats", QuotaScope.Account, "x"), new QuotaObservation(T0, 45000, 100000, 55000));
        forecaster.Observe(new QuotaKey("CoinStats", QuotaScope.Account, "x"), new QuotaObservation(T0.AddHours(1), 46000, 100000, 54000));
        Assert.Equal(T0.AddHours(55), forecaster.Forecasts().Single().ExhaustsAt);

        var (json, _) = await RunAt(T0.AddHours(2), Cli.NoKeys, "history", "--json", "--history", HistoryFile);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Output);
        var series = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("CoinStats", series.GetProperty("provider").GetString());
        Assert.Equal(new[] { 45000m, 46000m }, series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("used").GetDecimal()).ToArray());
        Assert.Equal(new[] { T0, T0.AddHours(1) }, series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("at").GetDateTimeOffset()).ToArray());
        Assert.Equal(1000d, series.GetProperty("forecast").GetProperty("usedPerHour").GetDouble());
        Assert.Equal(T0.AddHours(55), series.GetProperty("forecast").GetProperty("runsOutAt").GetDateTimeOffset());

        var (csv, _) = await RunAt(T0.AddHours(2), Cli.NoKeys, "history", "--csv", "--history", HistoryFile);
        var lines = csv.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(HistoryCommand.CsvHeader, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026-11-20T10:00:00.000Z,CoinStats,", lines[2], StringComparison.Ordinal);
        Assert.Contains(",46000,100000,54000,false,,", lines[2], StringComparison.Ordinal);

        var (chart, _) = await RunAt(T0.AddHours(2), Cli.NoKeys, "history", "--history", HistoryFile);
        Assert.True(chart.ExitCode == 0, chart.ToString());
        Assert.Contains("CoinStats quota", chart.Output, StringComparison.Ordinal);
        Assert.Contains("limit 100,000", chart.Output, StringComparison.Ordinal);
        Assert.Contains("09:00", chart.Output, StringComparison.Ordinal);
        Assert.Contains("10:00", chart.Output, StringComparison.Ordinal);
        Assert.Contains("46,000", chart.Output, StringComparison.Ordinal);
        Assert.Contains("█", chart.Output, StringComparison.Ordinal);
        // QuotaForecast.Describe, as of two hours after the first run: 53 hours left.
        Assert.Contains("runs out in 2 days", chart.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_counter_that_dropped_shows_a_reset_not_a_negative_figure()
    {
        await RunAt(T0, CoinStats(CoinStatsBody(45000)), "--history", HistoryFile);
        var (run, _) = await RunAt(T0.AddDays(1), CoinStats(CoinStatsBody(200)), "--history", HistoryFile);

        var row = run.Row("CoinStats");
        Assert.Contains("reset", row, StringComparison.Ordinal);
        Assert.DoesNotContain("-44,800", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_schema_is_upgraded_in_place_and_its_runs_are_kept()
    {
        // A version-1 file, as the first history-writing usagegen left it: no runs.demo column, no index.
        using (var c = new SqliteConnection($"Data Source={HistoryFile};Pooling=False"))
        {
            c.Open();
            foreach (var sql in HistoryStore.Migrations[0].Append("PRAGMA user_version = 1"))
                Exec(c, sql);
            var at = T0.AddHours(-2).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            Exec(c, $"INSERT INTO runs (id, at) VALUES (1, {at})");
            Exec(c, $"INSERT INTO snapshots (id, run_id, provider, observed_at, plan) VALUES (1, 1, 'CoinStats', {at}, 'PRO')");
            Exec(c, "INSERT INTO quotas (snapshot_id, position, name, scope, used, \"limit\", remaining, unlimited) " +
                    "VALUES (1, 0, 'credits', 'Account', '43000', '100000', '57000', 0)");
        }
        Assert.Equal(1, UserVersion(HistoryFile));

        var (run, error) = await RunAt(T0, CoinStats(CoinStatsBody(45000)), "--history", HistoryFile);

        Assert.True(run.ExitCode == 0, run + error);
        Assert.Equal(HistoryStore.SchemaVersion, UserVersion(HistoryFile));
        Assert.Equal(2, Count(HistoryFile, "runs"));
        // The old run counts as real usage (demo = 0 by default) and is the previous run. The quota name must match the
        // generated adapter's, so compare with what this run recorded.
        using var store = HistoryStore.Open(HistoryFile, T0, new List<string>());
        var points = store.Points(demo: false, DateTimeOffset.MinValue, provider: "CoinStats");
        Assert.Equal(2, points.Count);
        Assert.Equal(43000m, points[0].Used);
        Assert.Equal(45000m, points[1].Used);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var q = c.CreateCommand();
        q.CommandText = sql;
        q.ExecuteNonQuery();
    }

    [Fact]
    public void Migrating_from_every_older_version_gives_the_same_schema_as_a_new_file()
    {
        string Schema(string file)
        {
            using var c = new SqliteConnection($"Data Source={file};Pooling=False");
            c.Open();
            using var q = c.CreateCommand();
            q.CommandText = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name";
            using var r = q.ExecuteReader();
            var sb = new StringBuilder();
            while (r.Read()) sb.Append(r.GetString(0)).Append(' ').Append(r.GetString(1)).Append(' ').Append(r.IsDBNull(2) ? "" : r.GetString(2)).Append('\n');
            return sb.ToString();
        }

        var fresh = Path.Combine(_folder, "fresh.db");
        HistoryStore.Open(fresh, T0, new List<string>()).Dispose();
        for (var version = 0; version < HistoryStore.SchemaVersion; version++)
        {
            var old = Path.Combine(_folder, $"v{version}.db");
            using (var c = new SqliteConnection($"Data Source={old};Pooling=False"))
            {
                c.Open();
                foreach (var sql in HistoryStore.Migrations.Take(version).SelectMany(m => m)) Exec(c, sql);
                Exec(c, "PRAGMA user_version = " + version.ToString(CultureInfo.InvariantCulture));
            }
            HistoryStore.Open(old, T0, new List<string>()).Dispose();
            Assert.Equal(HistoryStore.SchemaVersion, UserVersion(old));
            Assert.Equal(Schema(fresh), Schema(old));
        }
    }

    [Fact]
    public async Task Runs_in_separate_processes_at_the_same_time_all_record()
    {
        const int processes = 4;
        var runs = Enumerable.Range(0, processes)
            .Select(_ => ProcessTests.RunProcessAsync("--demo", "--provider", "coinstats", "--json", "--history", HistoryFile))
            .ToArray();
        var results = await Task.WhenAll(runs);

        foreach (var (exit, stdout, stderr) in results)
        {
            Assert.True(exit == 0, stdout + stderr);
            Assert.DoesNotContain("history", stderr, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(processes, Count(HistoryFile, "runs"));
        Assert.Equal(processes, Count(HistoryFile, "snapshots"));
    }

    [Fact]
    public async Task Writers_on_separate_connections_at_the_same_time_all_record()
    {
        const int writers = 6, each = 20;
        var snapshot = new UsageSnapshot
        {
            Provider = "Acme",
            Quotas = new[] { UsageQuota.Create("credits", QuotaScope.Account, used: 10m, limit: 100m, remaining: null) },
        };
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < each; i++)
            {
                // A new connection each time, as separate runs do; creating and migrating the file races too.
                using var store = HistoryStore.Open(HistoryFile, T0, new List<string>());
                store.Record(T0.AddSeconds(w * each + i), demo: false, new[] { snapshot }, s => s);
            }
        })));

        Assert.Equal(writers * each, Count(HistoryFile, "runs"));
        Assert.Equal(writers * each, Count(HistoryFile, "quotas"));
    }

    [Fact]
    public async Task A_corrupt_file_is_reported_set_aside_and_a_new_history_started()
    {
        var garbage = string.Concat(Enumerable.Repeat("this is not a database; ", 200));
        File.WriteAllText(HistoryFile, garbage);

        var (run, error) = await RunAt(T0, CoinStats(CoinStatsBody(45000)), "--history", HistoryFile);

        Assert.True(run.ExitCode == 0, run + error);
        run.AssertNoStackTrace();
        Assert.Contains("is not a usable SQLite database", error, StringComparison.Ordinal);
        Assert.Contains("history.db.corrupt-20261120T090000Z", error, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllText(HistoryFile + ".corrupt-20261120T090000Z"));
        Assert.Equal(1, Count(HistoryFile, "runs"));
        Assert.Contains("first run", run.Row("CoinStats"), StringComparison.Ordinal);

        // The history command handles one the same way.
        File.WriteAllText(HistoryFile, garbage);
        var (chart, chartError) = await RunAt(T0.AddMinutes(1), Cli.NoKeys, "history", "--history", HistoryFile);
        Assert.True(chart.ExitCode == 0, chart + chartError);
        Assert.Contains("is not a usable SQLite database", chartError, StringComparison.Ordinal);
        Assert.True(File.Exists(HistoryFile + ".corrupt-20261120T090100Z"));
    }

    [Fact]
    public async Task A_file_from_a_newer_usagegen_is_left_alone_and_the_table_still_shows()
    {
        using (var c = new SqliteConnection($"Data Source={HistoryFile};Pooling=False"))
        {
            c.Open();
            Exec(c, "CREATE TABLE future (x INTEGER)");
            Exec(c, "PRAGMA user_version = 99");
        }

        var (run, error) = await RunAt(T0, CoinStats(CoinStatsBody(45000)), "--history", HistoryFile);

        Assert.True(run.ExitCode == 0, run + error);
        Assert.Contains("newer usagegen", error, StringComparison.Ordinal);
        Assert.Equal(99, UserVersion(HistoryFile));
        Assert.Contains("PRO", run.Row("CoinStats"), StringComparison.Ordinal);
        Assert.DoesNotContain("Since last", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_secret_is_stored_even_when_the_provider_echoes_the_key()
    {
        // The plan field and an unknown field echo the key; so does a header-like field.
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["totalCredits"] = 100000, ["usedCredits"] = 45000, ["remainingCredits"] = 55000,
            ["subscription"] = "PRO for " + Key, ["echo"] = Key, ["apiKey"] = Uri.EscapeDataString(Key),
        });

        var (run, error) = await RunAt(T0, CoinStats(body), "--history", HistoryFile);
        Assert.True(run.ExitCode == 0, run + error);
        SqliteConnection.ClearAllPools();

        var stored = Encoding.UTF8.GetString(Directory.GetFiles(_folder, "history.db*").SelectMany(File.ReadAllBytes).ToArray());
        Assert.True(stored.Length > 0);
        Assert.DoesNotContain(Key, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Key.Replace("-", "", StringComparison.Ordinal), stored, StringComparison.Ordinal);
        using var store = HistoryStore.Open(HistoryFile, T0, new List<string>());
        var point = Assert.Single(store.Points(demo: false, DateTimeOffset.MinValue));
        Assert.Equal("PRO for ***", point.Plan);
        Assert.Equal(45000m, point.Used);
    }

    [Fact]
    public async Task The_default_file_is_in_the_users_data_folder_and_no_history_writes_nothing()
    {
        var data = Path.Combine(_folder, "data");
        var env = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = data };

        var (off, _) = await RunAt(T0, env, "--demo", "-p", "coinstats", "--no-history");
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.False(Directory.Exists(Path.Combine(data, "usagegen")));
        Assert.DoesNotContain("Since last", off.Output, StringComparison.Ordinal);

        var (on, _) = await RunAt(T0, env, "--demo", "-p", "coinstats");
        Assert.True(on.ExitCode == 0, on.ToString());
        Assert.Equal(1, Count(Path.Combine(data, "usagegen", "history.db"), "runs"));
    }

    [Fact]
    public async Task Demo_runs_are_kept_apart_from_real_usage_and_history_filters_by_provider_and_age()
    {
        var env = CoinStats(CoinStatsBody(45000));
        await RunAt(T0.AddDays(-40), env, "--history", HistoryFile);
        await RunAt(T0, env, "--history", HistoryFile);
        await RunAt(T0, Cli.NoKeys, "--demo", "-p", "coinstats,tavily", "--history", HistoryFile);

        async Task<JsonElement[]> Series(params string[] args)
        {
            var (run, error) = await RunAt(T0.AddMinutes(5), Cli.NoKeys, new[] { "history", "--json", "--history", HistoryFile }.Concat(args).ToArray());
            Assert.True(run.ExitCode == 0, run + error);
            return JsonDocument.Parse(run.Output).RootElement.Clone().EnumerateArray().ToArray();
        }

        var real = Assert.Single(await Series());
        Assert.Equal(1, real.GetProperty("points").GetArrayLength());                          // the default 30 days
        Assert.Equal(2, Assert.Single(await Series("--since", "60d")).GetProperty("points").GetArrayLength());
        // A series per quota: CoinStats has one, Tavily three (plan, key, pay-as-you-go).
        Assert.Equal(new[] { "CoinStats", "Tavily", "Tavily", "Tavily" }, (await Series("--demo")).Select(s => s.GetProperty("provider").GetString()));
        Assert.All(await Series("--demo", "--provider", "TAVILY"), s => Assert.Equal("Tavily", s.GetProperty("provider").GetString()));
        Assert.Empty(await Series("--provider", "tavily"));

        // A newcomer who watched the demo and asks for history without --demo is told where the runs are.
        var (chart, _) = await RunAt(T0.AddMinutes(5), Cli.NoKeys, "history", "--provider", "tavily", "--history", HistoryFile);
        Assert.Contains("No runs recorded", chart.Output);
        Assert.Contains("add --demo", chart.Output);
        var (none, _) = await RunAt(T0.AddMinutes(5), Cli.NoKeys, "history", "--provider", "nosuch", "--history", HistoryFile);
        Assert.DoesNotContain("--demo", none.Output);
    }

    [Fact]
    public void Many_points_become_at_most_twelve_bars_ending_with_the_latest()
    {
        var points = Enumerable.Range(0, 100)
            .Select(i => new QuotaPoint(T0.AddHours(i), "Acme", QuotaScope.Account, "credits", i * 10m, 5000m, null, false, null, "credits", null, null))
            .ToList();

        var bars = HistoryCommand.Bars(points).ToList();

        Assert.InRange(bars.Count, 2, HistoryCommand.MaxBars);
        Assert.Same(points[^1], bars[^1].Point);
        Assert.Equal(bars.Select(b => b.Point.At).OrderBy(t => t), bars.Select(b => b.Point.At));
        Assert.Equal("11-24 12:00", bars[^1].Label);
    }

    [Fact]
    public void Csv_quotes_fields_with_commas_quotes_and_line_breaks()
    {
        var point = new QuotaPoint(T0, "Acme, Inc", QuotaScope.ApiKey, "key \"main\"", 1m, null, null, true, null, null, null, "pro\nplus");
        var csv = HistoryCommand.Csv(new[] { new HistoryCommand.Series(point.Key, new[] { point }) });
        Assert.Equal(HistoryCommand.CsvHeader + "\r\n2026-11-20T09:00:00.000Z,\"Acme, Inc\",\"key \"\"main\"\"\",apiKey,1,,,true,,,,\"pro\nplus\"\r\n", csv);
    }
}
