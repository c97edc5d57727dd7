using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UsageGen.Reliability.Tests;

/// <summary>A request as <see cref="RawServer"/> read it: the request target and the header lines.</summary>
public sealed record RawRequest(string Target, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>
/// Kestrel on 127.0.0.1 below HTTP: a connection handler reads the request head and writes back whatever bytes
/// <see cref="Responder"/> returns (an invalid status or header line, which no HTTP server would send), then closes.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RawServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The bytes to answer a request with.</summary>
    public Func<RawRequest, byte[]> Responder { get; set; } = _ => Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    public Uri Url(string relative) => new(BaseAddress, relative);

    public static async Task<RawServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(RawServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        RawServer? server = null;
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.Run(connection => server!.HandleAsync(connection))));
        var app = builder.Build();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new RawServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    private async Task HandleAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var head = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
                foreach (var segment in read.Buffer) head.Append(Encoding.Latin1.GetString(segment.Span));
                input.AdvanceTo(read.Buffer.End);
                if (head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) || read.IsCompleted) break;
            }
            var lines = head.ToString().Split("\r\n");
            var target = lines[0].Split(' ').Skip(1).FirstOrDefault() ?? "/";
            var headers = lines.Skip(1).TakeWhile(l => l.Length > 0)
                .Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList();
            await connection.Transport.Output.WriteAsync(Responder(new RawRequest(target, headers)), connection.ConnectionClosed).ConfigureAwait(false);
            await connection.Transport.Output.FlushAsync(connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ConnectionResetException or InvalidOperationException)
        {
            // The client went away.
        }
        finally
        {
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
