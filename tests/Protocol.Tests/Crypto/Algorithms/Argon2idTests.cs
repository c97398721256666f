using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Algorithms;

/// <summary>
/// Argon2id through libsodium's crypto_pwhash (parallelism 1, no secret or associated data, memory in
/// bytes / 1024 KiB). Small limits keep these fast; the production limits are the Default* constants.
/// </summary>
public sealed class Argon2idTests
{
    private const long Ops = 2;
    private const long Mem = 64 * 1024;

    private static byte[] Derive(byte[] password, byte[] salt, long ops = Ops, long mem = Mem, int size = 32)
    {
        var output = new byte[size];
        Assert.True(Argon2id.TryDeriveKey(password, salt, ops, mem, output));
        return output;
    }

    private static byte[] Salt(byte fill) => Enumerable.Repeat(fill, Argon2id.SaltSize).ToArray();

    [Fact]
    public void Same_password_and_salt_give_the_same_key()
    {
        var password = "correct horse battery staple"u8.ToArray();
        Assert.Equal(Derive(password, Salt(1)), Derive(password, Salt(1)));
    }

    [Fact]
    public void Changing_the_password_salt_or_limits_changes_the_key()
    {
        var password = "correct horse battery staple"u8.ToArray();
        var key = Derive(password, Salt(1));
        var otherPassword = (byte[])password.Clone();
        otherPassword[^1] ^= 1;
        var otherSalt = Salt(1);
        otherSalt[0] ^= 1;
        Assert.NotEqual(key, Derive(otherPassword, Salt(1)));
        Assert.NotEqual(key, Derive(password, otherSalt));
        Assert.NotEqual(key, Derive(password, Salt(1), ops: Ops + 1));
        Assert.NotEqual(key, Derive(password, Salt(1), mem: Mem * 2));
        Assert.NotEqual(key, Derive([], Salt(1)));
    }

    /// <summary>BouncyCastle's Argon2 is the independent oracle; it is itself checked on the RFC 9106 §5.3 vector.</summary>
    [Fact]
    public void Output_matches_bouncycastle_argon2id_which_matches_rfc_9106()
    {
        var rfc = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13).WithIterations(3).WithMemoryAsKB(32).WithParallelism(4)
            .WithSalt(Enumerable.Repeat((byte)2, 16).ToArray())
            .WithSecret(Enumerable.Repeat((byte)3, 8).ToArray())
            .WithAdditional(Enumerable.Repeat((byte)4, 12).ToArray())
            .Build();
        Assert.Equal("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659",
            Hex.Encode(BouncyCastleArgon2id(rfc, Enumerable.Repeat((byte)1, 32).ToArray(), 32)));

        var password = "pvtcoms device key passphrase"u8.ToArray();
        var salt = Enumerable.Range(0, Argon2id.SaltSize).Select(i => (byte)(i * 7)).ToArray();
        var ours = Derive(password, salt, size: 48);
        var oracle = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13).WithIterations((int)Ops).WithMemoryAsKB((int)(Mem / 1024)).WithParallelism(1)
            .WithSalt(salt)
            .Build();
        Assert.Equal(Hex.Encode(BouncyCastleArgon2id(oracle, password, 48)), Hex.Encode(ours));
    }

    private static byte[] BouncyCastleArgon2id(Argon2Parameters parameters, byte[] password, int size)
    {
        var generator = new Argon2BytesGenerator();
        generator.Init(parameters);
        var output = new byte[size];
        generator.GenerateBytes(password, output);
        return output;
    }

    [Fact]
    public void Caller_errors_in_parameters_throw()
    {
        var output = new byte[32];
        Assert.Throws<ArgumentException>(() => Argon2id.TryDeriveKey("p"u8, new byte[Argon2id.SaltSize - 1], Ops, Mem, output));
        Assert.Throws<ArgumentException>(() => Argon2id.TryDeriveKey("p"u8, new byte[Argon2id.SaltSize + 1], Ops, Mem, output));
        Assert.Throws<ArgumentException>(() => Argon2id.TryDeriveKey("p"u8, Salt(0), Ops, Mem, new byte[15]));
        Assert.Throws<ArgumentException>(() => Argon2id.TryDeriveKey("p"u8, Salt(0), 0, Mem, output));
        Assert.Throws<ArgumentException>(() => Argon2id.TryDeriveKey("p"u8, Salt(0), Ops, 8191, output));
    }

    [Fact]
    public void Limits_libsodium_cannot_honour_return_false_without_throwing()
    {
        var output = new byte[32];
        Array.Fill(output, (byte)0xAA);
        Assert.False(Argon2id.TryDeriveKey("p"u8, Salt(0), Ops, long.MaxValue, output));
        Assert.Equal(new byte[32], output);
        Array.Fill(output, (byte)0xAA);
        Assert.False(Argon2id.TryDeriveKey("p"u8, Salt(0), (long)uint.MaxValue + 1, Mem, output));
        Assert.Equal(new byte[32], output);
    }

    [Fact]
    public void The_smallest_accepted_limits_work()
    {
        Assert.Equal(16, Derive("p"u8.ToArray(), Salt(0), ops: 1, mem: 8192, size: 16).Length);
    }
}
