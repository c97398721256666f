using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// A cover blob: a bucket of random bytes behind the same version byte (0x01) that every real relay blob
/// (ratchet message, intro envelope) starts with. A real blob is otherwise AEAD output and derived nonces,
/// so to the relay the two look alike.
/// </summary>
public static class CoverBlob
{
    /// <summary>The first byte of every relay-visible blob format (ratchet message and intro envelope version).</summary>
    public const byte VersionByte = 1;

    public static byte[] Create(IEntropy entropy, int bucketSize)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        if (!RelayLimits.IsBucketSize(bucketSize))
        {
            throw new ArgumentException("Cover blobs must be exactly one of the bucket sizes.", nameof(bucketSize));
        }

        var blob = new byte[bucketSize];
        entropy.Fill(blob);
        blob[0] = VersionByte;
        return blob;
    }
}
