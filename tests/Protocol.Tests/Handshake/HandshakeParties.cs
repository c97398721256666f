using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Handshake;

/// <summary>Reproducible identities and prekeys for the handshake tests.</summary>
internal static class HandshakeParties
{
    public static byte[] Seed(int n)
    {
        var seed = new byte[Ed25519.SeedSize];
        new DeterministicEntropy(1000 + n).Fill(seed);
        return seed;
    }

    public static byte[] PublicKeyOf(byte[] seed)
    {
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.DerivePublicKey(seed, publicKey);
        return publicKey;
    }

    public static byte[] Alice => Seed(1);

    public static byte[] Bob => Seed(2);

    public static byte[] Carol => Seed(3);

    public static ResponderPrekeys BobPrekeys(int oneTimeCount, int entropySeed = 7) =>
        ResponderPrekeys.Generate(Bob, oneTimeCount, new DeterministicEntropy(entropySeed));

    public static (InitialMessage Message, SessionKeys Keys) Initiate(byte[] initiatorSeed, PrekeyBundle bundle, ReadOnlySpan<byte> payload, int entropySeed)
    {
        var result = HybridHandshake.Initiate(initiatorSeed, bundle, payload, new DeterministicEntropy(entropySeed));
        Assert.True(result.IsOk, result.ToString());
        return result.Value;
    }

    public static ProtocolResult<(SessionKeys Keys, byte[] FirstPayload, byte[] InitiatorIdentityKey)> Respond(ResponderPrekeys prekeys, byte[] message) =>
        HybridHandshake.Respond(prekeys, message);
}
