using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The caller checks of <see cref="ResponderPrekeys"/> with their parameter names and messages, the first
/// prekey id drawn from entropy, the choice of the one-time prekey when all were handed out, the lookups on
/// ids at the edge of the counter, and the zeroing of what is dropped (seen through the internal objects).
/// </summary>
public sealed class ResponderPrekeysMutationTests
{
    private static readonly byte[] s_seed = Enumerable.Range(1, Ed25519.SeedSize).Select(i => (byte)i).ToArray();
    private static readonly byte[] s_otherSeed = Enumerable.Range(101, Ed25519.SeedSize).Select(i => (byte)i).ToArray();

    private static ResponderPrekeys NewPrekeys(int oneTime = 2) => ResponderPrekeys.Generate(s_seed, oneTime, new DeterministicEntropy(7));

    [Fact]
    public void Generate_without_entropy_names_the_entropy_parameter()
    {
        var e = Assert.Throws<ArgumentNullException>(() => ResponderPrekeys.Generate(s_seed, 1, null!));
        Assert.Equal("entropy", e.ParamName);
    }

    [Fact]
    public void Generate_with_a_short_seed_names_the_seed_and_its_expected_size()
    {
        var e = Assert.Throws<ArgumentException>(() => ResponderPrekeys.Generate(new byte[31], 1, new DeterministicEntropy(1)));
        Assert.Equal("identitySeed", e.ParamName);
        Assert.StartsWith("Expected 32 bytes.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(HandshakeLimits.MaxOneTimePrekeys + 1)]
    public void Generate_with_a_one_time_count_out_of_range_names_that_count(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ResponderPrekeys.Generate(s_seed, count, new DeterministicEntropy(1)));
        Assert.Equal("oneTimePrekeyCount", e.ParamName);
    }

    [Theory]
    [InlineData(0xFFFFFFFFu, 2u)]
    [InlineData(0x7FFFFFFEu, 0x7FFFFFFFu)]
    [InlineData(0x7FFFFFFFu, 1u)]
    [InlineData(0u, 1u)]
    public void The_first_prekey_id_is_one_plus_the_entropy_word_modulo_two_to_the_31_minus_one(uint word, uint expectedFirstId)
    {
        using var prekeys = ResponderPrekeys.Generate(s_seed, 0, new PrefixEntropy(word));
        Assert.Equal(expectedFirstId, prekeys.SignedPrekeyId);
        Assert.Equal(expectedFirstId + 1, prekeys.MlKemPrekeyId);
    }

    [Fact]
    public void A_disposed_state_refuses_every_operation_with_ObjectDisposedException()
    {
        var prekeys = NewPrekeys();
        prekeys.Dispose();
        prekeys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => prekeys.SignedPrekeyId);
        Assert.Throws<ObjectDisposedException>(() => prekeys.Serialize());
        Assert.Throws<ObjectDisposedException>(() => prekeys.RotateSignedPrekeys(s_seed, new DeterministicEntropy(2)));
        Assert.Throws<ObjectDisposedException>(() => prekeys.AddOneTimePrekeys(s_seed, 1, new DeterministicEntropy(2)));
        Assert.Throws<ObjectDisposedException>(() => prekeys.RetainedGenerations.ToList());
        Assert.Throws<ObjectDisposedException>(() => prekeys.FindGeneration(1));
        Assert.Throws<ObjectDisposedException>(() => prekeys.FindOneTimePrekey(1, out _));
        Assert.Equal("ResponderPrekeys(disposed)", prekeys.ToString());
    }

    [Fact]
    public void ToString_of_a_live_state_shows_ids_and_count_only()
    {
        using var prekeys = NewPrekeys(3);
        Assert.Equal($"ResponderPrekeys(spk {prekeys.SignedPrekeyId}, pq {prekeys.MlKemPrekeyId}, 3 one-time)", prekeys.ToString());
    }

    [Fact]
    public void Rotate_without_entropy_names_it_and_leaves_the_state_unchanged()
    {
        using var prekeys = NewPrekeys();
        var before = prekeys.Serialize();
        var e = Assert.Throws<ArgumentNullException>(() => prekeys.RotateSignedPrekeys(s_seed, null!));
        Assert.Equal("entropy", e.ParamName);
        Assert.Equal(before, prekeys.Serialize());
    }

    [Fact]
    public void Rotate_and_add_with_a_foreign_seed_name_the_seed()
    {
        using var prekeys = NewPrekeys();
        var e = Assert.Throws<ArgumentException>(() => prekeys.RotateSignedPrekeys(s_otherSeed, new DeterministicEntropy(2)));
        Assert.Equal("identitySeed", e.ParamName);
        Assert.StartsWith("The identity seed does not belong to these prekeys.", e.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => prekeys.AddOneTimePrekeys(s_otherSeed, 1, new DeterministicEntropy(2)));
        Assert.Equal("identitySeed", e2.ParamName);
        Assert.StartsWith("The identity seed does not belong to these prekeys.", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_without_entropy_is_refused_even_for_zero_prekeys()
    {
        using var prekeys = NewPrekeys();
        var e = Assert.Throws<ArgumentNullException>(() => prekeys.AddOneTimePrekeys(s_seed, 0, null!));
        Assert.Equal("entropy", e.ParamName);
    }

    [Fact]
    public void Add_with_a_negative_count_names_the_count()
    {
        using var prekeys = NewPrekeys();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => prekeys.AddOneTimePrekeys(s_seed, -1, new DeterministicEntropy(2)));
        Assert.Equal("count", e.ParamName);
    }

    [Fact]
    public void The_generation_rotated_out_is_zeroed()
    {
        using var prekeys = NewPrekeys(0);
        var oldest = prekeys.FindGeneration(prekeys.SignedPrekeyId)!;
        prekeys.RotateSignedPrekeys(s_seed, new DeterministicEntropy(3));
        Assert.Contains(oldest.X25519Private, b => b != 0);
        prekeys.RotateSignedPrekeys(s_seed, new DeterministicEntropy(4));
        Assert.Null(prekeys.FindGeneration(oldest.X25519Id));
        Assert.All(oldest.X25519Private, b => Assert.Equal(0, b));
        Assert.All(oldest.MlKemSeed, b => Assert.Equal(0, b));
    }

    [Fact]
    public void When_every_one_time_prekey_was_handed_out_the_lowest_id_is_handed_out_again()
    {
        using var prekeys = NewPrekeys(3);
        var first = prekeys.CreateBundle().OneTimePrekeyId;
        var second = prekeys.CreateBundle().OneTimePrekeyId;
        var third = prekeys.CreateBundle().OneTimePrekeyId;
        Assert.True(first < second && second < third);
        Assert.Equal(first, prekeys.CreateBundle().OneTimePrekeyId);
    }

    [Fact]
    public void Lookups_tell_consumed_ids_from_unissued_and_signed_ones()
    {
        using var prekeys = NewPrekeys(2);
        var next = prekeys.SignedPrekeyId + 4;
        Assert.Equal(ProtocolError.UnknownPrekeyId, prekeys.FindOneTimePrekey(next, out _));
        Assert.Equal(ProtocolError.None, prekeys.FindOneTimePrekey(next - 1, out _));
        Assert.Equal(ProtocolError.UnknownPrekeyId, prekeys.FindOneTimePrekey(prekeys.SignedPrekeyId, out _));
        Assert.Equal(ProtocolError.UnknownPrekeyId, prekeys.FindOneTimePrekey(prekeys.MlKemPrekeyId, out _));
        Assert.Equal(ProtocolError.UnknownPrekeyId, prekeys.FindOneTimePrekey(0, out _));
    }

    [Fact]
    public void A_consumed_one_time_prekey_is_removed_and_zeroed()
    {
        using var prekeys = NewPrekeys(2);
        var id = prekeys.SignedPrekeyId + 2;
        Assert.Equal(ProtocolError.None, prekeys.FindOneTimePrekey(id, out var prekey));
        prekeys.ConsumeOneTimePrekey(prekey!);
        Assert.Equal(1, prekeys.OneTimePrekeyCount);
        Assert.Equal(ProtocolError.OneTimePrekeyAlreadyUsed, prekeys.FindOneTimePrekey(id, out _));
        Assert.All(prekey!.X25519Private, b => Assert.Equal(0, b));
        Assert.All(prekey.MlKemSeed, b => Assert.Equal(0, b));
    }

    [Fact]
    public void An_exhausted_id_counter_refuses_to_allocate_more()
    {
        using var prekeys = NewPrekeys(0);
        var bytes = prekeys.Serialize();
        bytes[33] = 0xFF;
        bytes[34] = 0xFF;
        bytes[35] = 0xFF;
        bytes[36] = 0xFF;
        using var restored = ResponderPrekeys.Deserialize(bytes).Value;
        var e = Assert.Throws<InvalidOperationException>(() => restored.AddOneTimePrekeys(s_seed, 1, new DeterministicEntropy(5)));
        Assert.Equal("Prekey ids exhausted.", e.Message);
        Assert.Equal(0, restored.OneTimePrekeyCount);
    }

    /// <summary>Hands out a fixed big-endian word first, then deterministic bytes.</summary>
    private sealed class PrefixEntropy(uint word) : IEntropy
    {
        private readonly DeterministicEntropy _rest = new(11);
        private bool _used;

        public void Fill(Span<byte> destination)
        {
            if (!_used && destination.Length == 4)
            {
                _used = true;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(destination, word);
                return;
            }

            _rest.Fill(destination);
        }
    }
}
