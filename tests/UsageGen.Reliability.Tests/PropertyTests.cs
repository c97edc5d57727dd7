using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using UsageGen.EndToEnd.Tests;
using UsageGen.Generated;
using Xunit;
using Xunit.Abstractions;

namespace UsageGen.Reliability.Tests;

/// <summary>
/// Whatever a provider answers, the generated client and adapter give either a <see cref="UsageSnapshot"/> (that
/// serializes) or a <see cref="UsageGenException"/> of the right kind: nothing else escapes. FsCheck runs
/// <see cref="BodiesPerProvider"/> bodies per provider in memory and <see cref="KestrelBodiesPerProvider"/> over a real
/// Kestrel server. Seeded (<see cref="Seed"/>; set USAGEGEN_FSCHECK_SEED to explore others).
/// </summary>
public sealed class PropertyTests
{
    public const int BodiesPerProvider = 2000;
    public const int KestrelBodiesPerProvider = 40;

    /// <summary>The FsCheck replay seed; a failure message names the seed to replay.</summary>
    public static readonly ulong Seed = ulong.TryParse(Environment.GetEnvironmentVariable("USAGEGEN_FSCHECK_SEED"), out var s) ? s : 20260401UL;

    private readonly ITestOutputHelper _output;

    public PropertyTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Providers => Documented.Names;

    /// <summary>A seeded configuration; <paramref name="salt"/> (the provider) gives each provider its own sequence.</summary>
    internal static Config Config(int maxTest, string salt)
    {
        var seed = Seed;
        foreach (var c in salt) seed = seed * 31 + c;
        return FsCheck.Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Any_body_gives_a_snapshot_or_a_UsageGenException_in_memory(string provider)
    {
        var documented = Documented.Get(provider);
        var handler = new InMemoryHandler();
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://provider.test/" + documented.Prefix) };
        var tally = new Tally();
        var property = Prop.ForAll(BodyGen.For(documented).ToArbitrary(), body =>
        {
            handler.Answer = body.Answer;
            return Judge(provider, body, () => UsageCatalog.Create(provider, http, new UsageCredentials("k")).GetUsageAsync(), tally);
        });

        Check.One(Config(BodiesPerProvider, provider), property);

        _output.WriteLine($"{provider}: {tally.Total} bodies tried in memory ({tally}).");
        Assert.Equal(BodiesPerProvider, tally.Total);
        Assert.Equal(BodiesPerProvider, handler.Requests);
        Assert.True(tally.Snapshots > BodiesPerProvider / 10, "too few bodies gave a snapshot: the generator of bodies is off. " + tally);
        Assert.True(tally.Exceptions > BodiesPerProvider / 4, "too few bodies failed: the generator of bodies is off. " + tally);
    }

    [Fact]
    public async Task Any_body_gives_a_snapshot_or_a_UsageGenException_over_real_Kestrel()
    {
        await using var server = await LocalServer.StartAsync();
        var total = new Tally();
        foreach (var documented in Documented.Providers)
        {
            BodyCase? current = null;
            server.Route(documented.Method, "/" + documented.Prefix + documented.Path.TrimStart('/'), _ => ToCanned(current!));
            var http = server.CreateClient(documented.Prefix);
            var tally = new Tally();
            var property = Prop.ForAll(BodyGen.For(documented, asciiHeadersOnly: true).ToArbitrary(), body =>
            {
                current = body;
                return Judge(documented.Name, body, () => UsageCatalog.Create(documented.Name, http, new UsageCredentials("k")).GetUsageAsync(), tally);
            });
            Check.One(Config(KestrelBodiesPerProvider, "kestrel " + documented.Name), property);
            _output.WriteLine($"{documented.Name}: {tally.Total} bodies tried over Kestrel ({tally}).");
            total.Add(tally);
        }
        Assert.Equal(KestrelBodiesPerProvider * Documented.Providers.Count, total.Total);
        Assert.Equal(total.Total, server.Requests.Count);
        await Task.CompletedTask;
    }

    /// <summary>Kestrel cannot send 1xx or 600+ as a final status: those become 500 (still an HTTP error).</summary>
    private static CannedResponse ToCanned(BodyCase c) => new()
    {
        Status = c.Answer.Status is < 200 or > 599 ? 500 : c.Answer.Status,
        Body = c.BodyText,
        ContentType = c.Answer.ContentType,
        Headers = c.Answer.Headers.Where(h => !string.Equals(h.Key, "Date", StringComparison.OrdinalIgnoreCase)).ToArray(),
    };

    /// <summary>The property: runs the call and checks what came out against what the body must give.</summary>
    private static bool Judge(string provider, BodyCase body, Func<Task<UsageSnapshot>> call, Tally tally)
    {
        UsageSnapshot snapshot;
        try
        {
            snapshot = call().GetAwaiter().GetResult();
        }
        catch (UsageGenException e)
        {
            tally.Count(body, e.GetType().Name);
            var ok = body.Expect switch
            {
                Expect.Snapshot => false,
                Expect.Malformed => e is UsageGenMalformedResponseException,
                Expect.HttpError => e is UsageGenHttpException,
                _ => e is UsageGenMalformedResponseException || (body.Answer.Status is < 200 or > 299 && e is UsageGenHttpException),
            };
            if (!ok) throw new InvalidOperationException($"{provider}: {body} gave {e.GetType().Name}: {e.Message}", e);
            if (e.Provider != provider) throw new InvalidOperationException($"{provider}: the exception names provider '{e.Provider}'");
            return true;
        }
        // Anything else propagates: FsCheck reports it with the body that caused it.
        if (snapshot is null) throw new InvalidOperationException($"{provider}: {body} gave a null snapshot");
        if (body.Expect is Expect.Malformed or Expect.HttpError)
            throw new InvalidOperationException($"{provider}: {body} gave a snapshot ({snapshot}), expected {body.Expect}");
        // Huge figures must not break the snapshot's own arithmetic or serialization (overflow was a bug, fixed).
        _ = UsageSnapshotJson.Serialize(snapshot, indented: false, includeRaw: true);
        _ = snapshot.ToString();
        _ = snapshot.PercentUsed;
        tally.Count(body, "snapshot");
        return true;
    }

    /// <summary>Outcomes per kind of body.</summary>
    public sealed class Tally
    {
        private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
        private int _total;
        private int _snapshots;

        public int Total => _total;
        public int Snapshots => _snapshots;
        public int Exceptions => _total - _snapshots - KnownBugCases;
        public int KnownBugCases => _outcomes.Where(p => p.Key.StartsWith("known bug", StringComparison.Ordinal)).Sum(p => p.Value);

        public void Count(BodyCase body, string outcome)
        {
            System.Threading.Interlocked.Increment(ref _total);
            if (outcome == "snapshot") System.Threading.Interlocked.Increment(ref _snapshots);
            _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }

        public void Add(Tally other)
        {
            _total += other._total;
            _snapshots += other._snapshots;
            foreach (var (k, v) in other._outcomes) _outcomes.AddOrUpdate(k, v, (_, n) => n + v);
        }

        public override string ToString() => string.Join(", ", _outcomes.OrderByDescending(p => p.Value).Select(p => p.Key + " " + p.Value));
    }
}
