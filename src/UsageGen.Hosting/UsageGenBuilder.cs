using System.Collections.Generic;
using Microsoft.Extensions.DependencyInjection;

namespace UsageGen.Hosting;

/// <summary>What one <c>AddUsageGen</c> call registered.</summary>
public sealed class UsageGenBuilder
{
    internal UsageGenBuilder(IServiceCollection services, IReadOnlyList<UsageProviderInfo> providers)
    {
        Services = services;
        Providers = providers;
    }

    public IServiceCollection Services { get; }

    /// <summary>The providers this call added (those already registered by an earlier call are left out).</summary>
    public IReadOnlyList<UsageProviderInfo> Providers { get; }
}
