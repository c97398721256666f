using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>
/// One signed X25519 prekey and one signed ML-KEM-768 prekey, created and retired together, with the
/// replay cache of the initial messages accepted under them. The ML-KEM key pair is kept as its 64-byte
/// seed (stored) plus the expanded keys (in memory).
/// </summary>
internal sealed class SignedPrekeyGeneration : IDisposable
{
    private SignedPrekeyGeneration(uint x25519Id, byte[] x25519Private, byte[] x25519Signature,
        uint mlKemId, byte[] mlKemSeed, byte[] mlKemSignature)
    {
        X25519Id = x25519Id;
        X25519Private = x25519Private;
        X25519Public = new byte[X25519.PublicKeySize];
        X25519.DerivePublicKey(x25519Private, X25519Public);
        X25519Signature = x25519Signature;
        MlKemId = mlKemId;
        MlKemSeed = mlKemSeed;
        MlKemEncapsulationKey = new byte[MlKem768.EncapsulationKeySize];
        MlKemDecapsulationKey = new byte[MlKem768.DecapsulationKeySize];
        MlKem768.GenerateKeyPair(mlKemSeed, MlKemEncapsulationKey, MlKemDecapsulationKey);
        MlKemSignature = mlKemSignature;
    }

    public uint X25519Id { get; }

    public byte[] X25519Private { get; }

    public byte[] X25519Public { get; }

    public byte[] X25519Signature { get; }

    public uint MlKemId { get; }

    public byte[] MlKemSeed { get; }

    public byte[] MlKemEncapsulationKey { get; }

    public byte[] MlKemDecapsulationKey { get; }

    public byte[] MlKemSignature { get; }

    public ReplayCache Replay { get; } = new();

    public static SignedPrekeyGeneration Generate(ReadOnlySpan<byte> identitySeed, uint x25519Id, uint mlKemId, IEntropy entropy)
    {
        var x25519Private = new byte[X25519.PrivateKeySize];
        X25519.GeneratePrivateKey(entropy, x25519Private);
        var mlKemSeed = new byte[MlKem768.SeedSize];
        entropy.Fill(mlKemSeed);
        var generation = new SignedPrekeyGeneration(x25519Id, x25519Private, new byte[Ed25519.SignatureSize],
            mlKemId, mlKemSeed, new byte[Ed25519.SignatureSize]);
        HandshakeSignatures.SignSignedX25519Prekey(identitySeed, x25519Id, generation.X25519Public, generation.X25519Signature);
        HandshakeSignatures.SignSignedMlKemPrekey(identitySeed, mlKemId, generation.MlKemEncapsulationKey, generation.MlKemSignature);
        return generation;
    }

    /// <summary>Rebuilds a stored generation; the arrays are copied.</summary>
    public static SignedPrekeyGeneration Restore(uint x25519Id, ReadOnlySpan<byte> x25519Private, ReadOnlySpan<byte> x25519Signature,
        uint mlKemId, ReadOnlySpan<byte> mlKemSeed, ReadOnlySpan<byte> mlKemSignature) =>
        new(x25519Id, x25519Private.ToArray(), x25519Signature.ToArray(), mlKemId, mlKemSeed.ToArray(), mlKemSignature.ToArray());

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(X25519Private);
        CryptographicOperations.ZeroMemory(MlKemSeed);
        CryptographicOperations.ZeroMemory(MlKemDecapsulationKey);
    }
}
