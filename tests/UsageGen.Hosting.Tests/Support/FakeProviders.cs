using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using UsageGen.EndToEnd.Tests;
using UsageGen.Generated;
using UsageGen.Tests;

namespace UsageGen.Hosting.Tests;

/// <summary>
/// The five providers on one real Kestrel server: each at <c>/{name}/</c> answers its documented example (as the
/// demo server does) unless a test sets another answer; every request is counted as it arrives.
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    private readonly LocalServer _server;
    private readonly ConcurrentDictionary<string, Func<int, CannedResponse>> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _arrived = new(0);

    private FakeProviders(LocalServer server) => _server = server;

    public static IReadOnlyList<UsageProviderInfo> Catalog => UsageCatalog.Providers;

    public static UsageProviderInfo Info(string name) => UsageCatalog.Find(name) ?? throw new ArgumentException(name);

    public static async Task<FakeProviders> StartAsync()
    {
        var server = await LocalServer.StartAsync();
        var fake = new FakeProviders(server);
        foreach (var info in Catalog)
        {
            var example = info.Example ?? throw new InvalidOperationException(info.Name + " has no documented example");
            var name = info.Name;
            server.Route(example.Method, "/" + name.ToLowerInvariant() + "/" + example.Path.TrimStart('/'), _ =>
            {
                var n = fake._counts.AddOrUpdate(name, 1, (_, c) => c + 1);
                fake._arrived.Release();
                return fake._answers.TryGetValue(name, out var answer) ? answer(n) : Documented(info);
            });
        }
        return fake;
    }

    /// <summary>The documented example, as the demo server replays it.</summary>
    public static CannedResponse Documented(UsageProviderInfo info) => new()
    {
        Status = info.Example!.Status,
        Body = info.Example.Body,
        Headers = info.Example.Headers.ToArray(),
    };

    public Uri BaseAddressFor(string provider) => new(_server.BaseAddress, provider.ToLowerInvariant() + "/");

    /// <summary>Answers <paramref name="provider"/>'s n-th request (1-based) with <paramref name="answer"/>.</summary>
    public void Answer(string provider, Func<int, CannedResponse> answer) => _answers[provider] = answer;

    public int Count(string provider) => _counts.TryGetValue(provider, out var n) ? n : 0;

    /// <summary>Waits until <paramref name="provider"/> has received <paramref name="count"/> requests (see <see cref="ObservedTime.Until"/>).</summary>
    public Task WaitForRequestsAsync(string provider, int count) =>
        ObservedTime.Until(() => Count(provider) >= count, _arrived, () => $"{provider}: {count} request(s) expected, {Count(provider)} arrived");

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
