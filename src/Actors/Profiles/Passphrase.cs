using System.Security.Cryptography;
using System.Text;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// A passphrase as UTF-8 bytes (exactly as typed: no normalisation, no trimming). Zeroed on Dispose;
/// <see cref="ToString"/> reveals nothing. The caller's own string cannot be wiped — keep its lifetime short.
/// </summary>
public sealed class Passphrase : IDisposable
{
    public const int MaxBytes = 1024;

    private readonly byte[] _utf8;
    private bool _disposed;

    private Passphrase(byte[] utf8) => _utf8 = utf8;

    public static Passphrase FromString(string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return Own(Encoding.UTF8.GetBytes(passphrase));
    }

    public static Passphrase FromUtf8(ReadOnlySpan<byte> utf8) => Own(utf8.ToArray());

    public ReadOnlySpan<byte> Utf8
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _utf8;
        }
    }

    public bool IsEmpty => Utf8.IsEmpty;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_utf8);
        _disposed = true;
    }

    public override string ToString() => "Passphrase(redacted)";

    private static Passphrase Own(byte[] owned)
    {
        if (owned.Length > MaxBytes)
        {
            CryptographicOperations.ZeroMemory(owned);
            throw new ArgumentException($"A passphrase is at most {MaxBytes} UTF-8 bytes.");
        }

        return new Passphrase(owned);
    }
}
