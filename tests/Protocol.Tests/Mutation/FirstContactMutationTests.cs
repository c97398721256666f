using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Sessions;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>FirstContact's own checks and the typed errors it passes through on each step of Accept.</summary>
public sealed class FirstContactMutationTests
{
    private static readonly byte[] s_aliceSeed = FirstContactMutationParties.IdentitySeed(1);

    [Fact]
    public void A_missing_bundle_or_entropy_is_a_caller_bug_reported_before_the_plaintext_length()
    {
        var entropy = new DeterministicEntropy(201);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var tooLong = new byte[EstablishedSession.MaxPlaintextLength + 1];

        Assert.Equal("bundle", Assert.Throws<ArgumentNullException>(() => FirstContact.Initiate(s_aliceSeed, null!, tooLong, entropy)).ParamName);
        Assert.Equal("entropy", Assert.Throws<ArgumentNullException>(() => FirstContact.Initiate(s_aliceSeed, bundle, tooLong, null!)).ParamName);
    }

    [Fact]
    public void A_first_message_of_exactly_the_largest_length_reaches_Bob()
    {
        var entropy = new DeterministicEntropy(202);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var largest = new byte[EstablishedSession.MaxPlaintextLength];
        entropy.Fill(largest);

        var initiated = FirstContact.Initiate(s_aliceSeed, bundle, largest, entropy);
        Assert.True(initiated.IsOk, initiated.ToString());
        using var alice = initiated.Value.Session;
        var accepted = FirstContact.Accept(prekeys, initiated.Value.Envelope, entropy);
        Assert.True(accepted.IsOk, accepted.ToString());
        using var bob = accepted.Value.Session;

        Assert.Equal(largest, accepted.Value.FirstPlaintext);
    }

    [Fact]
    public void A_bundle_whose_signed_prekey_signature_is_broken_is_refused_with_the_handshakes_error()
    {
        var entropy = new DeterministicEntropy(203);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var bytes = bundle.Serialize();
        var signatureAt = bytes.AsSpan().IndexOf(bundle.SignedPrekeySignature);
        bytes[signatureAt] ^= 0x01;
        var broken = PrekeyBundle.Parse(bytes).Value;

        Assert.Equal(ProtocolError.InvalidPrekeySignature, broken.Verify());
        Assert.Equal(ProtocolError.InvalidPrekeySignature, FirstContact.Initiate(s_aliceSeed, broken, "hi"u8, entropy).Error);
    }

    [Fact]
    public void Accept_without_prekeys_or_entropy_is_a_caller_bug_that_consumes_nothing()
    {
        var entropy = new DeterministicEntropy(204);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var (envelope, alice) = FirstContact.Initiate(s_aliceSeed, bundle, "hi"u8, entropy).Value;
        using var ownedAlice = alice;
        var before = prekeys.Serialize();

        Assert.Equal("prekeys", Assert.Throws<ArgumentNullException>(() => FirstContact.Accept(null!, envelope, entropy)).ParamName);
        Assert.Equal("entropy", Assert.Throws<ArgumentNullException>(() => FirstContact.Accept(prekeys, envelope, null!)).ParamName);
        Assert.Equal("entropy", Assert.Throws<ArgumentNullException>(() => FirstContact.Accept(prekeys, new byte[3], null!)).ParamName);

        Assert.Equal(before, prekeys.Serialize());
        var accepted = FirstContact.Accept(prekeys, envelope, entropy);
        Assert.True(accepted.IsOk, accepted.ToString());
        accepted.Value.Session.Dispose();
    }

    [Theory]
    [InlineData(0, ProtocolError.NotABucketSize)]
    [InlineData(1000, ProtocolError.NotABucketSize)]
    [InlineData(1024, ProtocolError.UnsupportedVersion)]
    public void An_envelope_that_does_not_open_gives_the_envelopes_own_error(int length, ProtocolError expected)
    {
        var entropy = new DeterministicEntropy(205);
        var (prekeys, _) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var before = prekeys.Serialize();

        Assert.Equal(expected, FirstContact.Accept(prekeys, new byte[length], entropy).Error);
        Assert.Equal(before, prekeys.Serialize());
    }

    [Fact]
    public void An_envelope_sealed_to_someone_else_does_not_decrypt()
    {
        var entropy = new DeterministicEntropy(206);
        var (prekeys, _) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        using var stranger = ResponderPrekeys.Generate(FirstContactMutationParties.IdentitySeed(3), 1, entropy);
        var (envelope, alice) = FirstContact.Initiate(s_aliceSeed, stranger.CreateBundle(), "not for bob"u8, entropy).Value;
        using var ownedAlice = alice;

        Assert.Equal(ProtocolError.DecryptionFailed, FirstContact.Accept(prekeys, envelope, entropy).Error);
    }

    [Fact]
    public void An_envelope_that_opens_but_holds_no_initial_message_gives_the_parsers_error_and_consumes_nothing()
    {
        var entropy = new DeterministicEntropy(207);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var before = prekeys.Serialize();
        byte[] notAnInitialMessage = [0x07, 0x00, 0x20];
        var envelope = FirstContactMutationParties.SealPerSpec(bundle.SignedPrekey, notAnInitialMessage, entropy);
        var parserError = InitialMessage.Parse(notAnInitialMessage).Error;

        Assert.NotEqual(ProtocolError.None, parserError);
        Assert.Equal(parserError, FirstContact.Accept(prekeys, envelope, entropy).Error);
        Assert.Equal(before, prekeys.Serialize());
    }

    [Fact]
    public void A_swapped_first_payload_is_refused_after_the_handshake_has_burnt_the_one_time_prekey()
    {
        var entropy = new DeterministicEntropy(208);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var (envelope, alice) = FirstContact.Initiate(s_aliceSeed, bundle, "original"u8, entropy).Value;
        using var ownedAlice = alice;

        // Someone on the path who could open the envelope swaps the (unsigned) first payload for another bucket.
        var initialMessage = InitialMessage.Parse(FirstContactMutationParties.OpenPerSpec(prekeys, envelope)!).Value;
        var swappedPayload = (byte[])initialMessage.FirstPayload.ToArray().Clone();
        swappedPayload[^1] ^= 0x01;
        var swapped = FirstContactMutationParties.SealPerSpec(bundle.SignedPrekey,
            initialMessage.WithFirstPayload(swappedPayload).Serialize(), entropy);
        var oneTimeBefore = prekeys.OneTimePrekeyCount;

        Assert.Equal(ProtocolError.MessageDecryptionFailed, FirstContact.Accept(prekeys, swapped, entropy).Error);
        Assert.Equal(oneTimeBefore - 1, prekeys.OneTimePrekeyCount);
    }
}
