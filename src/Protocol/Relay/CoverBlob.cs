using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// A cover blob: uniformly random bytes of a bucket size. A real blob is a sealed, padded message of a
/// bucket size whose bytes are AEAD output, so to the relay the two look alike.
/// </summary>
public static class CoverBlob
{
    public static byte[] Create(IEntropy entropy, int bucketSize)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        if (!RelayLimits.IsBucketSize(bucketSize))
        {
            throw new ArgumentException("Cover blobs must be exactly one of the bucket sizes.", nameof(bucketSize));
        }

        var blob = new byte[bucketSize];
        entropy.Fill(blob);
        return blob;
    }
}
