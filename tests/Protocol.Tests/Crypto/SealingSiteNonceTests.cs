using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.DirectoryRecords;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Sessions;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto;

/// <summary>
/// DESIGN §3: no nonce is ever reused under a key. The ratchet sites (message bodies and headers) are checked
/// over 10,000 conversations in the ratchet tests; these are the other sealing sites, each under a key that
/// stays fixed across many seals, so their nonces (or per-seal keys) must never repeat.
/// </summary>
public sealed class SealingSiteNonceTests
{
    [Fact]
    public void At_rest_seals_under_one_device_key_never_repeat_a_nonce()
    {
        var entropy = new DeterministicEntropy(31);
        var deviceKey = new byte[32];
        entropy.Fill(deviceKey);
        var nonces = new HashSet<string>();
        for (var i = 0; i < 10_000; i++)
        {
            var sealedValue = AtRestSeal.Seal(deviceKey, "ratchet", BitConverter.GetBytes(i % 3), "same state"u8, entropy);
            Assert.True(nonces.Add(Convert.ToHexString(sealedValue.AsSpan(1, ChaCha20Poly1305Aead.XNonceSize))), $"nonce repeated at seal {i}");
        }
    }

    [Fact]
    public void Directory_records_of_one_identity_and_epoch_never_repeat_a_nonce()
    {
        var entropy = new DeterministicEntropy(32);
        using var identity = IdentityKeyPair.Generate(entropy);
        var relay = RelayEndpoint.Parse("127.0.0.1:9000").Value;
        var intro = new byte[Invite.IntroTokenSize];
        var nonces = new HashSet<string>();
        for (var i = 0; i < 2_000; i++)
        {
            var record = DirectoryRecord.Create(identity, 40, 41, [1, 2, 3], relay, intro, entropy);
            Assert.True(nonces.Add(Convert.ToHexString(record.Blob.AsSpan(1, ChaCha20Poly1305Aead.XNonceSize))), $"nonce repeated at record {i}");
        }
    }

    [Fact]
    public void Intro_envelopes_to_one_prekey_each_use_a_fresh_key()
    {
        var entropy = new DeterministicEntropy(33);
        var bobSeed = new byte[32];
        var aliceSeed = new byte[32];
        entropy.Fill(bobSeed);
        entropy.Fill(aliceSeed);
        using var prekeys = ResponderPrekeys.Generate(bobSeed, 0, entropy);
        var bundle = prekeys.CreateBundle();
        var ephemeralKeys = new HashSet<string>();
        for (var i = 0; i < 500; i++)
        {
            var (envelope, session) = FirstContact.Initiate(aliceSeed, bundle, "same text"u8, entropy).Value;
            session.Dispose();
            // The envelope key is HKDF(X25519(e, SPK), E ‖ SPK): a fresh E means a fresh key (the nonce is fixed).
            Assert.True(ephemeralKeys.Add(Convert.ToHexString(envelope.AsSpan(1, X25519.PublicKeySize))), $"ephemeral key repeated at {i}");
        }
    }
}
