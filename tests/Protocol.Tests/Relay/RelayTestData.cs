using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Relay;

/// <summary>Random but valid relay envelopes, reproducible from a seed.</summary>
internal static class RelayTestData
{
    public static byte[] Bytes(IEntropy entropy, int length)
    {
        var bytes = new byte[length];
        entropy.Fill(bytes);
        return bytes;
    }

    public static int Next(IEntropy entropy, int exclusiveMax)
    {
        Span<byte> b = stackalloc byte[4];
        entropy.Fill(b);
        return (int)(BitConverter.ToUInt32(b) % (uint)exclusiveMax);
    }

    public static ulong NextUInt64(IEntropy entropy)
    {
        Span<byte> b = stackalloc byte[8];
        entropy.Fill(b);
        return BitConverter.ToUInt64(b);
    }

    /// <summary>Mostly small buckets so tests stay fast; the large ones still turn up.</summary>
    public static int Bucket(IEntropy entropy)
    {
        var roll = Next(entropy, 100);
        return roll switch
        {
            < 80 => RelayLimits.Bucket1KiB,
            < 95 => RelayLimits.Bucket4KiB,
            < 98 => RelayLimits.Bucket16KiB,
            < 99 => RelayLimits.Bucket64KiB,
            _ => RelayLimits.Bucket256KiB,
        };
    }

    public static DepositRequest Deposit(int seed)
    {
        var e = new DeterministicEntropy(seed);
        return new DepositRequest(Bytes(e, 32), NextUInt64(e), NextUInt64(e), Bytes(e, Bucket(e)));
    }

    public static FetchRequest Fetch(int seed)
    {
        var e = new DeterministicEntropy(seed);
        var count = 1 + Next(e, RelayLimits.MaxTokensPerFetch);
        return new FetchRequest([.. Enumerable.Range(0, count).Select(_ => Bytes(e, 32))]);
    }

    public static ConfirmRequest Confirm(int seed)
    {
        var e = new DeterministicEntropy(seed);
        var count = 1 + Next(e, RelayLimits.MaxBlobIdsPerConfirm);
        return new ConfirmRequest([.. Enumerable.Range(0, count).Select(_ => Bytes(e, 16))]);
    }

    public static FetchResponse Response(int seed, int maxBlobs = 8)
    {
        var e = new DeterministicEntropy(seed);
        var count = Next(e, maxBlobs + 1);
        var blobs = new List<FetchedBlob>();
        var size = FetchResponse.HeaderSize;
        for (var i = 0; i < count; i++)
        {
            var length = Bucket(e);
            if (size + FetchedBlob.WireSizeFor(length) > RelayLimits.MaxFetchResponseBytes)
            {
                break;
            }

            size += FetchedBlob.WireSizeFor(length);
            blobs.Add(new FetchedBlob(Bytes(e, 16), Bytes(e, 32), Bytes(e, length)));
        }

        return new FetchResponse(blobs);
    }

    public static RelayErrorResponse Error(int seed) =>
        new((RelayRejection)(1 + Next(new DeterministicEntropy(seed), (int)RelayRejection.Busy)));

    public static RelayHealth Health(int seed)
    {
        var e = new DeterministicEntropy(seed);
        return new RelayHealth(NextUInt64(e), NextUInt64(e), NextUInt64(e), NextUInt64(e), NextUInt64(e));
    }
}
