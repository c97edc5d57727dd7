using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UsageGen;
using UsageGen.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>services.AddUsageGen(configuration.GetSection("UsageGen"))</c> is generated into each project that compiles specs
/// and references UsageGen.Hosting, and calls the method below with that project's catalog.
/// </summary>
public static class UsageGenServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="providers"/> (a compilation's <c>UsageCatalog.Providers</c>): per-provider options bound
    /// from <c>Providers:&lt;Name&gt;</c> of <paramref name="configuration"/> and validated at start-up; a named
    /// <see cref="System.Net.Http.HttpClient"/> per provider (<c>UsageGen.&lt;Name&gt;</c>) with UsageGen's retries
    /// (settings under <c>Http</c>) and secret redaction; each adapter as a keyed <see cref="IUsageProvider"/> (key: the
    /// provider's name) and all of them as <c>IEnumerable&lt;IUsageProvider&gt;</c>; the hosted <see cref="IUsageMonitor"/>,
    /// its metrics (meter <c>UsageGen</c>) and a health check per provider (tag <c>usagegen</c>). Calling it again, from
    /// another compilation's catalog, adds only providers not yet registered (the first registration of a name wins).
    /// </summary>
    public static UsageGenBuilder AddUsageGen(this IServiceCollection services, IConfiguration configuration, IEnumerable<UsageProviderInfo> providers)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        if (configuration is null) throw new ArgumentNullException(nameof(configuration));
        if (providers is null) throw new ArgumentNullException(nameof(providers));

        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(UsageGenRegistry) && !d.IsKeyedService)?.ImplementationInstance as UsageGenRegistry;
        if (registry is null)
        {
            registry = new UsageGenRegistry(configuration);
            services.AddSingleton(registry);
            AddShared(services, configuration);
        }

        var http = new UsageGenHttpOptions();
        registry.Configuration.GetSection("Http").Bind(http);
        http.Validate();

        var added = new List<UsageProviderInfo>();
        foreach (var info in providers)
        {
            if (info is null || !registry.TryAdd(info)) continue;
            AddProvider(services, registry, info, http);
            added.Add(info);
        }
        return new UsageGenBuilder(services, added);
    }

    private static void AddShared(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UsageGenOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UsageGenOptions>, UsageGenOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UsageGenProviderOptions>, UsageGenProviderOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddLogging();
        services.AddHttpClient();
        services.TryAddSingleton(sp => new UsageMonitor(sp, sp.GetRequiredService<UsageGenRegistry>(), sp.GetRequiredService<IOptionsMonitor<UsageGenOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<UsageGenProviderOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<UsageMonitor>>(), sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IUsageMonitor>(sp => sp.GetRequiredService<UsageMonitor>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<UsageMonitor>());
    }

    private static void AddProvider(IServiceCollection services, UsageGenRegistry registry, UsageProviderInfo info, UsageGenHttpOptions http)
    {
        var name = info.Name;
        var section = registry.SectionFor(name);
        services.AddOptions<UsageGenProviderOptions>(name)
            .Configure(o => o.Enabled = section.GetChildren().Any())
            .Bind(section)
            .ValidateOnStart();

        var clientName = UsageGenRegistry.HttpClientName(name);
        services.AddHttpClient(clientName)
            .ConfigureHttpClient((sp, client) =>
            {
                if (sp.GetRequiredService<IOptionsMonitor<UsageGenProviderOptions>>().Get(name).BaseUri is { } baseAddress)
                    client.BaseAddress = baseAddress;
            })
            .AddUsageGenResilience(o => Copy(http, o))
            .RedactUsageGenSecrets(info.AuthSchemes);

        // Transient: each resolution takes a fresh HttpClient from the factory (handler rotation) and the current credentials.
        services.AddKeyedTransient<IUsageProvider>(name, (sp, _) =>
            info.Create(sp.GetRequiredService<IHttpClientFactory>().CreateClient(clientName),
                sp.GetRequiredService<IOptionsMonitor<UsageGenProviderOptions>>().Get(name).ToCredentials()));
        services.AddTransient(sp => sp.GetRequiredKeyedService<IUsageProvider>(name));

        services.AddHealthChecks().Add(new HealthCheckRegistration(UsageGenHealthCheck.NameFor(name),
            sp => new UsageGenHealthCheck(name, sp.GetRequiredService<IUsageMonitor>(), sp.GetRequiredService<IOptionsMonitor<UsageGenOptions>>(),
                sp.GetRequiredService<IOptionsMonitor<UsageGenProviderOptions>>(), sp.GetRequiredService<TimeProvider>()),
            failureStatus: null, tags: new[] { UsageGenHealthCheck.Tag }));
    }

    private static void Copy(UsageGenHttpOptions from, UsageGenHttpOptions to)
    {
        to.Retries = from.Retries;
        to.MaxAttempts = from.MaxAttempts;
        to.BaseDelay = from.BaseDelay;
        to.MaxDelay = from.MaxDelay;
        to.MaxRetryAfter = from.MaxRetryAfter;
        to.UseJitter = from.UseJitter;
        to.AttemptTimeout = from.AttemptTimeout;
        to.Timeout = from.Timeout;
        to.RetryNonIdempotent = from.RetryNonIdempotent;
    }
}
