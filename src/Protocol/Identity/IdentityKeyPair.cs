using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Identity;

/// <summary>
/// Our long-term Ed25519 identity: the 32-byte seed (the secret) and its public <see cref="IdentityKey"/>.
/// The seed is zeroed on <see cref="Dispose"/>; <see cref="ToString"/> shows only the public fingerprint.
/// </summary>
public sealed class IdentityKeyPair : IDisposable
{
    public const int SeedSize = Ed25519.SeedSize;
    public const int SignatureSize = Ed25519.SignatureSize;

    private readonly byte[] _seed;
    private bool _disposed;

    private IdentityKeyPair(byte[] seed)
    {
        _seed = seed;
        Span<byte> publicKey = stackalloc byte[IdentityKey.Size];
        Ed25519.DerivePublicKey(_seed, publicKey);
        PublicKey = IdentityKey.FromBytes(publicKey);
    }

    public IdentityKey PublicKey { get; }

    public static IdentityKeyPair Generate(IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        var seed = new byte[SeedSize];
        Ed25519.GenerateSeed(entropy, seed);
        return new IdentityKeyPair(seed);
    }

    /// <summary>Restores an identity from a seed taken out of sealed storage; the caller wipes its copy.</summary>
    public static IdentityKeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"Expected {SeedSize} bytes.", nameof(seed));
        }

        return new IdentityKeyPair(seed.ToArray());
    }

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Ed25519.Sign(_seed, message, signature);
    }

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[SignatureSize];
        Sign(message, signature);
        return signature;
    }

    /// <summary>Copies the secret seed out, for sealing at rest only. The caller zeroes <paramref name="destination"/>.</summary>
    public void ExportSeed(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length != SeedSize)
        {
            throw new ArgumentException($"Expected {SeedSize} bytes.", nameof(destination));
        }

        _seed.CopyTo(destination);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_seed);
        _disposed = true;
    }

    public override string ToString() => $"IdentityKeyPair({PublicKey.Fingerprint})";
}
