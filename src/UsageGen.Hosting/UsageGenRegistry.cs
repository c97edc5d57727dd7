using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace UsageGen.Hosting;

/// <summary>
/// The providers registered in one service collection, first registration of a name wins: two compilations that both
/// call <c>AddUsageGen</c> (each with its own catalog) add their providers once, and share one monitor.
/// </summary>
internal sealed class UsageGenRegistry
{
    private readonly List<UsageProviderInfo> _providers = new();

    public UsageGenRegistry(IConfiguration configuration)
    {
        Configuration = configuration;
    }

    /// <summary>The section given to the first <c>AddUsageGen</c> (<c>UsageGen</c>).</summary>
    public IConfiguration Configuration { get; }

    public IReadOnlyList<UsageProviderInfo> Providers
    {
        get
        {
            lock (_providers) return _providers.ToArray();
        }
    }

    public bool TryAdd(UsageProviderInfo info)
    {
        lock (_providers)
        {
            if (_providers.Any(p => string.Equals(p.Name, info.Name, StringComparison.OrdinalIgnoreCase))) return false;
            _providers.Add(info);
            return true;
        }
    }

    public UsageProviderInfo? Find(string? name)
    {
        if (name is null) return null;
        lock (_providers) return _providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
    }

    /// <summary>The provider's section: <c>UsageGen:Providers:Tavily</c>.</summary>
    public IConfigurationSection SectionFor(string name) => Configuration.GetSection(ProvidersKey).GetSection(name);

    /// <summary>The provider's settings as a configuration path, for messages.</summary>
    public string PathFor(string name) => SectionFor(name).Path;

    public const string ProvidersKey = "Providers";

    /// <summary>The named HttpClient of a provider.</summary>
    public static string HttpClientName(string provider) => "UsageGen." + provider;
}
