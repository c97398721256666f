using System.Reflection;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Sessions;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// EstablishedSession's own checks (not the ratchet's): disposal, the bucket-size gate, error pass-through,
/// the stored role byte, the largest plaintext, and what Dispose wipes.
/// </summary>
public sealed class EstablishedSessionMutationTests
{
    private static readonly string s_sessionTypeName = typeof(EstablishedSession).FullName!;

    private static void AssertRefusedByTheSession(Action use)
    {
        var thrown = Assert.Throws<ObjectDisposedException>(use);

        // The session's own check, not the disposed ratchet's further down (which would name RatchetSession).
        Assert.Equal(s_sessionTypeName, thrown.ObjectName);
    }

    [Fact]
    public void Every_use_of_a_disposed_session_is_refused_by_the_session_itself()
    {
        var entropy = new DeterministicEntropy(101);
        var (prekeys, alice, bob) = FirstContactMutationParties.Established(entropy);
        using var ownedPrekeys = prekeys;
        using var ownedBob = bob;
        var blob = bob.Encrypt("for alice"u8, entropy);

        alice.Dispose();

        AssertRefusedByTheSession(() => alice.Encrypt("more"u8, entropy));
        AssertRefusedByTheSession(() => alice.Decrypt(blob));
        AssertRefusedByTheSession(() => alice.Serialize());
        AssertRefusedByTheSession(() => alice.SendingToken(1));
        AssertRefusedByTheSession(() => alice.ReceivingToken(1));
    }

    [Fact]
    public void Dispose_wipes_the_ratchet_the_transcript_hash_and_the_addressing_secret()
    {
        var entropy = new DeterministicEntropy(102);
        var (prekeys, alice, bob) = FirstContactMutationParties.Established(entropy);
        using var ownedPrekeys = prekeys;
        using var ownedBob = bob;
        var associatedData = PrivateBuffer(alice, "_associatedData");
        var addressingSecret = PrivateBuffer(alice, "_addressingSecret");
        var ratchetBuffers = alice.Ratchet.SecretBuffersForTest();
        Assert.Contains(associatedData, b => b != 0);
        Assert.Contains(addressingSecret, b => b != 0);
        Assert.Contains(ratchetBuffers, buffer => buffer.Any(b => b != 0));

        alice.Dispose();

        Assert.All(associatedData, b => Assert.Equal(0, b));
        Assert.All(addressingSecret, b => Assert.Equal(0, b));
        Assert.All(alice.Ratchet.SecretBuffersForTest(), buffer => Assert.All(buffer, b => Assert.Equal(0, b)));
        Assert.Throws<ObjectDisposedException>(() => alice.Ratchet.Serialize());
    }

    [Fact]
    public void Disposing_a_session_twice_is_harmless()
    {
        var entropy = new DeterministicEntropy(103);
        var (prekeys, alice, bob) = FirstContactMutationParties.Established(entropy);
        using var ownedPrekeys = prekeys;
        using var ownedBob = bob;

        alice.Dispose();
        alice.Dispose();

        AssertRefusedByTheSession(() => alice.Serialize());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(1025)]
    [InlineData(65535)]
    [InlineData(65537)]
    public void A_message_that_is_not_a_bucket_size_is_refused_before_any_cryptography(int length)
    {
        var entropy = new DeterministicEntropy(104);
        var (prekeys, alice, bob) = FirstContactMutationParties.Established(entropy);
        using var ownedPrekeys = prekeys;
        using var ownedAlice = alice;
        using var ownedBob = bob;
        var before = bob.Serialize();

        // A real message cut or extended to a non-bucket length, so only the size gate can tell.
        var real = alice.Encrypt("sized"u8, entropy);
        var message = new byte[length];
        real.AsSpan(0, Math.Min(length, real.Length)).CopyTo(message);

        Assert.Equal(ProtocolError.NotABucketSize, bob.Decrypt(message).Error);
        Assert.Equal(before, bob.Serialize());
    }

    [Fact]
    public void A_bucket_whose_body_fails_authentication_gives_the_ratchets_error_and_changes_nothing()
    {
        var entropy = new DeterministicEntropy(105);
        var (prekeys, alice, bob) = FirstContactMutationParties.Established(entropy);
        using var ownedPrekeys = prekeys;
        using var ownedAlice = alice;
        using var ownedBob = bob;
        var blob = alice.Encrypt("authentic"u8, entropy);
        var tampered = (byte[])blob.Clone();
        tampered[^1] ^= 1;
        var before = bob.Serialize();

        Assert.Equal(ProtocolError.MessageDecryptionFailed, bob.Decrypt(tampered).Error);
        Assert.Equal(before, bob.Serialize());
        Assert.Equal("authentic"u8.ToArray(), bob.Decrypt(blob).Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(255)]
    public void A_stored_session_with_an_undefined_role_byte_is_refused(byte role)
    {
        var entropy = new DeterministicEntropy(106);
        var (prekeys, alice, bob) = FirstContactMutationParties.Established(entropy);
        using var ownedPrekeys = prekeys;
        using var ownedAlice = alice;
        using var ownedBob = bob;
        var state = alice.Serialize();
        Assert.Equal(1, state[1]);
        Assert.Equal(2, bob.Serialize()[1]);
        state[1] = role;

        Assert.Equal(ProtocolError.InvalidEncoding, EstablishedSession.Deserialize(state).Error);
    }

    [Fact]
    public void The_largest_plaintext_fills_exactly_the_64_KiB_bucket_and_one_byte_more_is_a_caller_bug()
    {
        var entropy = new DeterministicEntropy(107);
        var (prekeys, alice, bob) = FirstContactMutationParties.Established(entropy);
        using var ownedPrekeys = prekeys;
        using var ownedAlice = alice;
        using var ownedBob = bob;

        // docs/CRYPTO_SPEC.md part 6 §2: 65,435 bytes = 64 KiB − 97 (ratchet overhead) − 4 (length prefix).
        Assert.Equal(65_435, EstablishedSession.MaxPlaintextLength);
        var largest = new byte[EstablishedSession.MaxPlaintextLength];
        entropy.Fill(largest);

        var sealedLargest = alice.Encrypt(largest, entropy);
        var state = alice.Serialize();

        Assert.Equal(RelayLimits.Bucket64KiB, sealedLargest.Length);
        Assert.Throws<ArgumentException>(() => alice.Encrypt(new byte[EstablishedSession.MaxPlaintextLength + 1], entropy));
        Assert.Equal(state, alice.Serialize());
        Assert.Equal(largest, bob.Decrypt(sealedLargest).Value);
    }

    [Fact]
    public void A_session_prints_its_role_and_nothing_else()
    {
        var entropy = new DeterministicEntropy(108);
        var (prekeys, alice, bob) = FirstContactMutationParties.Established(entropy);
        using var ownedPrekeys = prekeys;
        using var ownedAlice = alice;
        using var ownedBob = bob;

        Assert.Equal("EstablishedSession(Initiator)", alice.ToString());
        Assert.Equal("EstablishedSession(Responder)", bob.ToString());
    }

    private static byte[] PrivateBuffer(EstablishedSession session, string name) =>
        (byte[])typeof(EstablishedSession).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(session)!;
}
