using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;
using UsageGen.Forecasting;

namespace UsageGen.CommandLine;

/// <summary>One quota's figures as one run recorded them.</summary>
internal sealed record QuotaPoint(DateTimeOffset At, string Provider, QuotaScope Scope, string Quota, decimal? Used, decimal? Limit,
    decimal? Remaining, bool Unlimited, DateTimeOffset? ResetsAt, string? Unit, string? Window, string? Plan)
{
    public QuotaKey Key => new(Provider, Scope, Quota);

    public QuotaObservation Observation => new(At, Used, Limit, Remaining, ResetsAt, Unlimited);
}

/// <summary>The history file cannot be used as it is; <see cref="Exception.Message"/> says why, key-free.</summary>
internal sealed class HistoryUnavailableException : Exception
{
    public HistoryUnavailableException(string message) : base(message) { }
}

/// <summary>
/// The history file: every run's normalized figures (never the raw body, never a credential), in SQLite.
/// Safe for concurrent runs (WAL, and a busy timeout: a writer waits for another instead of failing), versioned with
/// <c>PRAGMA user_version</c> and upgraded in place, and a file that is not a usable database is set aside (renamed)
/// and a new one started.
/// </summary>
internal sealed class HistoryStore : IDisposable
{
    /// <summary>The schema this version writes. A file at a higher version is left alone.</summary>
    public const int SchemaVersion = 2;

    public const string DefaultPathForHelp = "<local app data>/usagegen/history.db";

    /// <summary>
    /// Step <c>i</c> takes a file from version <c>i</c> to <c>i + 1</c>. v1: runs, snapshots, quotas (figures as exact
    /// decimal text, times as Unix milliseconds). v2: runs.demo, so demo runs never mix with real usage, and an index for
    /// reading one provider's history.
    /// </summary>
    internal static readonly string[][] Migrations =
    {
        new[]
        {
            "CREATE TABLE runs (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)",
            "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, " +
            "provider TEXT NOT NULL, observed_at INTEGER NOT NULL, plan TEXT)",
            "CREATE TABLE quotas (snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE, position INTEGER NOT NULL, " +
            "name TEXT NOT NULL, scope TEXT NOT NULL, used TEXT, \"limit\" TEXT, remaining TEXT, unlimited INTEGER NOT NULL, " +
            "resets_at INTEGER, unit TEXT, window TEXT, PRIMARY KEY (snapshot_id, position))",
        },
        new[]
        {
            "ALTER TABLE runs ADD COLUMN demo INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX snapshots_provider_time ON snapshots (provider, observed_at)",
        },
    };

    private readonly SqliteConnection _connection;

    private HistoryStore(string path, SqliteConnection connection)
    {
        FilePath = path;
        _connection = connection;
    }

    public string FilePath { get; }

    /// <summary>The default file: the user's local data folder, <c>usagegen/history.db</c>.</summary>
    public static string DefaultPath(IReadOnlyDictionary<string, string?> environment) => Path.Combine(UserFolders.Data(environment), "history.db");

    /// <summary>
    /// Opens <paramref name="path"/>, creating or upgrading it. A file that is not a SQLite database (or is corrupt) is
    /// renamed to <c>history.db.corrupt-&lt;UTC time&gt;</c>, reported in <paramref name="notes"/>, and a new one started.
    /// </summary>
    /// <exception cref="HistoryUnavailableException">It cannot be used (a newer schema, no permission, a full disk...).</exception>
    public static HistoryStore Open(string path, DateTimeOffset now, ICollection<string> notes)
    {
        try
        {
            return OpenOnce(path);
        }
        catch (SqliteException e) when (IsCorrupt(e))
        {
            var aside = SetAside(path, now);
            notes.Add($"history: {path} is not a usable SQLite database ({Reason(e)}); moved it to {Path.GetFileName(aside)} and started a new history.");
            try
            {
                return OpenOnce(path);
            }
            catch (SqliteException again)
            {
                throw new HistoryUnavailableException($"cannot create {path}: {Reason(again)}");
            }
        }
        catch (SqliteException e)
        {
            throw new HistoryUnavailableException($"cannot open {path}: {Reason(e)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HistoryUnavailableException($"cannot open {path}: {e.Message}");
        }
    }

    private static HistoryStore OpenOnce(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Microsoft.Data.Sqlite retries a busy database until this many seconds have passed; no pooled handle keeps
            // the file open after the run.
            DefaultTimeout = 30,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 30000");
            // WAL: readers never block the writer, and concurrent runs queue their short write transactions.
            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, "PRAGMA synchronous = NORMAL");
            Execute(connection, "PRAGMA foreign_keys = ON");
            Migrate(connection, path);
            return new HistoryStore(path, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Upgrades the file to <see cref="SchemaVersion"/> in one write transaction (another run upgrading at the same time waits, then finds it done).</summary>
    private static void Migrate(SqliteConnection connection, string path)
    {
        var version = UserVersion(connection);
        if (version == SchemaVersion) return;
        if (version > SchemaVersion)
            throw new HistoryUnavailableException(
                $"{path} was written by a newer usagegen (history schema {version}; this one knows up to {SchemaVersion}): not recorded, not read.");

        using var transaction = connection.BeginTransaction(deferred: false);
        version = UserVersion(connection, transaction);
        if (version > SchemaVersion)
            throw new HistoryUnavailableException(
                $"{path} was written by a newer usagegen (history schema {version}; this one knows up to {SchemaVersion}): not recorded, not read.");
        for (var v = version; v < SchemaVersion; v++)
            foreach (var sql in Migrations[v])
                Execute(connection, sql, transaction);
        Execute(connection, "PRAGMA user_version = " + SchemaVersion.ToString(CultureInfo.InvariantCulture), transaction);
        transaction.Commit();
    }

    internal static int UserVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Records one run: every snapshot's quotas at <paramref name="at"/>. Text that could echo a credential goes through <paramref name="redact"/>.</summary>
    public void Record(DateTimeOffset at, bool demo, IEnumerable<UsageSnapshot> snapshots, Func<string, string> redact)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        long runId;
        using (var run = _connection.CreateCommand())
        {
            run.Transaction = transaction;
            run.CommandText = "INSERT INTO runs (at, demo) VALUES ($at, $demo) RETURNING id";
            run.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            run.Parameters.AddWithValue("$demo", demo ? 1 : 0);
            runId = Convert.ToInt64(run.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using var snapshot = _connection.CreateCommand();
        snapshot.Transaction = transaction;
        snapshot.CommandText = "INSERT INTO snapshots (run_id, provider, observed_at, plan) VALUES ($run, $provider, $at, $plan) RETURNING id";
        var pRun = snapshot.Parameters.Add("$run", SqliteType.Integer);
        var pProvider = snapshot.Parameters.Add("$provider", SqliteType.Text);
        var pAt = snapshot.Parameters.Add("$at", SqliteType.Integer);
        var pPlan = snapshot.Parameters.Add("$plan", SqliteType.Text);

        using var quota = _connection.CreateCommand();
        quota.Transaction = transaction;
        quota.CommandText = "INSERT INTO quotas (snapshot_id, position, name, scope, used, \"limit\", remaining, unlimited, resets_at, unit, window) " +
                            "VALUES ($snapshot, $position, $name, $scope, $used, $limit, $remaining, $unlimited, $resets, $unit, $window)";
        var qSnapshot = quota.Parameters.Add("$snapshot", SqliteType.Integer);
        var qPosition = quota.Parameters.Add("$position", SqliteType.Integer);
        var qName = quota.Parameters.Add("$name", SqliteType.Text);
        var qScope = quota.Parameters.Add("$scope", SqliteType.Text);
        var qUsed = quota.Parameters.Add("$used", SqliteType.Text);
        var qLimit = quota.Parameters.Add("$limit", SqliteType.Text);
        var qRemaining = quota.Parameters.Add("$remaining", SqliteType.Text);
        var qUnlimited = quota.Parameters.Add("$unlimited", SqliteType.Integer);
        var qResets = quota.Parameters.Add("$resets", SqliteType.Integer);
        var qUnit = quota.Parameters.Add("$unit", SqliteType.Text);
        var qWindow = quota.Parameters.Add("$window", SqliteType.Text);

        foreach (var s in snapshots)
        {
            pRun.Value = runId;
            pProvider.Value = s.Provider;
            pAt.Value = at.ToUnixTimeMilliseconds();
            pPlan.Value = Text(s.Plan, redact);
            var snapshotId = Convert.ToInt64(snapshot.ExecuteScalar(), CultureInfo.InvariantCulture);
            for (var i = 0; i < s.Quotas.Count; i++)
            {
                var q = s.Quotas[i];
                qSnapshot.Value = snapshotId;
                qPosition.Value = i;
                qName.Value = redact(q.Name);
                qScope.Value = q.Scope.ToString();
                qUsed.Value = Number(q.Used);
                qLimit.Value = Number(q.Limit);
                qRemaining.Value = Number(q.Remaining);
                qUnlimited.Value = q.IsUnlimited ? 1 : 0;
                qResets.Value = q.ResetsAt is { } r ? r.ToUnixTimeMilliseconds() : DBNull.Value;
                qUnit.Value = Text(q.Unit, redact);
                qWindow.Value = Text(q.Window, redact);
                quota.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    /// <summary>
    /// Recorded points from <paramref name="since"/> on, oldest first: of demo runs or of real ones, of one provider
    /// (case-insensitive) or all, of one quota or all; with <paramref name="last"/>, only that many of the newest.
    /// </summary>
    public IReadOnlyList<QuotaPoint> Points(bool demo, DateTimeOffset since, string? provider = null, QuotaKey? key = null, int? last = null)
    {
        using var command = _connection.CreateCommand();
        var where = "r.demo = $demo AND s.observed_at >= $since";
        command.Parameters.AddWithValue("$demo", demo ? 1 : 0);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        if (key is { } k)
        {
            where += " AND s.provider = $provider AND q.scope = $scope AND q.name = $name";
            command.Parameters.AddWithValue("$provider", k.Provider);
            command.Parameters.AddWithValue("$scope", k.Scope.ToString());
            command.Parameters.AddWithValue("$name", k.Name);
        }
        else if (provider is not null)
        {
            where += " AND s.provider = $provider COLLATE NOCASE";
            command.Parameters.AddWithValue("$provider", provider);
        }
        var select = "SELECT s.observed_at, s.provider, q.scope, q.name, q.used, q.\"limit\", q.remaining, q.unlimited, q.resets_at, q.unit, q.window, s.plan, s.id, q.position " +
                     "FROM quotas q JOIN snapshots s ON q.snapshot_id = s.id JOIN runs r ON s.run_id = r.id WHERE " + where;
        command.CommandText = last is { } n
            ? $"SELECT * FROM ({select} ORDER BY s.observed_at DESC, s.id DESC, q.position DESC LIMIT {n.ToString(CultureInfo.InvariantCulture)}) ORDER BY 1, 13, 14"
            : select + " ORDER BY s.observed_at, s.id, q.position";

        var points = new List<QuotaPoint>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            points.Add(new QuotaPoint(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                reader.GetString(1),
                Enum.TryParse<QuotaScope>(reader.GetString(2), out var scope) ? scope : QuotaScope.Other,
                reader.GetString(3),
                Decimal(reader, 4), Decimal(reader, 5), Decimal(reader, 6),
                reader.GetInt64(7) != 0,
                reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }
        return points;
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>SQLITE_CORRUPT (11) or SQLITE_NOTADB (26): the file is not a database we can read.</summary>
    public static bool IsCorrupt(SqliteException e) => e.SqliteErrorCode is 11 or 26;

    /// <summary>The SQLite reason without the library's "SQLite Error N:" prefix.</summary>
    private static string Reason(SqliteException e)
    {
        var message = e.Message;
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return (message.StartsWith("SQLite Error", StringComparison.Ordinal) && colon > 0 ? message[(colon + 2)..] : message).Trim().Trim('\'', '.');
    }

    /// <summary>Renames the file (and its -wal/-shm, which belong to it) out of the way; returns the new name.</summary>
    internal static string SetAside(string path, DateTimeOffset now)
    {
        SqliteConnection.ClearAllPools();
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = path + ".corrupt-" + stamp;
        for (var i = 2; File.Exists(target); i++) target = path + ".corrupt-" + stamp + "-" + i.ToString(CultureInfo.InvariantCulture);
        File.Move(path, target);
        foreach (var suffix in new[] { "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Move(path + suffix, target + suffix, overwrite: true);
        return target;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object Text(string? value, Func<string, string> redact) => value is null ? DBNull.Value : redact(value);

    private static object Number(decimal? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : DBNull.Value;

    private static decimal? Decimal(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : decimal.Parse(reader.GetString(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
}
