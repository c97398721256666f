using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Ratchet;

/// <summary>No (AEAD key, nonce) pair is ever used twice, for bodies or for headers (ADR 0010).</summary>
public sealed class RatchetNonceUniquenessTests
{
    [Fact]
    public void Ten_thousand_conversations_never_repeat_a_key_and_nonce_pair()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var uses = 0;
        var repeats = 0;
        void Record(RatchetAeadUse use, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
        {
            uses++;
            var id = (use == RatchetAeadUse.Header ? "h" : "b") + Convert.ToHexString(key) + Convert.ToHexString(nonce);
            if (!seen.Add(id))
            {
                repeats++;
            }
        }

        var shape = new Random(20260612);
        for (var conversation = 0; conversation < 10_000; conversation++)
        {
            using var c = new RatchetConversation(1_000_000 + conversation);
            c.Alice.AeadObserver = Record;
            c.Bob.AeadObserver = Record;
            var bobHasHeard = false;
            var messages = shape.Next(2, 9);
            for (var i = 0; i < messages; i++)
            {
                if (bobHasHeard && shape.Next(2) == 0)
                {
                    c.Receive(c.Alice, c.Send(c.Bob, "b"), "b");
                }
                else
                {
                    c.Receive(c.Bob, c.Send(c.Alice, "a"), "a");
                    bobHasHeard = true;
                }
            }
        }

        Assert.Equal(0, repeats);
        Assert.True(uses >= 2 * 10_000 * 2, $"only {uses} AEAD uses observed");
    }

    [Fact]
    public void Observed_keys_and_nonces_are_the_ones_that_open_the_wire_message()
    {
        using var c = new RatchetConversation(31);
        byte[]? headerKey = null, headerNonce = null, bodyKey = null, bodyNonce = null;
        c.Alice.AeadObserver = (use, key, nonce) =>
        {
            if (use == RatchetAeadUse.Header)
            {
                (headerKey, headerNonce) = (key.ToArray(), nonce.ToArray());
            }
            else
            {
                (bodyKey, bodyNonce) = (key.ToArray(), nonce.ToArray());
            }
        };

        var message = c.Send(c.Alice, "observed");
        Assert.NotNull(headerKey);
        Assert.NotNull(bodyKey);

        var sealedHeader = message.AsSpan(1, RatchetLimits.EncryptedHeaderSize);
        Assert.Equal(headerNonce, sealedHeader[..RatchetLimits.HeaderNonceSize].ToArray());
        var header = new byte[RatchetLimits.HeaderPlaintextSize];
        Assert.True(ChaCha20Poly1305Aead.TryDecryptExtended(headerKey, headerNonce, sealedHeader[RatchetLimits.HeaderNonceSize..],
            [RatchetLimits.MessageVersion], header));

        var ad = new byte[RatchetLimits.AssociatedDataSize + RatchetLimits.EncryptedHeaderSize];
        c.AssociatedData.CopyTo(ad, 0);
        sealedHeader.CopyTo(ad.AsSpan(RatchetLimits.AssociatedDataSize));
        var body = message.AsSpan(1 + RatchetLimits.EncryptedHeaderSize);
        var plaintext = new byte[body.Length - ChaCha20Poly1305Aead.TagSize];
        Assert.True(ChaCha20Poly1305Aead.TryDecrypt(bodyKey, bodyNonce, body, ad, plaintext));
        Assert.Equal("observed"u8.ToArray(), plaintext);
    }

    [Fact]
    public void Header_nonces_in_one_long_chain_are_all_distinct()
    {
        using var c = new RatchetConversation(32);
        var nonces = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 3000; i++)
        {
            var message = c.Send(c.Alice, "n");
            Assert.True(nonces.Add(Convert.ToHexString(message.AsSpan(1, RatchetLimits.HeaderNonceSize))));
        }
    }

    [Fact]
    public void A_header_nonce_repeats_only_with_the_identical_header_after_a_state_rollback()
    {
        // Misuse (re-using a stored state) is the actor's to prevent; this shows the synthetic nonce then
        // repeats only together with the identical header plaintext, i.e. the identical header ciphertext.
        using var c = new RatchetConversation(33);
        c.Send(c.Alice, "advance");
        var snapshot = c.Alice.Serialize();
        var first = c.Send(c.Alice, "one text");
        using var rolledBack = RatchetSession.Deserialize(snapshot).Value;
        var second = rolledBack.Encrypt("another text"u8, c.AssociatedData, c.Entropy);

        Assert.Equal(first.AsSpan(0, 1 + RatchetLimits.EncryptedHeaderSize).ToArray(),
            second.AsSpan(0, 1 + RatchetLimits.EncryptedHeaderSize).ToArray());

        var next = rolledBack.Encrypt("another text"u8, c.AssociatedData, c.Entropy);
        Assert.NotEqual(second.AsSpan(1, RatchetLimits.HeaderNonceSize).ToArray(), next.AsSpan(1, RatchetLimits.HeaderNonceSize).ToArray());
    }
}
