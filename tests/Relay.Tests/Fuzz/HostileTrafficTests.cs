using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Fuzz;

/// <summary>
/// 100,000 hostile requests (mutated, truncated, extended, replayed, random, oversized, wrong route) against a live
/// relay on loopback, with valid deposits mixed in. Afterwards every accepted deposit is fetchable exactly once,
/// nothing else is stored, no request got a server error, and the relay is healthy.
/// </summary>
public sealed class HostileTrafficTests
{
    private const int HostileRequests = 100_000;
    private const int ValidDeposits = 400;
    private const int Concurrency = 16;
    private const int Difficulty = 3;

    [Fact]
    public async Task A_hundred_thousand_hostile_requests_leave_every_valid_deposit_fetchable_exactly_once()
    {
        await using var relay = await TestRelay.StartAsync(o => o with { PowDifficulty = Difficulty, Mailbox = o.Mailbox with { MaxBlobs = 1000 } });
        using var client = new RelayClient(relay.BaseAddress, maxConnections: Concurrency);
        var tokens = Enumerable.Range(0, 40).Select(_ => RelayClient.NewToken()).ToArray();
        var valid = Enumerable.Range(0, ValidDeposits)
            .Select(i =>
            {
                var token = tokens[i % tokens.Length];
                var blob = RelayClient.NewBlob(i % 10 == 0 ? RelayLimits.Bucket4KiB : RelayLimits.Bucket1KiB);
                return (Token: token, Blob: blob, Body: RelayClient.DepositBody(token, blob, Difficulty));
            })
            .ToArray();

        var accepted = new ConcurrentBag<(byte[] Token, byte[] Blob)>();
        var serverErrors = new ConcurrentBag<int>();
        var statuses = new ConcurrentDictionary<int, int>();
        var next = -1;
        var total = HostileRequests + ValidDeposits;

        async Task Worker(int seed)
        {
            var random = new Random(seed);
            while (true)
            {
                var n = Interlocked.Increment(ref next);
                if (n >= total)
                {
                    return;
                }

                string path;
                byte[] body;
                var isValid = n % (total / ValidDeposits) == 0 && n / (total / ValidDeposits) < ValidDeposits;
                if (isValid)
                {
                    var v = valid[n / (total / ValidDeposits)];
                    (path, body) = ("/v1/deposit", v.Body);
                }
                else
                {
                    (path, body) = Hostile(random, valid[random.Next(valid.Length)].Body, tokens);
                }

                HttpStatusCode status;
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    using var response = await client.Http.PostAsync(path, content);
                    status = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    // The relay may close a connection on a body it refuses to read; that is not a server error.
                    status = 0;
                }

                statuses.AddOrUpdate((int)status, 1, (_, c) => c + 1);
                if ((int)status >= 500)
                {
                    serverErrors.Add((int)status);
                }

                if (path == "/v1/deposit" && status == HttpStatusCode.OK)
                {
                    var parsed = DepositRequest.Parse(body).Value;
                    accepted.Add((parsed.Token.ToArray(), parsed.Blob.ToArray()));
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(i => Task.Run(() => Worker(1000 + i))));

        Assert.Empty(serverErrors);
        Assert.True(statuses.GetValueOrDefault(0) < 100, $"{statuses.GetValueOrDefault(0)} connections were dropped");
        Assert.Equal(ValidDeposits, valid.Count(v => accepted.Any(a => a.Blob.AsSpan().SequenceEqual(v.Blob))));

        // Every accepted deposit (the valid ones, and any mutation that happened to be valid) exactly once.
        var acceptedTokens = accepted.Select(a => a.Token).DistinctBy(Convert.ToHexString).ToList();
        var fetched = await client.DrainAsync(acceptedTokens);
        Assert.Equal(accepted.Count, fetched.Count);
        var expected = accepted.Select(a => Convert.ToHexString(a.Token) + Convert.ToHexString(a.Blob)).Order().ToList();
        var actual = fetched.Select(f => Convert.ToHexString(f.Token.Span) + Convert.ToHexString(f.Blob.Span)).Order().ToList();
        Assert.Equal(expected, actual);

        using var health = await client.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(0UL, RelayHealth.Parse(await health.Content.ReadAsByteArrayAsync()).Value.StoredBlobs);
    }

    /// <summary>One hostile request: a mutation of a valid deposit, or garbage for any route.</summary>
    private static (string Path, byte[] Body) Hostile(Random random, byte[] validDeposit, byte[][] tokens)
    {
        switch (random.Next(12))
        {
            case 0: // flip a few bits anywhere
                {
                    var copy = (byte[])validDeposit.Clone();
                    for (var i = random.Next(1, 4); i > 0; i--)
                    {
                        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    return ("/v1/deposit", copy);
                }

            case 1: // truncate
                return ("/v1/deposit", validDeposit.AsSpan(0, random.Next(validDeposit.Length)).ToArray());
            case 2: // extend
                return ("/v1/deposit", [.. validDeposit, .. RandomBytes(random, random.Next(1, 64))]);
            case 3: // replay as is
                return ("/v1/deposit", validDeposit);
            case 4: // random bytes behind a valid header
                return ("/v1/deposit", [RelayLimits.WireVersion, (byte)RelayMessageType.DepositRequest, .. RandomBytes(random, random.Next(0, 2048))]);
            case 5: // pure garbage to a random route
                return (Route(random), RandomBytes(random, random.Next(0, 512)));
            case 6: // a fetch with a lying count
                {
                    var count = random.Next(0, 80);
                    var body = HostileBodies.FetchOf(Math.Min(count, random.Next(0, 70)), count);
                    return ("/v1/fetch", body);
                }

            case 7: // a well-formed fetch of random tokens
                return ("/v1/fetch", new FetchRequest([RelayClient.NewToken()]).Serialize());
            case 8: // a well-formed confirm of random ids (must burn nothing)
                return ("/v1/confirm", new ConfirmRequest([RandomBytes(random, RelayLimits.BlobIdSize)]).Serialize());
            case 9: // a confirm with a lying count or repeated ids
                {
                    var id = RandomBytes(random, RelayLimits.BlobIdSize);
                    return ("/v1/confirm", [RelayLimits.WireVersion, (byte)RelayMessageType.ConfirmRequest, 0, 2, .. id, .. id]);
                }

            case 10: // a deposit whose declared blob length is not a bucket or lies
                return ("/v1/deposit", HostileBodies.DepositOfLength(tokens[random.Next(tokens.Length)], RelayClient.CurrentEpoch(), (ulong)random.NextInt64(), random.Next(0, 5000)));
            default: // wrong version or type on a valid body
                return ("/v1/deposit", random.Next(2) == 0
                    ? HostileBodies.WithVersion(validDeposit, (byte)random.Next(2, 256))
                    : HostileBodies.WithType(validDeposit, (RelayMessageType)random.Next(2, 256)));
        }
    }

    private static string Route(Random random) => random.Next(5) switch
    {
        0 => "/v1/deposit",
        1 => "/v1/fetch",
        2 => "/v1/confirm",
        3 => "/v2/deposit",
        _ => "/health",
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
