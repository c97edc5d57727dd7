using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace UsageGen.EndToEnd.Tests;

/// <summary>A test class with its own <see cref="LocalServer"/> per test (xUnit makes one instance per test).</summary>
public abstract class ServerTest : IAsyncLifetime
{
    private LocalServer? _server;

    protected LocalServer Server => _server ?? throw new System.InvalidOperationException("server not started");

    public async Task InitializeAsync() => _server = await LocalServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>Serves <paramref name="response"/> at <c>/{prefix}{path}</c> and returns a client rooted at <c>/{prefix}</c>.</summary>
    protected HttpClient Serve(string prefix, string path, CannedResponse response, string method = "GET")
    {
        Server.Route(method, "/" + prefix + path.TrimStart('/'), response);
        return Server.CreateClient(prefix);
    }

    /// <summary>Serves a documented provider's usage call under its own prefix.</summary>
    protected HttpClient Serve(Documented.Provider provider, CannedResponse? response = null) =>
        Serve(provider.Prefix, provider.Path, response ?? provider.Response, provider.Method);

    /// <summary>The single request the server received.</summary>
    protected RecordedRequest OnlyRequest()
    {
        var all = Server.Requests;
        Assert.True(all.Count == 1, $"expected one request, got {all.Count}: {string.Join("; ", all.Select(r => r.ToString()))}");
        return all[0];
    }
}
