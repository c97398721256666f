using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Ratchet;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Ratchet;

/// <summary>Alice and Bob with a ratchet session each, set up as the handshake would, from one seed.</summary>
internal sealed class RatchetConversation : IDisposable
{
    public RatchetConversation(int seed)
    {
        Entropy = new DeterministicEntropy(seed);
        RootKey = Fill(32);
        HeaderKeyA = Fill(32);
        NextHeaderKeyB = Fill(32);
        AssociatedData = Fill(RatchetLimits.AssociatedDataSize);
        BobPrivateKey = new byte[X25519.PrivateKeySize];
        X25519.GeneratePrivateKey(Entropy, BobPrivateKey);
        BobPublicKey = new byte[X25519.PublicKeySize];
        X25519.DerivePublicKey(BobPrivateKey, BobPublicKey);
        Alice = RatchetSession.InitializeInitiator(RootKey, HeaderKeyA, NextHeaderKeyB, BobPublicKey, Entropy);
        Bob = RatchetSession.InitializeResponder(RootKey, HeaderKeyA, NextHeaderKeyB, BobPrivateKey);
    }

    public DeterministicEntropy Entropy { get; }

    public byte[] RootKey { get; }

    public byte[] HeaderKeyA { get; }

    public byte[] NextHeaderKeyB { get; }

    public byte[] AssociatedData { get; }

    public byte[] BobPrivateKey { get; }

    public byte[] BobPublicKey { get; }

    public RatchetSession Alice { get; set; }

    public RatchetSession Bob { get; set; }

    public byte[] Send(RatchetSession from, string text) => from.Encrypt(Encoding.UTF8.GetBytes(text), AssociatedData, Entropy);

    public ProtocolResult<byte[]> Deliver(RatchetSession to, byte[] message) => to.TryDecrypt(message, AssociatedData);

    /// <summary>Decrypts and asserts success with the expected text.</summary>
    public void Receive(RatchetSession to, byte[] message, string expected)
    {
        var result = to.TryDecrypt(message, AssociatedData);
        Assert.True(result.IsOk, $"decryption failed: {result.Error}");
        Assert.Equal(expected, Encoding.UTF8.GetString(result.Value));
    }

    /// <summary>Bob receives one message from Alice and answers, Alice receives: one full DH round trip.</summary>
    public void RoundTrip(string tag)
    {
        Receive(Bob, Send(Alice, tag + "-a"), tag + "-a");
        Receive(Alice, Send(Bob, tag + "-b"), tag + "-b");
    }

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
    }

    private byte[] Fill(int length)
    {
        var bytes = new byte[length];
        Entropy.Fill(bytes);
        return bytes;
    }
}
