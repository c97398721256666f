using System.Security.Cryptography;
using System.Text;

namespace Pvtcoms.Relay.Configuration;

/// <summary>
/// The optional bearer secret a relay operator can require. Holds only SHA-256 of the secret; the check
/// hashes the presented value and compares the two digests in fixed time, so neither the content nor
/// the length of the secret shows in the response time. Prints nothing.
/// </summary>
public sealed class RelayAccessKey : IDisposable
{
    private readonly byte[] _digest;

    private RelayAccessKey(byte[] digest)
    {
        _digest = digest;
    }

    public static RelayAccessKey FromSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var bytes = Encoding.UTF8.GetBytes(secret);
        try
        {
            return new RelayAccessKey(SHA256.HashData(bytes));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>True when <paramref name="presented"/> is the secret.</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        var length = Encoding.UTF8.GetMaxByteCount(presented.Length);
        var rented = new byte[length];
        Span<byte> digest = stackalloc byte[32];
        try
        {
            var written = Encoding.UTF8.GetBytes(presented, rented);
            SHA256.HashData(rented.AsSpan(0, written), digest);
            return CryptographicOperations.FixedTimeEquals(digest, _digest);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rented);
            CryptographicOperations.ZeroMemory(digest);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_digest);

    public override string ToString() => "RelayAccessKey";
}
