using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// A caller bug throws an exception whose message says what was expected (a size or a range) and nothing of
/// the bytes handed in; the framework's own exception for the same input would say something else.
/// </summary>
public sealed class CallerBugMessageTests
{
    [Fact]
    public void Size_checks_say_which_size_was_expected()
    {
        Assert.StartsWith("Expected 32 bytes.", Assert.Throws<ArgumentException>(() => X25519.DerivePublicKey(new byte[31], new byte[32])).Message);
        Assert.StartsWith("Expected 32 bytes.", Assert.Throws<ArgumentException>(() => Kdf.Sha256("x"u8, new byte[31])).Message);
        Assert.StartsWith("Expected 32 bytes.", Assert.Throws<ArgumentException>(() => MessageSeal.Seal(new byte[31], "x"u8, "ad"u8)).Message);
        Assert.StartsWith("Expected 16 bytes.", Assert.Throws<ArgumentException>(() =>
            Argon2id.TryDeriveKey("p"u8, new byte[15], 1, 8192, new byte[32])).Message);
    }

    [Fact]
    public void Aead_checks_say_which_size_was_expected()
    {
        var output = new byte[16 + 4];
        Assert.StartsWith("Expected 32 bytes.", Assert.Throws<ArgumentException>(() =>
            ChaCha20Poly1305Aead.Encrypt(new byte[31], new byte[12], new byte[4], [], output)).Message);
        Assert.StartsWith("Expected 12 bytes.", Assert.Throws<ArgumentException>(() =>
            ChaCha20Poly1305Aead.Encrypt(new byte[32], new byte[24], new byte[4], [], output)).Message);
        Assert.StartsWith("Expected 24 bytes.", Assert.Throws<ArgumentException>(() =>
            ChaCha20Poly1305Aead.EncryptExtended(new byte[32], new byte[12], new byte[4], [], output)).Message);
        Assert.StartsWith("Destination must be plaintext length + 16.", Assert.Throws<ArgumentException>(() =>
            ChaCha20Poly1305Aead.Encrypt(new byte[32], new byte[12], new byte[5], [], output)).Message);
        Assert.StartsWith("In-place encryption must start at the same offset.", Assert.Throws<ArgumentException>(() =>
            ChaCha20Poly1305Aead.Encrypt(new byte[32], new byte[12], output.AsSpan(1, 4), [], output)).Message);
        Assert.StartsWith("Expected 32 bytes.", Assert.Throws<ArgumentException>(() =>
            ChaCha20Poly1305Aead.TryDecrypt(new byte[33], new byte[12], new byte[20], [], new byte[4])).Message);
    }

    [Fact]
    public void Range_checks_say_which_range_is_accepted()
    {
        Assert.StartsWith("HKDF-SHA-256 output must be 1..8160 bytes.", Assert.Throws<ArgumentException>(() =>
            Kdf.Hkdf("ikm"u8, [], [], new byte[Kdf.MaxOutputSize + 1])).Message);
        Assert.StartsWith("HKDF-SHA-256 output must be 1..8160 bytes.", Assert.Throws<ArgumentException>(() =>
            Kdf.Hkdf("ikm"u8, [], [], [])).Message);
        Assert.StartsWith("HKDF-SHA-256 output must be 1..8160 bytes.", Assert.Throws<ArgumentException>(() =>
            Kdf.HkdfExpand(new byte[32], [], new byte[Kdf.MaxOutputSize + 1])).Message);
        Assert.StartsWith("BLAKE2b output must be 16..64 bytes.", Assert.Throws<ArgumentException>(() =>
            Blake2b.Hash("x"u8, new byte[15])).Message);
        Assert.StartsWith("BLAKE2b key must be at most 64 bytes.", Assert.Throws<ArgumentException>(() =>
            Blake2b.KeyedHash(new byte[65], "x"u8, new byte[32])).Message);
        Assert.StartsWith("Output must be at least 16 bytes", Assert.Throws<ArgumentException>(() =>
            Argon2id.TryDeriveKey("p"u8, new byte[16], 0, 8192, new byte[32])).Message);
        Assert.StartsWith("Table name or row id too long.", Assert.Throws<ArgumentException>(() =>
            AtRestSeal.Seal(new byte[32], new string('t', 256), [], [], new DeterministicEntropy(1))).Message);
    }

    [Fact]
    public void Combiner_checks_say_which_secrets_must_come_together()
    {
        Assert.StartsWith("The one-time DH and KEM secrets come together or not at all.", Assert.Throws<ArgumentException>(() =>
            HybridSessionKey.DeriveSessionSecret(new byte[32], new byte[32], new byte[32], new byte[32], [], new byte[160])).Message);
        Assert.StartsWith("One-time secrets must be present exactly when the transcript has a one-time prekey.",
            Assert.Throws<ArgumentException>(() =>
                HybridSessionKey.Derive(new HybridTranscript { HasOneTimePrekey = true }, new byte[32], [], new byte[32], [], new byte[32], new byte[160])).Message);
    }
}
