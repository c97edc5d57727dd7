using System;
using System.Collections.Generic;

namespace UsageGen.Hosting;

/// <summary>
/// One provider's settings, bound from <c>UsageGen:Providers:&lt;Name&gt;</c>: the same shape the <c>usagegen</c>
/// command reads, so one appsettings serves both. Unset thresholds and timings fall back to <see cref="UsageGenOptions"/>.
/// <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class UsageGenProviderOptions
{
    /// <summary>
    /// Watch this provider. Defaults to true when the provider has a section under <c>UsageGen:Providers</c>, false
    /// otherwise, so a service watches exactly the providers it configures.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The API key or bearer token.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The user name, for HTTP basic authentication.</summary>
    public string? Username { get; set; }

    /// <summary>The password, for HTTP basic authentication.</summary>
    public string? Password { get; set; }

    /// <summary>Overrides the spec's server: an absolute http(s) address without a query.</summary>
    public string? BaseAddress { get; set; }

    /// <summary>Values for parameters the usage operation requires, by their name in the spec.</summary>
    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Overrides <see cref="UsageGenOptions.Interval"/>.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>Overrides <see cref="UsageGenOptions.WarnAbove"/> (percent).</summary>
    public double? WarnAbove { get; set; }

    /// <summary>Overrides <see cref="UsageGenOptions.CriticalAbove"/> (percent).</summary>
    public double? CriticalAbove { get; set; }

    /// <summary>The base address as a URI, when set and valid.</summary>
    internal Uri? BaseUri =>
        string.IsNullOrWhiteSpace(BaseAddress) ? null :
        Uri.TryCreate(BaseAddress!.Trim().EndsWith("/", StringComparison.Ordinal) ? BaseAddress.Trim() : BaseAddress.Trim() + "/", UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.Query) ? uri : null;

    /// <summary>The credentials these settings make.</summary>
    public UsageCredentials ToCredentials() => new()
    {
        ApiKey = NonEmpty(ApiKey),
        Username = NonEmpty(Username),
        Password = NonEmpty(Password),
        Parameters = new Dictionary<string, string>(Parameters, StringComparer.Ordinal),
    };

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s!.Trim();

    public override string ToString() =>
        $"UsageGenProviderOptions(Enabled={Enabled}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "unset" : "***")}, Username={Username ?? "unset"}, Password={(string.IsNullOrEmpty(Password) ? "unset" : "***")}, BaseAddress={BaseAddress ?? "spec"}, Parameters={Parameters.Count})";
}
