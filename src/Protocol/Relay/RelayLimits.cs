namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// Every bound of the relay protocol in one place (docs/spec/relay.md). Parsers check these before they
/// slice or allocate anything.
/// </summary>
public static class RelayLimits
{
    /// <summary>Version byte that opens every relay envelope.</summary>
    public const byte WireVersion = 1;

    /// <summary>Size of a mailbox token (relay token or cover token).</summary>
    public const int TokenSize = 32;

    /// <summary>Size of the identifier the relay gives a stored blob.</summary>
    public const int BlobIdSize = 16;

    /// <summary>Size of the SHA-256 payload hash a proof-of-work stamp is bound to.</summary>
    public const int PayloadHashSize = 32;

    public const int Bucket1KiB = 1024;
    public const int Bucket4KiB = 4 * 1024;
    public const int Bucket16KiB = 16 * 1024;
    public const int Bucket64KiB = 64 * 1024;
    public const int Bucket256KiB = 256 * 1024;

    /// <summary>The largest bucket; no relay blob is ever larger.</summary>
    public const int LargestBucket = Bucket256KiB;

    /// <summary>The smallest bucket.</summary>
    public const int SmallestBucket = Bucket1KiB;

    /// <summary>
    /// The largest seal overhead (bytes the sealing layer adds to a padded plaintext) that
    /// <see cref="BucketPadding"/> accepts. Buckets smaller than overhead + 4 are skipped.
    /// </summary>
    public const int MaxSealOverhead = 4096;

    /// <summary>Most tokens one fetch request may name.</summary>
    public const int MaxTokensPerFetch = 64;

    /// <summary>Most blobs one fetch response may carry.</summary>
    public const int MaxBlobsPerFetch = 64;

    /// <summary>Most blob ids one confirm (burn) request may name.</summary>
    public const int MaxBlobIdsPerConfirm = 64;

    /// <summary>Largest serialized fetch response (4 MiB); the relay stops adding blobs before this.</summary>
    public const int MaxFetchResponseBytes = 4 * 1024 * 1024;

    /// <summary>Suggested token epoch: one day. Both sides of a conversation must use the same value.</summary>
    public const long DefaultTokenEpochSeconds = 24 * 60 * 60;

    /// <summary>Suggested proof-of-work epoch: one hour (a stamp lives for one to two hours).</summary>
    public const long DefaultPowEpochSeconds = 60 * 60;

    /// <summary>The bucket sizes, ascending.</summary>
    public static ReadOnlySpan<int> BucketSizes => [Bucket1KiB, Bucket4KiB, Bucket16KiB, Bucket64KiB, Bucket256KiB];

    /// <summary>True when <paramref name="length"/> is exactly one of <see cref="BucketSizes"/>.</summary>
    public static bool IsBucketSize(int length) =>
        length is Bucket1KiB or Bucket4KiB or Bucket16KiB or Bucket64KiB or Bucket256KiB;
}
