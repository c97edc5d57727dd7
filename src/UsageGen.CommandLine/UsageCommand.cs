using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace UsageGen.CommandLine;

/// <summary>One run of <c>usagegen</c> once the options are parsed: load specs, pick the mode, query, record, show, choose the exit code.</summary>
internal sealed class UsageCommand
{
    /// <summary>The key demo mode sends; the demo server ignores it.</summary>
    public const string DemoKey = "demo-key";

    private readonly CliHost _host;
    private readonly CliOptions _options;
    private readonly IReadOnlyList<UsageProviderInfo> _compiledIn;
    private readonly IReadOnlyList<string> _configurationArgs;
    private IConfiguration _configuration = null!;
    private IReadOnlyList<UsageProviderInfo> _catalog;
    private RunHistory? _history;
    private bool _demo;

    public UsageCommand(CliHost host, CliCommand command, ParseResult parse, IReadOnlyList<UsageProviderInfo> catalog, IReadOnlyList<string> configurationArgs)
    {
        _host = host;
        _options = command.Read(parse);
        _compiledIn = catalog;
        _catalog = catalog;
        _configurationArgs = configurationArgs;
    }

    private IAnsiConsole Out => _host.Out;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (Configure(_compiledIn) is { } configError) return UsageGenCommand.UsageError(_host, configError);
        var redactor = UsageGenRedactor.ForSecrets(Secrets(_compiledIn));
        var specs = UserSpecs.Load(_host, _options, _configuration, _compiledIn, redactor.Redact, m => Note(Markup.Escape(m)), ct);
        if (specs.UsageError is { } specError) return UsageGenCommand.UsageError(_host, specError);
        if (!ReferenceEquals(specs.Providers, _compiledIn))
        {
            // The user's providers have keys too (ACME_API_KEY, UsageGen:Providers:Acme:ApiKey).
            _catalog = specs.Providers;
            if (Configure(_catalog) is { } configError2) return UsageGenCommand.UsageError(_host, configError2);
        }
        var (named, unknownName) = CliCommand.Select(_catalog, _options.ProviderNames);
        if (unknownName is not null)
            return UsageGenCommand.UsageError(_host, $"Unknown provider '{unknownName}'. Known providers: {string.Join(", ", _catalog.Select(p => p.Name))}.");
        _options.Providers = named;

        var settings = _catalog.ToDictionary(i => i.Name, i => Settings.Read(_configuration, i), StringComparer.OrdinalIgnoreCase);
        redactor = UsageGenRedactor.For(settings.Values.Select(s => s.Credentials));
        var selected = _options.Providers.Count > 0 ? _options.Providers : _catalog;
        var demo = _options.Demo || !settings.Values.Any(s => s.HasCredentials);
        _demo = demo;

        foreach (var unknown in Settings.UnknownProviderSections(_configuration, _catalog))
            Note($"[yellow]Warning:[/] ignoring {Markup.Escape(Settings.Root + ":" + unknown)}: no provider named '{Markup.Escape(unknown)}' " +
                 $"(known: {Markup.Escape(string.Join(", ", _catalog.Select(p => p.Name)))}).");

        var targets = new List<FetchTarget>();
        var notConfigured = new List<UsageProviderInfo>();
        DemoServer? server = null;
        _history = RunHistory.Open(_options.NoHistory ? null : _options.HistoryFile is { } file ? _host.FullPath(file) : HistoryStore.DefaultPath(_host.Environment),
            _host.Time.GetUtcNow(), m => Note("[yellow]" + Markup.Escape(m) + "[/]"));
        try
        {
            if (demo)
            {
                server = await DemoServer.StartAsync(selected, ct).ConfigureAwait(false);
                foreach (var info in selected)
                {
                    if (info.Example is null)
                    {
                        targets.Add(new FetchTarget(info, new ProviderError("noExample", null,
                            $"{info.Name}: the spec documents no example response to show in demo mode.")));
                        continue;
                    }
                    var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
                    {
                        BaseAddress = server.BaseAddressFor(info),
                        Timeout = _options.Timeout,
                    };
                    targets.Add(new FetchTarget(info, http, new UsageCredentials(DemoKey)));
                }
                Note(DemoNote(selected), toOutput: true);
            }
            else
            {
                foreach (var info in selected)
                {
                    var s = settings[info.Name];
                    if (!s.HasCredentials)
                    {
                        if (_options.Providers.Count > 0)
                            targets.Add(new FetchTarget(info, new ProviderError("noApiKey", null,
                                $"no API key: set {info.ApiKeyEnvironmentVariable} (or {Settings.Root}:{info.Name}:ApiKey)")));
                        else
                            notConfigured.Add(info);
                        continue;
                    }
                    if (s.BaseAddressError is { } bad)
                    {
                        targets.Add(new FetchTarget(info, new ProviderError("configuration", null, bad)));
                        continue;
                    }
                    targets.Add(new FetchTarget(info, UsageGenHttp.CreateClient(s.BaseAddress, _options.Timeout), s.Credentials!));
                }
            }
            // A spec of the user's that gave no provider is a failed row, whatever the mode.
            if (_options.ProviderNames.Count == 0)
                foreach (var failure in specs.Failures)
                    targets.Add(new FetchTarget(failure.Row, new ProviderError("spec", null, failure.Message)));

            if (_options.Watch is { } interval)
                return await WatchAsync(targets, redactor, interval, notConfigured, ct).ConfigureAwait(false);

            var results = await FetchAsync(targets, redactor, ct).ConfigureAwait(false);
            var trends = _history.Observe(results, _host.Time.GetUtcNow(), demo, redactor.Redact);
            if (_options.Json)
            {
                var writer = Out.Profile.Out.Writer;
                writer.WriteLine(JsonOutput.Serialize(results));
                writer.Flush();
                if (_options.FailAbove is { } threshold && Over(results, threshold).Any())
                    Note(Markup.Escape(AboveMessage(results, threshold)));
            }
            else
            {
                Out.Write(UsageView.Build(results, ViewOptions(notConfigured, null, trends)));
                Summary(results);
            }
            return ExitCode(results);
        }
        finally
        {
            foreach (var t in targets) t.Dispose();
            if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
            _history.Dispose();
        }
    }

    /// <summary>Builds the configuration for <paramref name="catalog"/>'s providers; a message when it cannot be read.</summary>
    private string? Configure(IReadOnlyList<UsageProviderInfo> catalog)
    {
        try
        {
            _configuration = Settings.Build(_host.Environment, _configurationArgs, _host.CurrentDirectory, _host.UseConfigurationFiles, catalog,
                _host.UserSecretsAssembly);
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or System.Text.Json.JsonException)
        {
            return "cannot read the configuration: " + UsageGenCommand.OneLine(e.Message);
        }
    }

    /// <summary>
    /// Every credential configured for <paramref name="catalog"/>, and, since the user's specs are not loaded yet, any
    /// <c>UsageGen:Providers:*:ApiKey|Password</c> and any <c>*_API_KEY</c> variable: nothing printed while loading specs
    /// (their diagnostics) can show one.
    /// </summary>
    private IEnumerable<string?> Secrets(IReadOnlyList<UsageProviderInfo> catalog)
    {
        foreach (var s in catalog.Select(i => Settings.Read(_configuration, i)))
        {
            yield return s.Credentials?.ApiKey;
            yield return s.Credentials?.Password;
        }
        foreach (var section in _configuration.GetSection(Settings.Root).GetChildren())
        {
            yield return section["ApiKey"];
            yield return section["Password"];
        }
        foreach (var pair in _host.Environment)
            if (pair.Key.EndsWith("_API_KEY", StringComparison.OrdinalIgnoreCase)) yield return pair.Value;
    }

    private async Task<IReadOnlyList<ProviderResult>> FetchAsync(IReadOnlyList<FetchTarget> targets, UsageGenRedactor redactor, CancellationToken ct)
    {
        var caps = Out.Profile.Capabilities;
        if (_options.Json || !caps.Interactive || !caps.Ansi || targets.All(t => t.Precondition is not null))
            return await UsageFetcher.FetchAllAsync(targets, _options.Timeout, redactor, null, ct).ConfigureAwait(false);

        IReadOnlyList<ProviderResult> results = Array.Empty<ProviderResult>();
        var total = targets.Count;
        var done = 0;
        await Out.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync($"Fetching usage from {total} provider{(total == 1 ? "" : "s")}...", async ctx =>
            {
                results = await UsageFetcher.FetchAllAsync(targets, _options.Timeout, redactor, r =>
                {
                    var n = Interlocked.Increment(ref done);
                    ctx.Status($"Fetching usage... {n}/{total} ({Markup.Escape(r.Name)} done)");
                }, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return results;
    }

    private async Task<int> WatchAsync(IReadOnlyList<FetchTarget> targets, UsageGenRedactor redactor, TimeSpan interval,
        IReadOnlyList<UsageProviderInfo> notConfigured, CancellationToken ct)
    {
        var last = -1;
        var every = Duration.Format(interval);
        IRenderable Frame(IReadOnlyList<ProviderResult> results)
        {
            // Every refresh is a run: recorded, and compared with the one before.
            var trends = _history!.Observe(results, _host.Time.GetUtcNow(), _demo, redactor.Redact);
            return UsageView.Build(results, ViewOptions(notConfigured,
                $"Updated {_host.Time.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture)}; refreshing every {every}. Press Ctrl+C to stop.", trends));
        }

        // One refresh loop; only how a frame is shown differs.
        async Task RunAsync(Action<IRenderable> show)
        {
            while (!ct.IsCancellationRequested)
            {
                IReadOnlyList<ProviderResult> results;
                try { results = await UsageFetcher.FetchAllAsync(targets, _options.Timeout, redactor, null, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                last = ExitCode(results);
                show(Frame(results));
                if (!await Delay(interval, ct).ConfigureAwait(false)) break;
            }
        }

        var caps = Out.Profile.Capabilities;
        if (caps.Ansi && caps.Interactive)
        {
            await Out.Live(new Markup("[dim]Fetching usage...[/]"))
                .AutoClear(false)
                .Overflow(VerticalOverflow.Ellipsis)
                .StartAsync(ctx => RunAsync(frame =>
                {
                    ctx.UpdateTarget(frame);
                    ctx.Refresh();
                })).ConfigureAwait(false);
        }
        else
        {
            // Not a terminal that can redraw: append one table per refresh.
            await RunAsync(frame =>
            {
                Out.Write(frame);
                Out.WriteLine();
            }).ConfigureAwait(false);
        }
        return last < 0 ? CliCommand.ExitCancelled : last;
    }

    private async Task<bool> Delay(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await Task.Delay(interval, _host.Time, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private ViewOptions ViewOptions(IReadOnlyList<UsageProviderInfo> notConfigured, string? statusLine, IReadOnlyDictionary<string, Trend> trends) => new()
    {
        Details = _options.Details,
        FailAbove = _options.FailAbove,
        Now = _host.Time.GetUtcNow(),
        Trends = trends,
        History = _history is { IsEnabled: true },
        Unicode = Out.Profile.Capabilities.Unicode,
        Width = Out.Profile.Width,
        Capabilities = Out.Profile.Capabilities,
        NotConfigured = notConfigured,
        StatusLine = statusLine,
    };

    private void Summary(IReadOnlyList<ProviderResult> results)
    {
        var failed = results.Where(r => r.Error is not null).Select(r => r.Name).ToArray();
        if (failed.Length > 0)
            Out.MarkupLine($"[red]{failed.Length} of {results.Count} provider{(results.Count == 1 ? "" : "s")} failed:[/] {Markup.Escape(string.Join(", ", failed))}.");
        if (_options.FailAbove is { } t && Over(results, t).Any())
            Out.MarkupLine("[red]" + Markup.Escape(AboveMessage(results, t)) + "[/]");
    }

    /// <summary>Which providers crossed <c>--fail-above</c>: <c>Above 40%: CoinStats (45%).</c></summary>
    private static string AboveMessage(IReadOnlyList<ProviderResult> results, decimal threshold) =>
        $"Above {UsageView.Num(threshold)}%: " +
        string.Join(", ", Over(results, threshold).Select(r => $"{r.Name} ({UsageView.Num(r.Snapshot!.PercentUsed!.Value)}%)")) + ".";

    private static IEnumerable<ProviderResult> Over(IEnumerable<ProviderResult> results, decimal threshold) =>
        results.Where(r => r.Snapshot?.PercentUsed is { } p && p > threshold);

    private int ExitCode(IReadOnlyList<ProviderResult> results)
    {
        if (_options.FailAbove is { } t && Over(results, t).Any()) return CliCommand.ExitThreshold;
        if (results.Any(r => r.Error is not null)) return CliCommand.ExitProviderFailed;
        return CliCommand.ExitOk;
    }

    private string DemoNote(IReadOnlyList<UsageProviderInfo> selected)
    {
        var why = _options.Demo ? "--demo" : "no API key set";
        var variables = string.Join(", ", selected.Take(2).Select(p => p.ApiKeyEnvironmentVariable)) + (selected.Count > 2 ? ", ..." : "");
        return $"[yellow]Demo data[/] ({Markup.Escape(why)}): the specs' examples, served locally. " +
               $"For real usage set {Markup.Escape(variables)} or {Markup.Escape(Settings.Root)}:<Name>:ApiKey (see --help).";
    }

    /// <summary>
    /// A note for the reader: above the table, or on stderr with <c>--json</c> (dropped there when stderr and stdout
    /// are the same console, so the JSON stays alone).
    /// </summary>
    private void Note(string markup, bool toOutput = false)
    {
        if (!_options.Json)
        {
            (toOutput ? Out : _host.Error).MarkupLine(markup);
            return;
        }
        // stderr only when it is not stdout: the JSON stays alone.
        if (_host.ErrorIsSeparate) _host.Error.MarkupLine(markup);
    }
}
