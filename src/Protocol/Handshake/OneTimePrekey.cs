using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>
/// One one-time hybrid prekey: an X25519 key pair and an ML-KEM-768 key pair under one id and one
/// signature. Removed from the pool (and zeroed) by the first initial message that uses it.
/// </summary>
internal sealed class OneTimePrekey : IDisposable
{
    private OneTimePrekey(uint id, bool handedOut, byte[] x25519Private, byte[] mlKemSeed, byte[] signature)
    {
        Id = id;
        HandedOut = handedOut;
        X25519Private = x25519Private;
        X25519Public = new byte[X25519.PublicKeySize];
        X25519.DerivePublicKey(x25519Private, X25519Public);
        MlKemSeed = mlKemSeed;
        MlKemEncapsulationKey = new byte[MlKem768.EncapsulationKeySize];
        MlKemDecapsulationKey = new byte[MlKem768.DecapsulationKeySize];
        MlKem768.GenerateKeyPair(mlKemSeed, MlKemEncapsulationKey, MlKemDecapsulationKey);
        Signature = signature;
    }

    public uint Id { get; }

    /// <summary>Whether a bundle carrying this prekey was already handed out (it may still be unconsumed).</summary>
    public bool HandedOut { get; set; }

    public byte[] X25519Private { get; }

    public byte[] X25519Public { get; }

    public byte[] MlKemSeed { get; }

    public byte[] MlKemEncapsulationKey { get; }

    public byte[] MlKemDecapsulationKey { get; }

    public byte[] Signature { get; }

    public static OneTimePrekey Generate(ReadOnlySpan<byte> identitySeed, uint id, IEntropy entropy)
    {
        var x25519Private = new byte[X25519.PrivateKeySize];
        X25519.GeneratePrivateKey(entropy, x25519Private);
        var mlKemSeed = new byte[MlKem768.SeedSize];
        entropy.Fill(mlKemSeed);
        var prekey = new OneTimePrekey(id, false, x25519Private, mlKemSeed, new byte[Ed25519.SignatureSize]);
        HandshakeSignatures.SignOneTimePrekey(identitySeed, id, prekey.X25519Public, prekey.MlKemEncapsulationKey, prekey.Signature);
        return prekey;
    }

    /// <summary>Rebuilds a stored one-time prekey; the arrays are copied.</summary>
    public static OneTimePrekey Restore(uint id, bool handedOut, ReadOnlySpan<byte> x25519Private, ReadOnlySpan<byte> mlKemSeed,
        ReadOnlySpan<byte> signature) =>
        new(id, handedOut, x25519Private.ToArray(), mlKemSeed.ToArray(), signature.ToArray());

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(X25519Private);
        CryptographicOperations.ZeroMemory(MlKemSeed);
        CryptographicOperations.ZeroMemory(MlKemDecapsulationKey);
    }
}
