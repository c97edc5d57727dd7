using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace UsageGen.Hosting;

/// <summary>
/// Start-up checks of every provider's settings. A message names the provider and the setting (its configuration
/// path), never a value: a key is never shown, even a malformed one.
/// </summary>
internal sealed class UsageGenProviderOptionsValidator : IValidateOptions<UsageGenProviderOptions>
{
    private readonly UsageGenRegistry _registry;

    public UsageGenProviderOptionsValidator(UsageGenRegistry registry) => _registry = registry;

    /// <summary>The shared thresholds, read apart from their own validation (whose failure is reported once, there).</summary>
    private UsageGenOptions Global()
    {
        var global = new UsageGenOptions();
        try
        {
            _registry.Configuration.Bind(global);
        }
        catch (InvalidOperationException)
        {
            // A malformed shared value: its own validation reports it.
        }
        return global;
    }

    public ValidateOptionsResult Validate(string? name, UsageGenProviderOptions options)
    {
        var info = _registry.Find(name);
        if (info is null) return ValidateOptionsResult.Skip;
        var path = _registry.PathFor(info.Name);
        var failures = new List<string>();

        if (!string.IsNullOrWhiteSpace(options.BaseAddress) && options.BaseUri is null)
            failures.Add($"{path}:BaseAddress is not an absolute http(s) address without a query.");
        if (options.Interval is { } interval && interval < UsageGenOptionsValidator.MinimumInterval)
            failures.Add($"{path}:Interval must be at least 1 second.");
        var global = Global();
        var warn = options.WarnAbove ?? global.WarnAbove;
        var critical = options.CriticalAbove ?? global.CriticalAbove;
        UsageGenOptionsValidator.CheckPercent(failures, path + ":WarnAbove", options.WarnAbove);
        UsageGenOptionsValidator.CheckPercent(failures, path + ":CriticalAbove", options.CriticalAbove);
        if (warn > critical)
            failures.Add($"{path}: WarnAbove ({warn.ToString(CultureInfo.InvariantCulture)}) is above CriticalAbove ({critical.ToString(CultureInfo.InvariantCulture)}).");

        if (options.Enabled)
        {
            var schemes = info.AuthSchemes.Where(s => s.Kind != AuthKind.None).ToList();
            var key = schemes.Any(s => s.Kind is AuthKind.ApiKeyHeader or AuthKind.ApiKeyQuery or AuthKind.ApiKeyCookie or AuthKind.Bearer);
            var basic = schemes.Any(s => s.Kind == AuthKind.Basic);
            var hasKey = !string.IsNullOrWhiteSpace(options.ApiKey);
            var hasBasic = !string.IsNullOrWhiteSpace(options.Username) && !string.IsNullOrWhiteSpace(options.Password);
            if (schemes.Count > 0 && !(key && hasKey) && !(basic && hasBasic))
            {
                var what = key && basic ? $"{path}:ApiKey (or {path}:Username and {path}:Password) is not set"
                    : key ? $"{path}:ApiKey is not set"
                    : $"{path}:Username and {path}:Password are not set";
                failures.Add($"{what}: {info.Name} is enabled and its API needs {(key ? "a key" : "a user and password")}. Set it, or set {path}:Enabled to false.");
            }
            foreach (var parameter in info.RequiredParameters)
                if (!options.Parameters.TryGetValue(parameter, out var value) || string.IsNullOrWhiteSpace(value))
                    failures.Add($"{path}:Parameters:{parameter} is not set: {info.Name}'s usage operation requires it.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Start-up checks of the settings shared by every provider, and of provider names (a typo is an error, not a silent nothing).</summary>
internal sealed class UsageGenOptionsValidator : IValidateOptions<UsageGenOptions>
{
    internal static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly UsageGenRegistry _registry;

    public UsageGenOptionsValidator(UsageGenRegistry registry) => _registry = registry;

    public ValidateOptionsResult Validate(string? name, UsageGenOptions options)
    {
        var root = _registry.Configuration is Microsoft.Extensions.Configuration.IConfigurationSection s ? s.Path + ":" : "";
        var failures = new List<string>();
        if (options.Interval < MinimumInterval) failures.Add($"{root}Interval must be at least 1 second.");
        if (options.Jitter is < 0 or > 0.5 || double.IsNaN(options.Jitter)) failures.Add($"{root}Jitter must be between 0 and 0.5.");
        if (options.MaxBackoff <= TimeSpan.Zero) failures.Add($"{root}MaxBackoff must be positive.");
        if (options.FetchTimeout <= TimeSpan.Zero) failures.Add($"{root}FetchTimeout must be positive.");
        if (options.StaleAfter is { } stale && stale <= TimeSpan.Zero) failures.Add($"{root}StaleAfter must be positive.");
        if (options.ForecastObservations < 3) failures.Add($"{root}ForecastObservations must be at least 3.");
        CheckPercent(failures, root + "WarnAbove", options.WarnAbove);
        CheckPercent(failures, root + "CriticalAbove", options.CriticalAbove);
        if (options.WarnAbove > options.CriticalAbove) failures.Add($"{root}WarnAbove is above {root}CriticalAbove.");

        var known = _registry.Providers;
        foreach (var section in _registry.Configuration.GetSection(UsageGenRegistry.ProvidersKey).GetChildren())
            if (!known.Any(p => string.Equals(p.Name, section.Key, StringComparison.OrdinalIgnoreCase)))
                failures.Add($"{section.Path} names no compiled-in provider (known: {string.Join(", ", known.Select(p => p.Name))}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void CheckPercent(List<string> failures, string path, double? value)
    {
        if (value is { } v && (double.IsNaN(v) || v <= 0 || v > 1000)) failures.Add($"{path} must be a percentage above 0 (up to 1000).");
    }
}
