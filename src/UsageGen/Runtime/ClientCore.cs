using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace UsageGen.Runtime;

/// <summary>
/// One operation of a generated client, fixed at compile time (one static instance per operation): its name, method,
/// path, security schemes and documented errors. What every call does with it is here, not repeated per operation in
/// the generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OperationInfo
{
    public OperationInfo(int index, string name, HttpMethod method, string path, AuthSchemeInfo[] schemes, bool optionalAuth, params ErrorInfo[] errors)
    {
        Index = index;
        Name = name;
        Method = method;
        Path = path;
        Schemes = schemes;
        OptionalAuth = optionalAuth;
        Errors = errors;
    }

    /// <summary>The operation's place in its client (for the client's per-operation caches).</summary>
    public int Index { get; }
    public string Name { get; }
    public HttpMethod Method { get; }
    public string Path { get; }
    public IReadOnlyList<AuthSchemeInfo> Schemes { get; }
    public bool OptionalAuth { get; }
    /// <summary>Specific statuses first, then ranges (4XX), then <c>default</c>: the first match describes a failure.</summary>
    public IReadOnlyList<ErrorInfo> Errors { get; }
}

/// <summary>A documented error response: its status (0: <c>default</c>; 400 with <see cref="IsRange"/>: 4XX), description and body.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public class ErrorInfo
{
    public ErrorInfo(int status, bool isRange, string? description)
    {
        Status = status;
        IsRange = isRange;
        Description = description;
    }

    public int Status { get; }
    public bool IsRange { get; }
    public string? Description { get; }

    /// <summary>An error whose body has a schema.</summary>
    public static ErrorInfo Of<T>(int status, bool isRange, string? description, JsonCodec<T> body) => new TypedErrorInfo<T>(status, isRange, description, body);

    internal bool Matches(int status) => Status == 0 || (IsRange ? status / 100 == Status / 100 : status == Status);

    /// <summary>The parsed body (null when absent or unreadable); raw JSON when the spec gives no schema.</summary>
    internal virtual object? Parse(HttpCallResult result) => ParseRaw(result);

    internal static object? ParseRaw(HttpCallResult result) => HttpCall.TryParseError(result, JsonCodecs.Shared.Element);
}

internal sealed class TypedErrorInfo<T> : ErrorInfo
{
    private readonly JsonCodec<T> _body;

    public TypedErrorInfo(int status, bool isRange, string? description, JsonCodec<T> body) : base(status, isRange, description) => _body = body;

    internal override object? Parse(HttpCallResult result) => HttpCall.TryParseError(result, _body);
}

/// <summary>
/// What a generated client holds: the <see cref="HttpClient"/>, the credentials, the base address and, per operation,
/// its context and last URI. Starts calls.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ClientCore
{
    private readonly string _provider;
    private readonly string? _defaultServer;
    private readonly OperationContext?[] _contexts;
    private readonly UriCache?[] _uris;

    public ClientCore(string provider, string? defaultServer, HttpClient httpClient, UsageCredentials? credentials, int operations)
    {
        _provider = provider;
        _defaultServer = defaultServer;
        Http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        Credentials = credentials ?? new UsageCredentials();
        _contexts = new OperationContext?[operations];
        _uris = new UriCache?[operations];
    }

    public HttpClient Http { get; }
    public UsageCredentials Credentials { get; }

    /// <summary>Overrides both the HttpClient's BaseAddress and the spec's server.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>A call of <paramref name="operation"/>: its security scheme is chosen now (missing credentials fail here).</summary>
    public OperationCall Start(OperationInfo operation)
    {
        // Made on first use: a context only holds constants and this client's credentials.
        var context = _contexts[operation.Index] ??= new OperationContext(_provider, operation.Name, Credentials);
        var auth = Auth.Choose(Credentials, operation.Schemes, operation.OptionalAuth, context);
        return new OperationCall(this, operation, context, auth);
    }

    internal Uri BuildUri(OperationInfo operation, string path, List<KeyValuePair<string, string?>>? query)
    {
        var cache = _uris[operation.Index] ??= new UriCache();
        return HttpCall.BuildUri(cache, BaseAddress ?? Http.BaseAddress, _defaultServer, path, query);
    }
}

/// <summary>
/// One call being made: parameters go into the path, query, headers and cookies as the spec places them, then
/// <see cref="SendAsync"/> sends it and turns a failure status into the typed exception.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OperationCall
{
    private readonly ClientCore _client;
    private readonly OperationInfo _operation;
    private readonly AuthSchemeInfo? _auth;
    private string _path;
    private List<KeyValuePair<string, string?>>? _query;
    private List<KeyValuePair<string, string>>? _headers;

    internal OperationCall(ClientCore client, OperationInfo operation, OperationContext context, AuthSchemeInfo? auth)
    {
        _client = client;
        _operation = operation;
        Context = context;
        _auth = auth;
        _path = operation.Path;
    }

    public OperationContext Context { get; }

    /// <summary>A path parameter: <paramref name="placeholder"/> (<c>{id}</c>) becomes the escaped value.</summary>
    public void Path(string placeholder, object? value) =>
        _path = _path.Replace(placeholder, Uri.EscapeDataString(Figures.Format(value)));

    /// <summary>A query parameter; skipped when null, repeated for each item of a list.</summary>
    public void Query(string name, object? value)
    {
        if (value is null) return;
        _query ??= new List<KeyValuePair<string, string?>>();
        if (value is IEnumerable items and not string)
        {
            foreach (var item in items) _query.Add(new KeyValuePair<string, string?>(name, Figures.Format(item)));
        }
        else _query.Add(new KeyValuePair<string, string?>(name, Figures.Format(value)));
    }

    /// <summary>A header parameter; skipped when null.</summary>
    public void Header(string name, object? value)
    {
        if (value is null) return;
        (_headers ??= new List<KeyValuePair<string, string>>()).Add(new KeyValuePair<string, string>(name, Figures.Format(value)));
    }

    /// <summary>A cookie parameter; skipped when null.</summary>
    public void Cookie(string name, object? value)
    {
        if (value is null) return;
        (_headers ??= new List<KeyValuePair<string, string>>()).Add(new KeyValuePair<string, string>("Cookie", name + "=" + Uri.EscapeDataString(Figures.Format(value))));
    }

    /// <summary>
    /// Sends the call and reads the whole answer. A status outside 2xx throws the operation's typed
    /// <see cref="UsageGenHttpException"/>, with its documented description and parsed error body.
    /// </summary>
    public async ValueTask<HttpCallResult> SendAsync(CancellationToken cancellationToken)
    {
        var credentials = _client.Credentials;
        List<KeyValuePair<string, string?>>? query = _query;
        if (query is null)
        {
            if (Auth.Query(_auth, credentials) is { } authQuery) query = new List<KeyValuePair<string, string?>>(authQuery);
        }
        else Auth.AddQuery(_auth, credentials, query);
        var uri = _client.BuildUri(_operation, _path, query);
        var request = new HttpRequestMessage(_operation.Method, uri);
        // Unparsed: the handler sends the text as is, and nothing is allocated to parse it.
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (_headers is not null)
            foreach (var header in _headers)
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        Auth.Apply(request, _auth, credentials);
        var result = await HttpCall.SendAsync(_client.Http, request, Context, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess) return result;
        var status = (int)result.Status;
        ErrorInfo? match = null;
        foreach (var e in _operation.Errors)
            if (e.Matches(status)) { match = e; break; }
        var error = match is null ? ErrorInfo.ParseRaw(result) : match.Parse(result);
        throw HttpCall.StatusError(result, Context, error, match?.Description);
    }

    /// <summary>The success body read by <paramref name="codec"/>; a mismatch is <see cref="UsageGenMalformedResponseException"/>.</summary>
    public T Body<T>(HttpCallResult result, JsonCodec<T> codec) => HttpCall.ParseBody(result, Context, codec);

    /// <summary>The success body as raw JSON, when the spec gives no schema (null when empty).</summary>
    public JsonElement? RawBody(HttpCallResult result) =>
        result.Body.Length == 0 ? null : HttpCall.ParseBody(result, Context, JsonCodecs.Shared.Element);
}
