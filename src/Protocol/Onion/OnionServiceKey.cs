using System.Buffers.Text;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Onion;

/// <summary>
/// An onion service's Ed25519 key, owned by the app: a 32-byte seed (stored sealed by the caller) expands to
/// the 64-byte key tor's <c>ADD_ONION ED25519-V3:&lt;base64&gt;</c> takes — SHA-512(seed), the first half
/// clamped (RFC 8032 §5.1.5) — and to the public key and v3 address, computed here without tor.
/// Holds secret bytes: dispose it; its <see cref="ToString"/> says nothing.
/// </summary>
public sealed class OnionServiceKey : IDisposable
{
    public const int SeedLength = 32;
    public const int ExpandedKeyLength = 64;

    private static ReadOnlySpan<byte> KeyTypePrefix => "ED25519-V3:"u8;

    /// <summary>Length of the ASCII argument <c>ED25519-V3:&lt;base64 of 64 bytes&gt;</c>.</summary>
    public static int AddOnionKeyArgumentLength => KeyTypePrefix.Length + Base64.GetMaxEncodedToUtf8Length(ExpandedKeyLength);

    private readonly byte[] _expandedKey = new byte[ExpandedKeyLength];
    private bool _disposed;

    private OnionServiceKey(ReadOnlySpan<byte> seed)
    {
        SHA512.HashData(seed, _expandedKey);
        _expandedKey[0] &= 248;
        _expandedKey[31] &= 127;
        _expandedKey[31] |= 64;

        Span<byte> publicKey = stackalloc byte[OnionAddress.PublicKeyLength];
        Ed25519.DerivePublicKey(seed, publicKey);
        Address = OnionAddress.FromPublicKey(publicKey);
    }

    /// <summary>The service's address (public).</summary>
    public OnionAddress Address { get; }

    /// <summary>Expands a 32-byte seed. A wrong-size seed is a caller bug.</summary>
    public static OnionServiceKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"An onion service seed is {SeedLength} bytes.", nameof(seed));
        }

        return new OnionServiceKey(seed);
    }

    /// <summary>Makes a fresh seed from the entropy handed in (the caller seals and stores it).</summary>
    public static void GenerateSeed(IEntropy entropy, Span<byte> seed)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"An onion service seed is {SeedLength} bytes.", nameof(seed));
        }

        entropy.Fill(seed);
    }

    /// <summary>
    /// Writes the ASCII key argument for ADD_ONION into <paramref name="destination"/> (exactly
    /// <see cref="AddOnionKeyArgumentLength"/> bytes). It is secret: the caller wipes the buffer after sending.
    /// </summary>
    public void WriteAddOnionKeyArgument(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length != AddOnionKeyArgumentLength)
        {
            throw new ArgumentException($"The key argument is {AddOnionKeyArgumentLength} bytes.", nameof(destination));
        }

        KeyTypePrefix.CopyTo(destination);
        var status = Base64.EncodeToUtf8(_expandedKey, destination[KeyTypePrefix.Length..], out _, out var written);
        if (status != System.Buffers.OperationStatus.Done || written != destination.Length - KeyTypePrefix.Length)
        {
            throw new InvalidOperationException("Base64 encoding of the expanded key failed.");
        }
    }

    /// <summary>The 64-byte expanded secret key (for tests and for a caller that seals it); wipe the buffer after use.</summary>
    public void CopyExpandedKey(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length != ExpandedKeyLength)
        {
            throw new ArgumentException($"The expanded key is {ExpandedKeyLength} bytes.", nameof(destination));
        }

        _expandedKey.CopyTo(destination);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_expandedKey);
        _disposed = true;
    }

    public override string ToString() => nameof(OnionServiceKey);
}
