using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace UsageGen.Cli;

/// <summary>One run of <c>usagegen</c> once the options are known: pick the mode, query, show, choose the exit code.</summary>
internal sealed class UsageCommand
{
    /// <summary>The key demo mode sends; the demo server ignores it.</summary>
    public const string DemoKey = "demo-key";

    private readonly CliHost _host;
    private readonly CliOptions _options;
    private readonly IConfiguration _configuration;
    private readonly IReadOnlyList<UsageProviderInfo> _catalog;

    public UsageCommand(CliHost host, CliOptions options, IConfiguration configuration, IReadOnlyList<UsageProviderInfo> catalog)
    {
        _host = host;
        _options = options;
        _configuration = configuration;
        _catalog = catalog;
    }

    private IAnsiConsole Out => _host.Out;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var settings = _catalog.ToDictionary(i => i.Name, i => Settings.Read(_configuration, i), StringComparer.OrdinalIgnoreCase);
        var redactor = UsageGenRedactor.For(settings.Values.Select(s => s.Credentials));
        var selected = _options.Providers.Count > 0 ? _options.Providers : _catalog;
        var demo = _options.Demo || !settings.Values.Any(s => s.HasCredentials);

        foreach (var unknown in Settings.UnknownProviderSections(_configuration, _catalog))
            Note($"[yellow]Warning:[/] ignoring {Markup.Escape(Settings.Root + ":" + unknown)}: no provider named '{Markup.Escape(unknown)}' " +
                 $"(known: {Markup.Escape(string.Join(", ", _catalog.Select(p => p.Name)))}).");

        var targets = new List<FetchTarget>();
        var notConfigured = new List<UsageProviderInfo>();
        DemoServer? server = null;
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

            if (_options.Watch is { } interval)
                return await WatchAsync(targets, redactor, interval, notConfigured, ct).ConfigureAwait(false);

            var results = await FetchAsync(targets, redactor, ct).ConfigureAwait(false);
            if (_options.Json)
            {
                var writer = Out.Profile.Out.Writer;
                writer.WriteLine(JsonOutput.Serialize(results));
                writer.Flush();
            }
            else
            {
                Out.Write(UsageView.Build(results, ViewOptions(notConfigured, null)));
                Summary(results);
            }
            return ExitCode(results);
        }
        finally
        {
            foreach (var t in targets) t.Dispose();
            if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
        }
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
        IRenderable Frame(IReadOnlyList<ProviderResult> results) => UsageView.Build(results, ViewOptions(notConfigured,
            $"Updated {DateTimeOffset.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}; refreshing every {every}. Press Ctrl+C to stop."));

        var caps = Out.Profile.Capabilities;
        if (caps.Ansi && caps.Interactive)
        {
            await Out.Live(new Markup("[dim]Fetching usage...[/]"))
                .AutoClear(false)
                .Overflow(VerticalOverflow.Ellipsis)
                .StartAsync(async ctx =>
                {
                    while (!ct.IsCancellationRequested)
                    {
                        IReadOnlyList<ProviderResult> results;
                        try { results = await UsageFetcher.FetchAllAsync(targets, _options.Timeout, redactor, null, ct).ConfigureAwait(false); }
                        catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                        last = ExitCode(results);
                        ctx.UpdateTarget(Frame(results));
                        ctx.Refresh();
                        if (!await Delay(interval, ct).ConfigureAwait(false)) break;
                    }
                }).ConfigureAwait(false);
        }
        else
        {
            // Not a terminal that can redraw: append one table per refresh.
            while (!ct.IsCancellationRequested)
            {
                IReadOnlyList<ProviderResult> results;
                try { results = await UsageFetcher.FetchAllAsync(targets, _options.Timeout, redactor, null, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                last = ExitCode(results);
                Out.Write(Frame(results));
                Out.WriteLine();
                if (!await Delay(interval, ct).ConfigureAwait(false)) break;
            }
        }
        return last < 0 ? CliCommand.ExitCancelled : last;
    }

    private static async Task<bool> Delay(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await Task.Delay(interval, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private ViewOptions ViewOptions(IReadOnlyList<UsageProviderInfo> notConfigured, string? statusLine) => new()
    {
        Details = _options.Details,
        FailAbove = _options.FailAbove,
        Now = DateTimeOffset.UtcNow,
        Unicode = Out.Profile.Capabilities.Unicode,
        Compact = Out.Profile.Width < 120,
        Narrow = Out.Profile.Width < 100,
        NotConfigured = notConfigured,
        StatusLine = statusLine,
    };

    private void Summary(IReadOnlyList<ProviderResult> results)
    {
        var failed = results.Where(r => r.Error is not null).Select(r => r.Name).ToArray();
        if (failed.Length > 0)
            Out.MarkupLine($"[red]{failed.Length} of {results.Count} provider{(results.Count == 1 ? "" : "s")} failed:[/] {Markup.Escape(string.Join(", ", failed))}.");
        if (_options.FailAbove is { } t)
        {
            var over = Over(results, t).Select(r => $"{r.Name} ({UsageView.Num(r.Snapshot!.PercentUsed!.Value)}%)").ToArray();
            if (over.Length > 0)
                Out.MarkupLine($"[red]Above {UsageView.Num(t)}%:[/] {Markup.Escape(string.Join(", ", over))}.");
        }
    }

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
        if (_host.ErrorIsSeparate) _host.Error.MarkupLine(markup);
    }
}
