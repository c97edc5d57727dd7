using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using UsageGen.EndToEnd.Tests;
using UsageGen.Generator;
using UsageGen.TestSupport;

namespace UsageGen.Corpus.Tests;

/// <summary>A diagnostic as recorded: id, severity (after TreatWarningsAsErrors), where and what.</summary>
public sealed record RecordedDiagnostic(string Id, DiagnosticSeverity Severity, bool FromGenerator, string Location, string Message)
{
    /// <summary>Breaks a TreatWarningsAsErrors build.</summary>
    public bool BreaksBuild => Severity >= DiagnosticSeverity.Warning;

    public override string ToString() => $"{Id} {Severity.ToString().ToLowerInvariant()} {Location}: {Message}";
}

/// <summary>The headline figures a snapshot reported, copied out so the collectible context can be unloaded.</summary>
public sealed record SeenFigures(
    string? Plan, decimal? CreditsUsed, decimal? CreditsLimit, decimal? CreditsRemaining, bool IsUnlimited,
    DateTimeOffset? ResetsAt, decimal? RequestsPerMinute, DerivedFigures Derived, string? Unit, string? Window, int QuotaCount)
{
    public static SeenFigures From(UsageSnapshot s) => new(s.Plan, s.CreditsUsed, s.CreditsLimit, s.CreditsRemaining, s.IsUnlimited,
        s.ResetsAt, s.RequestsPerMinute, s.MainQuota?.Derived ?? DerivedFigures.None, s.Unit, s.Window, s.Quotas.Count);
}

/// <summary>What happened to one provider: its build, its adapter, the requests it sent and the snapshot it made.</summary>
public sealed record RunOutcome(
    IReadOnlyList<RecordedDiagnostic> Diagnostics,
    bool Emitted,
    string? AdapterOperation,
    IReadOnlyList<string> RequiredParameters,
    SeenFigures? Figures,
    string? AdapterError,
    IReadOnlyList<RecordedRequest> Requests)
{
    /// <summary>The consumer builds under Nullable and TreatWarningsAsErrors: no warning or error, from the generator or the compiler.</summary>
    public bool BuildClean => !Diagnostics.Any(d => d.BreaksBuild);

    public bool HasAdapter => AdapterOperation is not null;
}

/// <summary>
/// Runs one corpus provider the way a user's project would: the generator over the spec (an AdditionalText), the
/// generated code compiled against the net8.0 reference pack with Nullable and warnings as errors, the assembly loaded
/// in a collectible context, the adapter found through the generated catalog and called over real HTTP.
/// </summary>
public static class CorpusRunner
{
    public const TargetFramework Target = TargetFramework.Net80;

    private static readonly Assembly Runtime = typeof(UsageSnapshot).Assembly;

    public static string ApiKey(string id) => "corpus-test-key-" + id;

    public static string Username(string id) => "corpus-user-" + id;

    /// <summary>
    /// Runs <paramref name="c"/> against <paramref name="server"/>, which serves body.json (and headers.json) under
    /// <c>/&lt;id&gt;/</c> at the expected operation's path (or, when none is expected, wherever the adapter calls).
    /// <paramref name="extraSources"/> are added to the consumer (the harness's own tests use it).
    /// </summary>
    public static async Task<RunOutcome> RunAsync(CorpusCase c, LocalServer server, CancellationToken cancellationToken, params string[] extraSources)
    {
        var compilation = ConsumerCompilation.Create(Target, "Corpus_" + Sanitize(c.Id), extraSources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new UsageGenGenerator().AsSourceGenerator() },
            new AdditionalText[] { new InMemoryText(c.SpecPath, c.SpecText) },
            ConsumerCompilation.ParseOptions(Target),
            optionsProvider: null);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, cancellationToken);

        var diagnostics = new List<RecordedDiagnostic>();
        diagnostics.AddRange(generatorDiagnostics.Select(d => Record(d, fromGenerator: true)));

        using var pe = new MemoryStream();
        var emit = output.Emit(pe, cancellationToken: cancellationToken);
        diagnostics.AddRange(emit.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden).Select(d => Record(d, fromGenerator: false)));
        if (!emit.Success && emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).All(d => d.IsWarningAsError))
        {
            // Only warnings made errors: build it as a project without TreatWarningsAsErrors would, so the figures
            // can still be measured ("with warnings allowed"); the provider stays unclean.
            pe.SetLength(0);
            emit = output.WithOptions(output.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default)).Emit(pe, cancellationToken: cancellationToken);
        }
        if (!emit.Success)
            return new RunOutcome(diagnostics, false, null, Array.Empty<string>(), null, null, Array.Empty<RecordedRequest>());

        pe.Position = 0;
        var context = new CorpusLoadContext(c.Part + "/" + c.Id);
        try
        {
            var assembly = context.LoadFromStream(pe);
            var providers = assembly.GetType("UsageGen.Generated.UsageCatalog")
                ?.GetProperty("Providers", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IReadOnlyList<UsageProviderInfo>;
            if (providers is null || providers.Count == 0)
                return new RunOutcome(diagnostics, true, null, Array.Empty<string>(), null, null, Array.Empty<RecordedRequest>());
            var info = providers.Single();

            var parameters = new Dictionary<string, string>(c.Expected.Parameters, StringComparer.Ordinal);
            if (c.Expected.UsageOperation is null)
                foreach (var name in info.RequiredParameters)
                    parameters.TryAdd(name, "corpus"); // no usage operation expected: let any adapter run, to see what it reports

            var prefix = "/" + c.Id;
            var (method, path) = SplitOperation(c.Expected.UsageOperation ?? info.UsageOperation);
            server.Route(method, prefix + FillPath(path, parameters), CannedResponse.Json(c.Body, 200,
                c.Headers.Select(h => (h.Key, h.Value)).ToArray()));
            // A user and password only for a provider that takes basic authentication: given to every provider, they
            // would let an adapter pick basic where the docs ask for the key.
            var basic = c.Expected.Auth.In == "basic";
            var credentials = new UsageCredentials(ApiKey(c.Id))
            {
                Username = basic ? Username(c.Id) : null,
                Password = basic ? ApiKey(c.Id) : null,
                Parameters = parameters,
            };

            SeenFigures? figures = null;
            string? error = null;
            using var http = server.CreateClient(c.Id + "/");
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                var snapshot = await info.Create(http, credentials).GetUsageAsync(timeout.Token).ConfigureAwait(false);
                figures = SeenFigures.From(snapshot);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = e.GetType().Name + ": " + e.Message;
            }
            var requests = server.Requests.Where(r => r.Path.StartsWith(prefix + "/", StringComparison.Ordinal)).ToList();
            return new RunOutcome(diagnostics, true, info.UsageOperation, info.RequiredParameters, figures, error, requests);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary><c>GET /v1/usage</c> → (GET, /v1/usage).</summary>
    public static (string Method, string Path) SplitOperation(string operation)
    {
        var space = operation.IndexOf(' ');
        return space < 0 ? ("GET", operation) : (operation.Substring(0, space).ToUpperInvariant(), operation.Substring(space + 1).Trim());
    }

    /// <summary>The path with <c>{name}</c> segments filled from <paramref name="parameters"/>, as the server sees it (decoded).</summary>
    public static string FillPath(string path, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var p in parameters) path = path.Replace("{" + p.Key + "}", p.Value, StringComparison.Ordinal);
        return path;
    }

    private static RecordedDiagnostic Record(Diagnostic d, bool fromGenerator)
    {
        var span = d.Location.GetLineSpan();
        var where = span.Path is { Length: > 0 } p ? $"{Path.GetFileName(p)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})" : "-";
        return new RecordedDiagnostic(d.Id, d.Severity, fromGenerator, where, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Sanitize(string id) => new(id.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_').ToArray());

    /// <summary>A collectible context for one provider's consumer; UsageGen.dll comes from the default context so the runtime types are shared.</summary>
    private sealed class CorpusLoadContext : AssemblyLoadContext
    {
        public CorpusLoadContext(string name) : base(name, isCollectible: true) { }

        protected override Assembly? Load(AssemblyName assemblyName) =>
            string.Equals(assemblyName.Name, Runtime.GetName().Name, StringComparison.Ordinal) ? Runtime : null;
    }
}
