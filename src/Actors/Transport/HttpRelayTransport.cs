using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Transport;

/// <summary>
/// Speaks the relay's HTTP API (docs/RELAY.md): bodies are the Protocol relay envelopes, an optional bearer
/// access key, <c>http://host:port</c>. Every connection is opened by the injected connect callback — in the
/// app the fail-closed dialer (<see cref="ThroughDialer"/>: loopback direct, onion through tor's SOCKS port);
/// without one, the default sockets handler (tests on loopback). Response bodies are read up to the bound of
/// what that response may be and parsed with the Protocol parsers. Nothing is logged.
/// </summary>
public sealed class HttpRelayTransport : IRelayTransport, IDisposable
{
    /// <summary>Largest refusal body read (a RelayErrorResponse is 4 bytes; some slack for a proxy's page is not needed).</summary>
    private const int MaxErrorBodyBytes = 64;

    private readonly HttpClient _http;
    private readonly Func<RelayEndpoint, RelayAccess> _access;
    private readonly TimeProvider _time;
    private readonly IEntropy _entropy;
    private readonly TimeSpan _requestTimeout;

    public HttpRelayTransport(Func<RelayEndpoint, RelayAccess> access, TimeProvider time, IEntropy entropy,
        Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connectCallback = null, TimeSpan? requestTimeout = null)
    {
        _access = access ?? throw new ArgumentNullException(nameof(access));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _entropy = entropy ?? throw new ArgumentNullException(nameof(entropy));
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(60);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxResponseHeadersLength = 16,
        };
        // Without a Tor dialer only loopback relays are reachable: never a direct clearnet socket or DNS lookup.
        handler.ConnectCallback = connectCallback ?? LoopbackOnlyConnect.ConnectAsync;

        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>A connect callback that opens every connection through the fail-closed dialer (onion → SOCKS, loopback → direct).</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ThroughDialer(FailClosedDialer dialer)
    {
        ArgumentNullException.ThrowIfNull(dialer);
        return async (context, cancellationToken) =>
        {
            var result = await dialer.DialAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return result is DialResult.Connected connected
                ? connected.Stream
                : throw new HttpRequestException(HttpRequestError.ConnectionError, "The relay could not be reached.");
        };
    }

    public async Task<DepositOutcome> DepositAsync(RelayEndpoint relay, byte[] token, byte[] blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(blob);
        var access = _access(relay);
        var epoch = RelayEpoch.FromUnixSeconds(_time.GetUtcNow().ToUnixTimeSeconds(), RelayLimits.DefaultPowEpochSeconds);
        Span<byte> start = stackalloc byte[8];
        _entropy.Fill(start);
        var startNonce = BinaryPrimitives.ReadUInt64BigEndian(start);
        var payloadHash = ProofOfWork.PayloadHash(blob);
        var nonce = await Task.Run(() => ProofOfWork.Solve(token, payloadHash, epoch, access.PowDifficulty, startNonce, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        var body = new DepositRequest(token, epoch, nonce, blob).Serialize();
        var (status, _) = await PostAsync(relay, access, "v1/deposit", body, 0, cancellationToken).ConfigureAwait(false);
        return status switch
        {
            { Status: RelayCallStatus.Ok } => DepositOutcome.Ok,
            { Rejection: RelayRejection.Duplicate } => DepositOutcome.Ok,
            _ => new DepositOutcome(status.Status, status.Rejection),
        };
    }

    public async Task<FetchOutcome> FetchAsync(RelayEndpoint relay, IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var body = new FetchRequest(tokens).Serialize();
        var (status, response) = await PostAsync(relay, _access(relay), "v1/fetch", body, RelayLimits.MaxFetchResponseBytes, cancellationToken)
            .ConfigureAwait(false);
        if (!status.IsOk)
        {
            return new FetchOutcome(status.Status, [], status.Rejection);
        }

        var parsed = FetchResponse.Parse(response);
        return parsed.TryGetValue(out var fetched) ? FetchOutcome.Fetched(fetched.Blobs) : FetchOutcome.Transient();
    }

    public async Task<ConfirmOutcome> ConfirmAsync(RelayEndpoint relay, IReadOnlyList<byte[]> blobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var body = new ConfirmRequest(blobIds).Serialize();
        var (status, _) = await PostAsync(relay, _access(relay), "v1/confirm", body, 0, cancellationToken).ConfigureAwait(false);
        return new ConfirmOutcome(status.Status, status.Rejection);
    }

    public void Dispose() => _http.Dispose();

    /// <summary><c>http://</c> + the address (an explicit scheme is kept); an onion without a port gets 80.</summary>
    internal static Uri BaseAddress(RelayEndpoint relay)
    {
        var address = relay.Address;
        if (!address.StartsWith("http://", StringComparison.Ordinal) && !address.StartsWith("https://", StringComparison.Ordinal))
        {
            address = "http://" + address;
        }

        return new Uri(address.EndsWith('/') ? address : address + "/", UriKind.Absolute);
    }

    private async Task<(CallResult Status, byte[] Body)> PostAsync(RelayEndpoint relay, RelayAccess access, string path, byte[] body,
        int maxResponseBytes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress(relay), path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (access.AccessKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.AccessKey);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var content = await ReadBoundedAsync(response.Content, maxResponseBytes, timeout.Token).ConfigureAwait(false);
                return content is null ? (new CallResult(RelayCallStatus.Transient, null), []) : (new CallResult(RelayCallStatus.Ok, null), content);
            }

            var errorBody = await ReadBoundedAsync(response.Content, MaxErrorBodyBytes, timeout.Token).ConfigureAwait(false);
            RelayRejection? rejection = errorBody is not null && RelayErrorResponse.Parse(errorBody).TryGetValue(out var refusal) ? refusal.Reason : null;
            return (Classify(response.StatusCode, rejection), []);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new CallResult(RelayCallStatus.Transient, null), []);
        }
        catch (HttpRequestException)
        {
            return (new CallResult(RelayCallStatus.Transient, null), []);
        }
        catch (IOException)
        {
            return (new CallResult(RelayCallStatus.Transient, null), []);
        }
    }

    private static CallResult Classify(HttpStatusCode code, RelayRejection? rejection)
    {
        var status = (int)code;
        var transient = status is 429 or 507 or >= 500
            || rejection is RelayRejection.Busy or RelayRejection.QuotaExceeded or RelayRejection.StaleEpoch;
        return new CallResult(transient ? RelayCallStatus.Transient : RelayCallStatus.Refused, rejection);
    }

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is longer (nothing beyond max + 1 is read).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int max, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long declared && declared > max)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[Math.Min(max + 1, 64 * 1024)];
        using var collected = new MemoryStream();
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return collected.ToArray();
            }

            if (collected.Length + read > max)
            {
                return null;
            }

            collected.Write(buffer, 0, read);
        }
    }

    private readonly record struct CallResult(RelayCallStatus Status, RelayRejection? Rejection)
    {
        public bool IsOk => Status == RelayCallStatus.Ok;
    }
}
