using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace UsageGen.CommandLine;

/// <summary>What the configuration says about one provider.</summary>
internal sealed class ProviderSettings
{
    public ProviderSettings(UsageProviderInfo info, UsageCredentials? credentials, Uri? baseAddress, string? baseAddressError)
    {
        Info = info;
        Credentials = credentials;
        BaseAddress = baseAddress;
        BaseAddressError = baseAddressError;
    }

    public UsageProviderInfo Info { get; }

    /// <summary>Null when neither an API key nor a user name is configured.</summary>
    public UsageCredentials? Credentials { get; }

    /// <summary>Overrides the spec's server (<c>UsageGen:Providers:&lt;Name&gt;:BaseAddress</c>).</summary>
    public Uri? BaseAddress { get; }

    /// <summary>Why the configured BaseAddress was refused, when it was.</summary>
    public string? BaseAddressError { get; }

    public bool HasCredentials => Credentials is not null;
}

/// <summary>
/// The .NET configuration stack, lowest precedence first: appsettings.json beside the tool, appsettings.json in the
/// current directory, user secrets, environment variables (<c>UsageGen__Providers__Tavily__ApiKey</c> and the
/// conventional <c>TAVILY_API_KEY</c>), then <c>--UsageGen:...=value</c> on the command line.
/// </summary>
internal static class Settings
{
    public const string Root = "UsageGen:Providers";

    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> commandLine,
        string? currentDirectory, bool useFiles, IReadOnlyList<UsageProviderInfo> providers, System.Reflection.Assembly? userSecrets)
    {
        var builder = new ConfigurationBuilder();
        if (useFiles)
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
            builder.AddJsonFile(beside, optional: true, reloadOnChange: false);
            var cwd = currentDirectory ?? Environment.CurrentDirectory;
            var here = Path.GetFullPath(Path.Combine(cwd, "appsettings.json"));
            if (!string.Equals(here, Path.GetFullPath(beside), StringComparison.Ordinal))
                builder.AddJsonFile(here, optional: true, reloadOnChange: false);
            // The host program's user secrets (the usagegen tool's, or a team's own command's).
            if (userSecrets is not null) builder.AddUserSecrets(userSecrets, optional: true, reloadOnChange: false);
        }
        builder.AddInMemoryCollection(FromEnvironment(environment, providers));
        if (commandLine.Count > 0) builder.AddCommandLine(commandLine.ToArray());
        return builder.Build();
    }

    /// <summary>Environment variables the way AddEnvironmentVariables reads them (<c>__</c> is <c>:</c>), plus <c>X_API_KEY</c>.</summary>
    internal static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IReadOnlyDictionary<string, string?> environment,
        IReadOnlyList<UsageProviderInfo> providers)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in providers)
            if (Lookup(environment, info.ApiKeyEnvironmentVariable) is { Length: > 0 } key)
                result[$"{Root}:{info.Name}:ApiKey"] = key;
        // The configuration-style names win over the conventional variable: they are the more specific of the two.
        foreach (var pair in environment)
            if (pair.Key.StartsWith("UsageGen__", StringComparison.OrdinalIgnoreCase) || pair.Key.StartsWith("UsageGen:", StringComparison.OrdinalIgnoreCase))
                result[pair.Key.Replace("__", ":", StringComparison.Ordinal)] = pair.Value;
        return result;
    }

    private static string? Lookup(IReadOnlyDictionary<string, string?> environment, string name)
    {
        if (environment.TryGetValue(name, out var value)) return value;
        // Windows treats environment variable names case-insensitively.
        if (OperatingSystem.IsWindows())
            foreach (var pair in environment)
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)) return pair.Value;
        return null;
    }

    public static ProviderSettings Read(IConfiguration configuration, UsageProviderInfo info)
    {
        var section = configuration.GetSection($"{Root}:{info.Name}");
        var apiKey = NonEmpty(section["ApiKey"]);
        var username = NonEmpty(section["Username"]);
        var password = NonEmpty(section["Password"]);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in section.GetSection("Parameters").GetChildren())
            if (child.Value is { } v) parameters[child.Key] = v;

        UsageCredentials? credentials = apiKey is null && username is null
            ? null
            : new UsageCredentials { ApiKey = apiKey, Username = username, Password = password, Parameters = parameters };

        Uri? baseAddress = null;
        string? error = null;
        if (NonEmpty(section["BaseAddress"]) is { } text)
        {
            if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) &&
                (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.Query))
                baseAddress = uri;
            else
                error = $"{Root}:{info.Name}:BaseAddress is not an absolute http(s) address";
        }
        return new ProviderSettings(info, credentials, baseAddress, error);
    }

    /// <summary>Provider names under UsageGen:Providers that no compiled-in provider answers to (typos).</summary>
    public static IReadOnlyList<string> UnknownProviderSections(IConfiguration configuration, IReadOnlyList<UsageProviderInfo> providers) =>
        configuration.GetSection(Root).GetChildren()
            .Select(c => c.Key)
            .Where(k => !providers.Any(p => string.Equals(p.Name, k, StringComparison.OrdinalIgnoreCase)))
            .ToArray();

    /// <summary>
    /// Splits <c>--UsageGen:Providers:X:ApiKey=value</c> (or <c>--UsageGen:... value</c>) configuration switches from the
    /// options System.CommandLine parses.
    /// </summary>
    public static (string[] Options, string[] Configuration) SplitArguments(IReadOnlyList<string> args)
    {
        var options = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                // Everything after "--" is System.CommandLine's to judge.
                options.AddRange(args.Skip(i));
                break;
            }
            var name = a.StartsWith("--", StringComparison.Ordinal) ? a.Substring(2) : a.StartsWith('/') ? a.Substring(1) : null;
            if (name is not null && name.StartsWith("UsageGen:", StringComparison.OrdinalIgnoreCase))
            {
                if (name.Contains('=', StringComparison.Ordinal))
                {
                    configuration.Add("--" + name);
                }
                else if (i + 1 < args.Count)
                {
                    configuration.Add("--" + name + "=" + args[i + 1]);
                    i++;
                }
                else
                {
                    // Leave it to the parser, which reports it as an unrecognized token.
                    options.Add(a);
                }
                continue;
            }
            options.Add(a);
        }
        return (options.ToArray(), configuration.ToArray());
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
