using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using UsageGen;
using UsageGen.CommandLine;
using UsageGen.Generated;
using UsageGen.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Demo: with no key configured (or UsageGen:Demo=true), every provider's documented response is replayed by a local
// server and the providers point at it, so `dotnet run` shows the whole pipeline with no account anywhere.
var usageGen = builder.Configuration.GetSection("UsageGen");
DemoServer? demo = null;
if (usageGen.GetValue<bool?>("Demo") ?? !HasCredentials(usageGen))
{
    demo = await DemoServer.StartAsync(UsageCatalog.Providers, CancellationToken.None);
    var values = new Dictionary<string, string?>();
    foreach (var provider in UsageCatalog.Providers)
    {
        var path = "UsageGen:Providers:" + provider.Name + ":";
        values[path + "BaseAddress"] = demo.BaseAddressFor(provider).ToString();
        values[path + "ApiKey"] = "demo-key";
        values[path + "Username"] = "demo";
        values[path + "Password"] = "demo-password";
        foreach (var parameter in provider.RequiredParameters) values[path + "Parameters:" + parameter] = "demo";
    }
    builder.Configuration.AddInMemoryCollection(values);
}

// One line: options, a named HttpClient, a keyed adapter and a health check per provider, and the hosted monitor.
builder.Services.AddUsageGen(builder.Configuration.GetSection("UsageGen"));

// Metrics: the "UsageGen" meter, scraped at /metrics; pushed over OTLP too when an endpoint is configured.
builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("usagegen-sample-service"))
    .WithMetrics(metrics =>
    {
        metrics.AddMeter(UsageGenMetrics.MeterName);
        metrics.AddPrometheusExporter();
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) metrics.AddOtlpExporter();
    });

var app = builder.Build();
app.MapPrometheusScrapingEndpoint("/metrics");
app.MapHealthChecks("/health", new HealthCheckOptions
{
    ResponseWriter = WriteHealthAsync,
    // Degraded is still 200 (the service itself is fine); Unhealthy is 503.
    ResultStatusCodes = { [HealthStatus.Healthy] = 200, [HealthStatus.Degraded] = 200, [HealthStatus.Unhealthy] = 503 },
});
app.MapGet("/usage", (IUsageMonitor monitor, TimeProvider time) => Results.Json(monitor.Current.Values.OrderBy(s => s.Provider, StringComparer.Ordinal).Select(s => new
{
    provider = s.Provider,
    enabled = s.Enabled,
    plan = s.Snapshot?.Plan,
    used = s.Snapshot?.CreditsUsed,
    limit = s.Snapshot?.CreditsLimit,
    percentUsed = s.Snapshot?.PercentUsed,
    lastSuccessAt = s.LastSuccessAt,
    nextFetchAt = s.NextFetchAt,
    error = s.LastError?.ToString(),
    forecasts = s.Forecasts.Select(f => new { quota = f.Key.Name, ratePerHour = f.RatePerHour, exhaustsAt = f.ExhaustsAt, says = f.Describe(time.GetUtcNow()) }),
})));
if (demo is not null) app.Lifetime.ApplicationStopped.Register(() => demo.DisposeAsync().AsTask().GetAwaiter().GetResult());
app.Run();

static bool HasCredentials(IConfiguration usageGen) =>
    usageGen.GetSection("Providers").GetChildren().Any(p => !string.IsNullOrEmpty(p["ApiKey"]) || !string.IsNullOrEmpty(p["Username"]));

static Task WriteHealthAsync(HttpContext context, HealthReport report)
{
    context.Response.ContentType = "application/json";
    using var stream = new System.IO.MemoryStream();
    using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
    {
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
    return context.Response.Body.WriteAsync(stream.ToArray()).AsTask();
}
