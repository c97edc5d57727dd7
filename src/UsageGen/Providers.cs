using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace UsageGen;

/// <summary>Anything that can report a <see cref="UsageSnapshot"/>: every generated adapter is one.</summary>
public interface IUsageProvider
{
    /// <summary>The provider's compiled-in name.</summary>
    string Name { get; }

    /// <summary>Calls the provider's usage operation and normalizes the answer.</summary>
    Task<UsageSnapshot> GetUsageAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// What a client needs to authenticate: an API key (apiKey or bearer schemes), a user and password (basic), and
/// values for required path, query or header parameters by their spec name. <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class UsageCredentials
{
    public UsageCredentials() { }

    public UsageCredentials(string? apiKey) => ApiKey = apiKey;

    /// <summary>The API key or bearer token.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The user name for HTTP basic authentication.</summary>
    public string? Username { get; init; }

    /// <summary>The password for HTTP basic authentication.</summary>
    public string? Password { get; init; }

    /// <summary>Values for parameters the usage operation requires, by their name in the spec.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Sends an apiKey by query parameter even when the spec also allows a header (not advised).</summary>
    public bool PreferQueryApiKey { get; init; }

    private UsageGenRedactor? _redactor;

    /// <summary>
    /// What to mask for these credentials, built once on first use (the credentials are immutable): every generated
    /// client's OperationContext shares it. See <see cref="UsageGenRedactor"/>.
    /// </summary>
    internal UsageGenRedactor Redactor
    {
        get
        {
            if (_redactor is { } r) return r;
            var forms = new List<string>();
            UsageGenRedactor.AddForms(this, forms);
            return _redactor = UsageGenRedactor.Create(forms);
        }
    }

    public override string ToString() =>
        $"UsageCredentials(ApiKey={(ApiKey is null ? "unset" : "***")}, Username={Username ?? "unset"}, Password={(Password is null ? "unset" : "***")}, Parameters={Parameters.Count})";
}

/// <summary>How a spec lets a client authenticate.</summary>
public enum AuthKind
{
    None,
    ApiKeyHeader,
    ApiKeyQuery,
    ApiKeyCookie,
    Bearer,
    Basic,
}

/// <summary>One security scheme a spec declares.</summary>
public sealed class AuthSchemeInfo
{
    public AuthSchemeInfo(string name, AuthKind kind, string? parameterName)
        : this(name, kind, parameterName, null)
    {
    }

    /// <param name="name">The scheme's name in the spec.</param>
    /// <param name="kind">Where the credential goes.</param>
    /// <param name="parameterName">The header, query parameter or cookie name for apiKey schemes.</param>
    /// <param name="prefix">
    /// For an apiKey scheme in the <c>Authorization</c> header: the scheme word the spec shows before the key
    /// (<c>DeepL-Auth-Key</c> in <c>Authorization: DeepL-Auth-Key &lt;key&gt;</c>); null sends the key raw.
    /// </param>
    public AuthSchemeInfo(string name, AuthKind kind, string? parameterName, string? prefix)
    {
        Name = name;
        Kind = kind;
        ParameterName = parameterName;
        Prefix = string.IsNullOrWhiteSpace(prefix) ? null : prefix!.Trim();
    }

    public string Name { get; }
    public AuthKind Kind { get; }
    /// <summary>The header, query parameter or cookie name for apiKey schemes.</summary>
    public string? ParameterName { get; }

    /// <summary>
    /// The scheme word sent before the key in the <c>Authorization</c> header (<c>&lt;Prefix&gt; &lt;key&gt;</c>), or
    /// null when the key is sent raw. Only used for an apiKey scheme whose header is <c>Authorization</c>.
    /// </summary>
    public string? Prefix { get; }

    public override string ToString() =>
        ParameterName is null ? $"{Name} ({Kind})" : Prefix is null ? $"{Name} ({Kind} {ParameterName})" : $"{Name} ({Kind} {ParameterName}: {Prefix} <key>)";
}

/// <summary>A documented response, kept so a demo server can replay it.</summary>
public sealed class ExampleResponse
{
    public ExampleResponse(string method, string path, int status, string body, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        Method = method;
        Path = path;
        Status = status;
        Body = body;
        Headers = headers;
    }

    public string Method { get; }
    /// <summary>The operation's path relative to the server, with the spec's base path.</summary>
    public string Path { get; }
    public int Status { get; }
    /// <summary>The example body, JSON.</summary>
    public string Body { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
}

/// <summary>One provider compiled into the catalog.</summary>
public sealed class UsageProviderInfo
{
    private readonly Func<HttpClient, UsageCredentials, IUsageProvider> _factory;

    public UsageProviderInfo(string name, string title, string specFile, Uri? defaultBaseAddress,
        IReadOnlyList<AuthSchemeInfo> authSchemes, IReadOnlyList<string> requiredParameters, string usageOperation,
        ExampleResponse? example, Func<HttpClient, UsageCredentials, IUsageProvider> factory)
    {
        Name = name;
        Title = title;
        SpecFile = specFile;
        DefaultBaseAddress = defaultBaseAddress;
        AuthSchemes = authSchemes;
        RequiredParameters = requiredParameters;
        UsageOperation = usageOperation;
        Example = example;
        _factory = factory;
    }

    /// <summary>The compiled-in name (<c>CoinGecko</c>).</summary>
    public string Name { get; }
    /// <summary>The spec's <c>info.title</c>.</summary>
    public string Title { get; }
    /// <summary>The spec's file name.</summary>
    public string SpecFile { get; }
    /// <summary>The spec's first server, used when the <see cref="HttpClient"/> has no BaseAddress.</summary>
    public Uri? DefaultBaseAddress { get; }
    public IReadOnlyList<AuthSchemeInfo> AuthSchemes { get; }
    /// <summary>Parameters the usage operation needs, to pass in <see cref="UsageCredentials.Parameters"/>.</summary>
    public IReadOnlyList<string> RequiredParameters { get; }
    /// <summary>The usage operation, as <c>GET /key</c>.</summary>
    public string UsageOperation { get; }
    /// <summary>The documented example of the usage response, when the spec has one.</summary>
    public ExampleResponse? Example { get; }

    /// <summary>The conventional environment variable for this provider's key: <c>COINGECKO_API_KEY</c>.</summary>
    public string ApiKeyEnvironmentVariable => Name.ToUpperInvariant() + "_API_KEY";

    /// <summary>Builds the provider's usage adapter over <paramref name="httpClient"/>.</summary>
    public IUsageProvider Create(HttpClient httpClient, UsageCredentials credentials)
    {
        if (httpClient is null) throw new ArgumentNullException(nameof(httpClient));
        return _factory(httpClient, credentials ?? new UsageCredentials());
    }

    public override string ToString() => $"{Name} ({UsageOperation})";
}
