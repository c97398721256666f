using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Relay.Tests.Support;

/// <summary>A real HTTP client for a relay on loopback: deposits with a solved stamp, fetches, confirms.</summary>
public sealed class RelayClient : IDisposable
{
    private readonly HttpClient _http;

    public RelayClient(Uri baseAddress, string? accessKey = null, int maxConnections = 64)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (accessKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessKey);
        }
    }

    public HttpClient Http => _http;

    public static byte[] NewToken() => RandomNumberGenerator.GetBytes(RelayLimits.TokenSize);

    public static byte[] NewBlob(int size = RelayLimits.Bucket1KiB) => RandomNumberGenerator.GetBytes(size);

    public static ulong CurrentEpoch() =>
        RelayEpoch.FromUnixSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), RelayLimits.DefaultPowEpochSeconds);

    /// <summary>A deposit envelope with a stamp solved at <paramref name="difficulty"/> for <paramref name="epoch"/>.</summary>
    public static byte[] DepositBody(byte[] token, byte[] blob, int difficulty, ulong? epoch = null)
    {
        var e = epoch ?? CurrentEpoch();
        var nonce = ProofOfWork.Solve(token, ProofOfWork.PayloadHash(blob), e, difficulty, (ulong)Random.Shared.NextInt64());
        return new DepositRequest(token, e, nonce, blob).Serialize();
    }

    public Task<HttpResponseMessage> PostAsync(string path, byte[] body, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return _http.PostAsync(path, content, cancellationToken);
    }

    public async Task<HttpStatusCode> DepositAsync(byte[] token, byte[] blob, int difficulty, CancellationToken cancellationToken = default)
    {
        using var response = await PostAsync("/v1/deposit", DepositBody(token, blob, difficulty), cancellationToken);
        return response.StatusCode;
    }

    public async Task<FetchResponse> FetchAsync(IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken = default)
    {
        using var response = await PostAsync("/v1/fetch", new FetchRequest(tokens).Serialize(), cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"fetch answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        return FetchResponse.Parse(bytes).Value;
    }

    public async Task<HttpStatusCode> ConfirmAsync(IReadOnlyList<byte[]> blobIds, CancellationToken cancellationToken = default)
    {
        using var response = await PostAsync("/v1/confirm", new ConfirmRequest(blobIds).Serialize(), cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Fetches the tokens and confirms everything returned, until nothing is left; returns all blobs seen.</summary>
    public async Task<List<FetchedBlob>> DrainAsync(IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken = default)
    {
        var all = new List<FetchedBlob>();
        foreach (var chunk in tokens.Chunk(RelayLimits.MaxTokensPerFetch))
        {
            while (true)
            {
                var response = await FetchAsync(chunk, cancellationToken);
                if (response.Blobs.Count == 0)
                {
                    break;
                }

                all.AddRange(response.Blobs);
                var status = await ConfirmAsync(response.Blobs.Select(b => b.BlobId.ToArray()).ToList(), cancellationToken);
                if (status != HttpStatusCode.OK)
                {
                    throw new HttpRequestException($"confirm answered {(int)status}", null, status);
                }
            }
        }

        return all;
    }

    public void Dispose() => _http.Dispose();
}
