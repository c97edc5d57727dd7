using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace UsageGen.Hosting;

/// <summary>One provider's health (registered as <c>usagegen:&lt;Name&gt;</c>, tag <c>usagegen</c>); see <see cref="UsageHealth"/>.</summary>
internal sealed class UsageGenHealthCheck : IHealthCheck
{
    public const string Tag = "usagegen";

    private readonly string _provider;
    private readonly IUsageMonitor _monitor;
    private readonly IOptionsMonitor<UsageGenOptions> _options;
    private readonly IOptionsMonitor<UsageGenProviderOptions> _providerOptions;
    private readonly TimeProvider _time;

    public UsageGenHealthCheck(string provider, IUsageMonitor monitor, IOptionsMonitor<UsageGenOptions> options,
        IOptionsMonitor<UsageGenProviderOptions> providerOptions, TimeProvider time)
    {
        _provider = provider;
        _monitor = monitor;
        _options = options;
        _providerOptions = providerOptions;
        _time = time;
    }

    public static string NameFor(string provider) => "usagegen:" + provider;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var p = _providerOptions.Get(_provider);
        var interval = p.Interval ?? options.Interval;
        var stale = options.StaleAfter ?? TimeSpan.FromTicks(interval.Ticks * 3);
        _monitor.Current.TryGetValue(_provider, out var state);
        return Task.FromResult(UsageHealth.Evaluate(state, p.WarnAbove ?? options.WarnAbove, p.CriticalAbove ?? options.CriticalAbove, stale, _time.GetUtcNow()));
    }
}
