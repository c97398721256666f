using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The stored responder state pinned byte for byte against docs/CRYPTO_SPEC.md part 2 §7 (offsets computed
/// here from the spec's field list), and each id/count/flag check of <c>Deserialize</c> at its boundary.
/// </summary>
public sealed class ResponderPrekeysSerializationMutationTests
{
    // Spec part 2 §7: u8 V ‖ 32 IK_B ‖ u32 next_prekey_id ‖ u8 generations.
    private const int NextIdOffset = 1 + 32;
    private const int FirstGeneration = 1 + 32 + 4 + 1;

    // u32 spk_id ‖ 32 spk_private ‖ 64 sig_spk ‖ u32 pq_id ‖ 64 pq_seed ‖ 64 sig_pq ‖ u16 replay_count.
    private const int GenerationSize = 4 + 32 + 64 + 4 + 64 + 64 + 2;
    private const int PqIdInGeneration = 4 + 32 + 64;

    // u32 opk_id ‖ u8 handed_out ‖ 32 opk_x_private ‖ 64 opk_ml_kem_seed ‖ 64 sig_opk.
    private const int OneTimeEntrySize = 4 + 1 + 32 + 64 + 64;
    private const int FirstOneTimeEntry = FirstGeneration + GenerationSize + 2;

    private static readonly byte[] s_seed = Enumerable.Range(1, Ed25519.SeedSize).Select(i => (byte)i).ToArray();

    private static ResponderPrekeys NewPrekeys(int oneTime) => ResponderPrekeys.Generate(s_seed, oneTime, new DeterministicEntropy(9));

    private static uint NextId(byte[] state) => BinaryPrimitives.ReadUInt32BigEndian(state.AsSpan(NextIdOffset));

    private static ProtocolError DeserializeError(byte[] state)
    {
        var result = ResponderPrekeys.Deserialize(state);
        if (result.TryGetValue(out var prekeys))
        {
            prekeys.Dispose();
        }

        return result.Error;
    }

    [Fact]
    public void One_time_entries_hold_the_handed_out_flag_private_key_and_signature_at_their_spec_offsets()
    {
        using var prekeys = NewPrekeys(2);
        var bundle = prekeys.CreateBundle();
        var state = prekeys.Serialize();
        Assert.Equal(FirstOneTimeEntry + (2 * OneTimeEntrySize), state.Length);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16BigEndian(state.AsSpan(FirstOneTimeEntry - 2)));

        var first = state.AsSpan(FirstOneTimeEntry, OneTimeEntrySize);
        var second = state.AsSpan(FirstOneTimeEntry + OneTimeEntrySize, OneTimeEntrySize);
        Assert.Equal(bundle.OneTimePrekeyId, BinaryPrimitives.ReadUInt32BigEndian(first));
        Assert.Equal(bundle.OneTimePrekeyId + 1, BinaryPrimitives.ReadUInt32BigEndian(second));
        Assert.Equal(1, first[4]);
        Assert.Equal(0, second[4]);

        Span<byte> derived = stackalloc byte[X25519.PublicKeySize];
        X25519.DerivePublicKey(first.Slice(5, 32), derived);
        Assert.True(derived.SequenceEqual(bundle.OneTimeX25519Prekey));
        Assert.True(first.Slice(5 + 32 + 64, 64).SequenceEqual(bundle.OneTimePrekeySignature));
        Assert.Contains(second.Slice(5 + 32 + 64, 64).ToArray(), b => b != 0);
    }

    [Fact]
    public void A_state_with_the_two_retained_generations_is_accepted_and_three_are_not()
    {
        using var prekeys = NewPrekeys(0);
        prekeys.RotateSignedPrekeys(s_seed, new DeterministicEntropy(10));
        var state = prekeys.Serialize();
        Assert.Equal(2, state[FirstGeneration - 1]);
        Assert.Equal(ProtocolError.None, DeserializeError(state));
        state[FirstGeneration - 1] = 3;
        Assert.Equal(ProtocolError.LengthOutOfRange, DeserializeError(state));
    }

    [Fact]
    public void A_state_with_the_full_pool_of_one_time_prekeys_is_accepted()
    {
        using var prekeys = NewPrekeys(HandshakeLimits.MaxOneTimePrekeys);
        var state = prekeys.Serialize();
        var result = ResponderPrekeys.Deserialize(state);
        Assert.True(result.IsOk);
        using var restored = result.Value;
        Assert.Equal(HandshakeLimits.MaxOneTimePrekeys, restored.OneTimePrekeyCount);
    }

    [Fact]
    public void A_generation_whose_two_ids_are_equal_is_refused()
    {
        using var prekeys = NewPrekeys(0);
        var state = prekeys.Serialize();
        state.AsSpan(FirstGeneration, 4).CopyTo(state.AsSpan(FirstGeneration + PqIdInGeneration, 4));
        Assert.Equal(ProtocolError.InvalidEncoding, DeserializeError(state));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PqIdInGeneration)]
    public void A_signed_prekey_id_of_zero_or_the_next_id_is_refused(int idOffset)
    {
        using var prekeys = NewPrekeys(0);
        var state = prekeys.Serialize();
        var zero = (byte[])state.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(zero.AsSpan(FirstGeneration + idOffset), 0);
        Assert.Equal(ProtocolError.InvalidEncoding, DeserializeError(zero));
        var atNext = (byte[])state.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(atNext.AsSpan(FirstGeneration + idOffset), NextId(state));
        Assert.Equal(ProtocolError.InvalidEncoding, DeserializeError(atNext));
        var belowNext = (byte[])state.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(belowNext.AsSpan(FirstGeneration + idOffset), NextId(state));
        BinaryPrimitives.WriteUInt32BigEndian(belowNext.AsSpan(NextIdOffset), NextId(state) + 1);
        Assert.Equal(ProtocolError.None, DeserializeError(belowNext));
    }

    [Fact]
    public void A_one_time_entry_with_a_flag_over_one_or_id_zero_or_the_next_id_or_a_used_id_is_refused()
    {
        using var prekeys = NewPrekeys(1);
        var state = prekeys.Serialize();
        Assert.Equal(ProtocolError.None, DeserializeError(state));

        var flag = (byte[])state.Clone();
        flag[FirstOneTimeEntry + 4] = 2;
        Assert.Equal(ProtocolError.InvalidEncoding, DeserializeError(flag));

        var zero = (byte[])state.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(zero.AsSpan(FirstOneTimeEntry), 0);
        Assert.Equal(ProtocolError.InvalidEncoding, DeserializeError(zero));

        var atNext = (byte[])state.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(atNext.AsSpan(FirstOneTimeEntry), NextId(state));
        Assert.Equal(ProtocolError.InvalidEncoding, DeserializeError(atNext));

        var signedId = (byte[])state.Clone();
        state.AsSpan(FirstGeneration, 4).CopyTo(signedId.AsSpan(FirstOneTimeEntry));
        Assert.Equal(ProtocolError.InvalidEncoding, DeserializeError(signedId));
    }
}
