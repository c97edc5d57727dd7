using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace UsageGen.CommandLine;

/// <summary>
/// An in-process Kestrel on <c>http://127.0.0.1:0</c> that replays every provider's documented example
/// (<see cref="UsageProviderInfo.Example"/>) at <c>/{provider-lowercase}{Example.Path}</c>, so demo mode goes through the
/// same HTTP, parsing and normalization as a real call.
/// </summary>
internal sealed class DemoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Where <paramref name="info"/>'s example is served: <c>http://127.0.0.1:PORT/coingecko/</c>.</summary>
    public Uri BaseAddressFor(UsageProviderInfo info) => new(BaseAddress, Prefix(info) + "/");

    private static string Prefix(UsageProviderInfo info) => info.Name.ToLowerInvariant();

    public static async Task<DemoServer> StartAsync(IEnumerable<UsageProviderInfo> providers, CancellationToken cancellationToken)
    {
        var routes = new Dictionary<string, ExampleResponse>(StringComparer.Ordinal);
        foreach (var info in providers)
        {
            if (info.Example is not { } example) continue;
            var path = "/" + Prefix(info) + "/" + example.Path.TrimStart('/');
            routes[Key(example.Method, path)] = example;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ApplicationName = "usagegen",
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Nothing from appsettings.json, ASPNETCORE_* or DOTNET_* may move or reconfigure the demo server.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        // No Ctrl+C / SIGTERM hooks: the CLI owns its lifetime.
        builder.Services.AddSingleton<IHostLifetime, NoLifetime>();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context => HandleAsync(context, routes));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the demo server reported no address");
        var uri = new Uri(address.TrimEnd('/') + "/");
        if (uri.Port == 0) throw new InvalidOperationException("the demo server did not report its port: " + address);
        return new DemoServer(app, uri);
    }

    private static string Key(string method, string path) => method.ToUpperInvariant() + " " + path;

    private static async Task HandleAsync(HttpContext context, IReadOnlyDictionary<string, ExampleResponse> routes)
    {
        var path = context.Request.PathBase.Add(context.Request.Path).Value ?? "/";
        byte[] body;
        if (!routes.TryGetValue(Key(context.Request.Method, path), out var example))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            body = Encoding.UTF8.GetBytes("{\"message\":\"the demo server has no example for this path\"}");
        }
        else
        {
            context.Response.StatusCode = example.Status;
            foreach (var header in example.Headers) context.Response.Headers.Append(header.Key, header.Value);
            body = Encoding.UTF8.GetBytes(example.Body);
        }
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class NoLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
