using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Refit;
using UsageGen.Benchmarks.RefitClients;
using UsageGen.Generated;
using UsageGen.Runtime;
using N = UsageGen.Benchmarks.NSwag;
using P = UsageGen.Providers;

namespace UsageGen.Benchmarks;

/// <summary>
/// Answers every request with one provider's documented usage response (status, headers, body bytes): no network, no
/// sockets. A new <see cref="HttpResponseMessage"/> per call, as a real handler gives.
/// </summary>
public sealed class DocumentedResponseHandler : HttpMessageHandler
{
    private readonly byte[] _body;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;

    public DocumentedResponseHandler(byte[] body, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        _body = body;
        _headers = headers;
    }

    public int Calls { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Calls++;
        var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        foreach (var header in _headers) response.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return Task.FromResult(response);
    }
}

public enum Provider { CoinGecko, CoinStats, Sharpe, Shoal, Tavily }

/// <summary>
/// One GetUsage call per provider, through an in-memory handler returning the documented body: UsageGen's generated
/// client (typed DTO) and adapter (<see cref="UsageSnapshot"/>), against the NSwag client generated at build time
/// (System.Text.Json) and a hand-written Refit client (System.Text.Json); the floors are one
/// <see cref="Utf8JsonReader"/> pass over the same bytes, with and without the same HttpClient round trip. The
/// parse-only rows take the HTTP stack out: body bytes to DTO.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Runtime")]
public class RuntimeBenchmarks
{
    public const string BaseAddress = "http://bench.local/";
    public const string ApiKey = "bench-key-0123456789";

    [Params(Provider.CoinGecko, Provider.CoinStats, Provider.Sharpe, Provider.Shoal, Provider.Tavily)]
    public Provider Provider { get; set; }

    private byte[] _body = Array.Empty<byte>();
    private string _path = "";
    private HttpClient _floorHttp = null!;
    private JsonSerializerOptions _nswagOptions = null!;
    private JsonSerializerOptions _refitOptions = null!;

    private P.CoinGecko.CoinGeckoClient _ugCoinGecko = null!;
    private P.CoinStats.CoinStatsClient _ugCoinStats = null!;
    private P.Sharpe.SharpeClient _ugSharpe = null!;
    private P.Shoal.ShoalClient _ugShoal = null!;
    private P.Tavily.TavilyClient _ugTavily = null!;
    private P.CoinGecko.CoinGeckoUsageAdapter _adCoinGecko = null!;
    private P.CoinStats.CoinStatsUsageAdapter _adCoinStats = null!;
    private P.Sharpe.SharpeUsageAdapter _adSharpe = null!;
    private P.Shoal.ShoalUsageAdapter _adShoal = null!;
    private P.Tavily.TavilyUsageAdapter _adTavily = null!;
    private N.CoinGecko.CoinGeckoNSwagClient _nsCoinGecko = null!;
    private N.CoinStats.CoinStatsNSwagClient _nsCoinStats = null!;
    private N.Sharpe.SharpeNSwagClient _nsSharpe = null!;
    private N.Shoal.ShoalNSwagClient _nsShoal = null!;
    private N.Tavily.TavilyNSwagClient _nsTavily = null!;
    private ICoinGeckoApi _rfCoinGecko = null!;
    private ICoinStatsApi _rfCoinStats = null!;
    private ISharpeApi _rfSharpe = null!;
    private IShoalApi _rfShoal = null!;
    private ITavilyApi _rfTavily = null!;

    /// <summary>The documented response the generated catalog carries for <paramref name="provider"/>.</summary>
    public static ExampleResponse Documented(Provider provider) =>
        UsageCatalog.Find(provider.ToString())?.Example ?? throw new InvalidOperationException($"no documented example for {provider}");

    private HttpClient Http(string? header = null, string? value = null)
    {
        var example = Documented(Provider);
        var http = new HttpClient(new DocumentedResponseHandler(_body, example.Headers)) { BaseAddress = new Uri(BaseAddress) };
        if (header is not null) http.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        return http;
    }

    [GlobalSetup]
    public void Setup()
    {
        var example = Documented(Provider);
        _body = Encoding.UTF8.GetBytes(example.Body);
        _path = example.Path.TrimStart('/');
        _floorHttp = Http();
        _nswagOptions = new JsonSerializerOptions();
        _refitOptions = SystemTextJsonContentSerializer.GetDefaultJsonSerializerOptions();
        var credentials = new UsageCredentials(ApiKey);
        const string nswagBase = BaseAddress;
        switch (Provider)
        {
            case Provider.CoinGecko:
                _ugCoinGecko = new P.CoinGecko.CoinGeckoClient(Http(), credentials);
                _adCoinGecko = new P.CoinGecko.CoinGeckoUsageAdapter(Http(), credentials);
                _nsCoinGecko = new N.CoinGecko.CoinGeckoNSwagClient(Http("x-cg-pro-api-key", ApiKey)) { BaseUrl = nswagBase };
                _rfCoinGecko = RestService.For<ICoinGeckoApi>(Http());
                break;
            case Provider.CoinStats:
                _ugCoinStats = new P.CoinStats.CoinStatsClient(Http(), credentials);
                _adCoinStats = new P.CoinStats.CoinStatsUsageAdapter(Http(), credentials);
                _nsCoinStats = new N.CoinStats.CoinStatsNSwagClient(Http("X-API-KEY", ApiKey)) { BaseUrl = nswagBase };
                _rfCoinStats = RestService.For<ICoinStatsApi>(Http());
                break;
            case Provider.Sharpe:
                _ugSharpe = new P.Sharpe.SharpeClient(Http(), credentials);
                _adSharpe = new P.Sharpe.SharpeUsageAdapter(Http(), credentials);
                _nsSharpe = new N.Sharpe.SharpeNSwagClient(Http("Authorization", "Bearer " + ApiKey)) { BaseUrl = nswagBase };
                _rfSharpe = RestService.For<ISharpeApi>(Http());
                break;
            case Provider.Shoal:
                _ugShoal = new P.Shoal.ShoalClient(Http(), credentials);
                _adShoal = new P.Shoal.ShoalUsageAdapter(Http(), credentials);
                _nsShoal = new N.Shoal.ShoalNSwagClient(Http("Authorization", "Bearer " + ApiKey)) { BaseUrl = nswagBase };
                _rfShoal = RestService.For<IShoalApi>(Http());
                break;
            case Provider.Tavily:
                _ugTavily = new P.Tavily.TavilyClient(Http(), credentials);
                _adTavily = new P.Tavily.TavilyUsageAdapter(Http(), credentials);
                _nsTavily = new N.Tavily.TavilyNSwagClient(Http("Authorization", "Bearer " + ApiKey)) { BaseUrl = nswagBase };
                _rfTavily = RestService.For<ITavilyApi>(Http());
                break;
        }
    }

    // ---- floors -------------------------------------------------------------------------------------------------

    /// <summary>One <see cref="Utf8JsonReader"/> pass over the body: every token, nothing kept.</summary>
    [Benchmark(Description = "Floor: Utf8JsonReader pass")]
    public int Utf8JsonReaderPass() => Tokens(_body);

    private static int Tokens(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var tokens = 0;
        while (reader.Read()) tokens++;
        return tokens;
    }

    /// <summary>The same HttpClient round trip every client makes (request, handler, response, body stream), then one reader pass.</summary>
    [Benchmark(Description = "Floor: HttpClient + Utf8JsonReader pass")]
    public async Task<int> HttpFloor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _path);
        using var response = await _floorHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(_body.Length + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length)).ConfigureAwait(false)) > 0) length += read;
            return Tokens(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // ---- whole calls ---------------------------------------------------------------------------------------------

    [Benchmark(Baseline = true, Description = "UsageGen client -> DTO")]
    public async Task<object> UsageGenDto() => Provider switch
    {
        Provider.CoinGecko => await _ugCoinGecko.ApiUsageAsync().ConfigureAwait(false),
        Provider.CoinStats => await _ugCoinStats.GetCreditUsageAsync().ConfigureAwait(false),
        Provider.Sharpe => await _ugSharpe.GetUsageAsync().ConfigureAwait(false),
        Provider.Shoal => await _ugShoal.GetUsageAsync().ConfigureAwait(false),
        _ => await _ugTavily.GetUsageAsync().ConfigureAwait(false),
    };

    [Benchmark(Description = "UsageGen adapter -> UsageSnapshot")]
    public async Task<object> UsageGenSnapshot() => Provider switch
    {
        Provider.CoinGecko => await _adCoinGecko.GetUsageAsync().ConfigureAwait(false),
        Provider.CoinStats => await _adCoinStats.GetUsageAsync().ConfigureAwait(false),
        Provider.Sharpe => await _adSharpe.GetUsageAsync().ConfigureAwait(false),
        Provider.Shoal => await _adShoal.GetUsageAsync().ConfigureAwait(false),
        _ => await _adTavily.GetUsageAsync().ConfigureAwait(false),
    };

    [Benchmark(Description = "NSwag client (STJ) -> DTO")]
    public async Task<object> NSwagDto() => Provider switch
    {
        Provider.CoinGecko => await _nsCoinGecko.ApiUsageAsync().ConfigureAwait(false),
        Provider.CoinStats => await _nsCoinStats.GetCreditUsageAsync().ConfigureAwait(false),
        Provider.Sharpe => await _nsSharpe.GetUsageAsync().ConfigureAwait(false),
        Provider.Shoal => await _nsShoal.GetUsageAsync().ConfigureAwait(false),
        _ => await _nsTavily.UsageAsync(null!).ConfigureAwait(false),
    };

    [Benchmark(Description = "Refit client (STJ) -> DTO")]
    public async Task<object> RefitDto() => Provider switch
    {
        Provider.CoinGecko => await _rfCoinGecko.GetKeyAsync(ApiKey).ConfigureAwait(false),
        Provider.CoinStats => await _rfCoinStats.GetCreditsAsync(ApiKey).ConfigureAwait(false),
        Provider.Sharpe => await _rfSharpe.GetUsageAsync(ApiKey).ConfigureAwait(false),
        Provider.Shoal => await _rfShoal.GetUsageAsync(ApiKey).ConfigureAwait(false),
        _ => await _rfTavily.GetUsageAsync(ApiKey).ConfigureAwait(false),
    };

    // ---- body bytes to DTO, no HTTP --------------------------------------------------------------------------------

    [Benchmark(Description = "Parse only: UsageGen reader")]
    public object UsageGenParse() => Provider switch
    {
        Provider.CoinGecko => JsonRead.Parse(_body, static (ref Utf8JsonReader r) => P.CoinGecko.Key.Read(ref r)),
        Provider.CoinStats => JsonRead.Parse(_body, static (ref Utf8JsonReader r) => P.CoinStats.CreditUsageResponseDto.Read(ref r)),
        Provider.Sharpe => JsonRead.Parse(_body, static (ref Utf8JsonReader r) => P.Sharpe.UsageResponse.Read(ref r)),
        Provider.Shoal => JsonRead.Parse(_body, static (ref Utf8JsonReader r) => P.Shoal.UsageResponse.Read(ref r)),
        _ => JsonRead.Parse(_body, static (ref Utf8JsonReader r) => P.Tavily.GetUsageResult.Read(ref r)),
    };

    [Benchmark(Description = "Parse only: NSwag DTO via JsonSerializer")]
    public object NSwagParse() => Provider switch
    {
        Provider.CoinGecko => JsonSerializer.Deserialize<N.CoinGecko.Key>(_body, _nswagOptions)!,
        Provider.CoinStats => JsonSerializer.Deserialize<N.CoinStats.CreditUsageResponseDto>(_body, _nswagOptions)!,
        Provider.Sharpe => JsonSerializer.Deserialize<N.Sharpe.UsageResponse>(_body, _nswagOptions)!,
        Provider.Shoal => JsonSerializer.Deserialize<N.Shoal.UsageResponse>(_body, _nswagOptions)!,
        _ => JsonSerializer.Deserialize<N.Tavily.Response>(_body, _nswagOptions)!,
    };

    [Benchmark(Description = "Parse only: Refit DTO via JsonSerializer")]
    public object RefitParse() => Provider switch
    {
        Provider.CoinGecko => JsonSerializer.Deserialize<CoinGeckoKey>(_body, _refitOptions)!,
        Provider.CoinStats => JsonSerializer.Deserialize<CoinStatsCredits>(_body, _refitOptions)!,
        Provider.Sharpe => JsonSerializer.Deserialize<SharpeUsageResponse>(_body, _refitOptions)!,
        Provider.Shoal => JsonSerializer.Deserialize<ShoalUsageResponse>(_body, _refitOptions)!,
        _ => JsonSerializer.Deserialize<TavilyUsage>(_body, _refitOptions)!,
    };
}
