using System.Buffers.Binary;
using Pvtcoms.Protocol.Identity;

namespace Pvtcoms.Protocol.Tests.Identity;

public sealed class IdentityMigrationTests : IDisposable
{
    private readonly IdentityKeyPair _old = IdentityTestKeys.Pair(21);
    private readonly IdentityKeyPair _new = IdentityTestKeys.Pair(22);

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
    }

    [Fact]
    public void Migration_round_trips_and_verifies()
    {
        var migration = IdentityMigration.Create(_old, _new, 42);
        var bytes = migration.Serialize();
        Assert.Equal(IdentityMigration.Size, bytes.Length);
        Assert.Equal(IdentityMigration.Version, bytes[0]);

        var parsed = IdentityMigration.Parse(bytes).Value;
        Assert.Equal(_old.PublicKey, parsed.OldKey);
        Assert.Equal(_new.PublicKey, parsed.NewKey);
        Assert.Equal(42UL, parsed.Sequence);
        Assert.Equal(ProtocolError.None, parsed.Verify());
        Assert.Equal(bytes, parsed.Serialize());
    }

    [Fact]
    public void Every_truncation_is_refused_as_truncated()
    {
        var bytes = IdentityMigration.Create(_old, _new, 1).Serialize();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(ProtocolError.Truncated, IdentityMigration.Parse(bytes.AsSpan(0, length)).Error);
        }
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        var bytes = IdentityMigration.Create(_old, _new, 1).Serialize();
        Assert.Equal(ProtocolError.TrailingBytes, IdentityMigration.Parse([.. bytes, 0]).Error);
    }

    [Fact]
    public void Unknown_version_is_refused()
    {
        var bytes = IdentityMigration.Create(_old, _new, 1).Serialize();
        bytes[0] = 2;
        Assert.Equal(ProtocolError.UnsupportedVersion, IdentityMigration.Parse(bytes).Error);
    }

    [Fact]
    public void Sequence_zero_and_a_move_to_the_same_key_are_refused()
    {
        var bytes = IdentityMigration.Create(_old, _new, 1).Serialize();
        var zero = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt64BigEndian(zero.AsSpan(1 + 64), 0);
        Assert.Equal(ProtocolError.MigrationSequenceInvalid, IdentityMigration.Parse(zero).Error);

        var same = (byte[])bytes.Clone();
        _old.PublicKey.CopyTo(same.AsSpan(1 + 32, 32));
        Assert.Equal(ProtocolError.MigrationToSameKey, IdentityMigration.Parse(same).Error);

        Assert.Throws<ArgumentOutOfRangeException>(() => IdentityMigration.Create(_old, _new, 0));
        Assert.Throws<ArgumentException>(() => IdentityMigration.Create(_old, _old, 1));
    }

    [Fact]
    public void Every_single_bit_flip_is_refused_by_parse_or_verify()
    {
        var bytes = IdentityMigration.Create(_old, _new, 9).Serialize();
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            var parsed = IdentityMigration.Parse(flipped);
            Assert.True(!parsed.IsOk || parsed.Value.Verify() != ProtocolError.None, $"bit {bit} accepted");
        }
    }

    [Fact]
    public void Random_and_mutated_bytes_give_a_value_or_a_typed_error()
    {
        var random = new Random(11);
        var template = IdentityMigration.Create(_old, _new, 3).Serialize();
        for (var i = 0; i < 3000; i++)
        {
            byte[] input;
            if (i % 3 == 0)
            {
                input = new byte[random.Next(0, 260)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])template.Clone();
                for (var m = random.Next(1, 4); m > 0; m--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }

                if (i % 3 == 2)
                {
                    input = input[..random.Next(input.Length + 1)];
                }
            }

            var parsed = IdentityMigration.Parse(input);
            if (parsed.IsOk)
            {
                var verified = parsed.Value.Verify();
                Assert.True(verified == ProtocolError.None ? input.AsSpan().SequenceEqual(template) : verified != ProtocolError.None);
            }
        }
    }
}
