using System.Buffers.Binary;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;
using static Pvtcoms.Protocol.Tests.Handshake.HandshakeParties;

namespace Pvtcoms.Protocol.Tests.Handshake;

public sealed class OneTimePrekeyConsumptionTests
{
    [Fact]
    public void The_same_initial_message_delivered_twice_is_refused_the_second_time()
    {
        using var prekeys = BobPrekeys(2);
        var (message, keys) = Initiate(Alice, prekeys.CreateBundle(), "hi"u8, 41);
        keys.Dispose();
        var bytes = message.Serialize();

        var first = Respond(prekeys, bytes);
        var afterFirst = prekeys.Serialize();
        var second = Respond(prekeys, bytes);

        Assert.True(first.IsOk);
        first.Value.Keys.Dispose();
        Assert.Equal(ProtocolError.OneTimePrekeyAlreadyUsed, second.Error);
        Assert.Equal(afterFirst, prekeys.Serialize());
        Assert.Equal(1, prekeys.OneTimePrekeyCount);
    }

    [Fact]
    public void Two_initiators_using_the_same_one_time_prekey_the_second_is_refused()
    {
        using var prekeys = BobPrekeys(1);
        var bundle = prekeys.CreateBundle();
        var (fromAlice, aliceKeys) = Initiate(Alice, bundle, [], 42);
        var (fromCarol, carolKeys) = Initiate(Carol, bundle, [], 43);
        aliceKeys.Dispose();
        carolKeys.Dispose();

        var alice = Respond(prekeys, fromAlice.Serialize());
        var carol = Respond(prekeys, fromCarol.Serialize());

        Assert.True(alice.IsOk);
        alice.Value.Keys.Dispose();
        Assert.Equal(ProtocolError.OneTimePrekeyAlreadyUsed, carol.Error);
    }

    [Fact]
    public void Consumption_survives_serialize_and_deserialize()
    {
        using var prekeys = BobPrekeys(2);
        var (message, keys) = Initiate(Alice, prekeys.CreateBundle(), [], 44);
        keys.Dispose();
        var bytes = message.Serialize();
        Respond(prekeys, bytes).Value.Keys.Dispose();

        var stored = prekeys.Serialize();
        using var restored = ResponderPrekeys.Deserialize(stored).Value;

        Assert.Equal(stored, restored.Serialize());
        Assert.Equal(1, restored.OneTimePrekeyCount);
        Assert.Equal(ProtocolError.OneTimePrekeyAlreadyUsed, Respond(restored, bytes).Error);
    }

    [Fact]
    public void A_restored_state_accepts_a_message_made_from_a_bundle_of_the_original()
    {
        using var prekeys = BobPrekeys(1);
        var bundle = prekeys.CreateBundle();
        using var restored = ResponderPrekeys.Deserialize(prekeys.Serialize()).Value;
        var (message, initiatorKeys) = Initiate(Alice, bundle, [], 45);

        var accepted = Respond(restored, message.Serialize());

        Assert.True(accepted.IsOk, accepted.ToString());
        Assert.Equal(initiatorKeys.RootKey.ToArray(), accepted.Value.Keys.RootKey.ToArray());
        initiatorKeys.Dispose();
        accepted.Value.Keys.Dispose();
    }

    [Fact]
    public void Bundles_hand_out_each_one_time_prekey_once_before_reusing_any_and_none_when_the_pool_is_empty()
    {
        using var prekeys = BobPrekeys(3);
        var ids = Enumerable.Range(0, 3).Select(_ => prekeys.CreateBundle().OneTimePrekeyId).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Contains(prekeys.CreateBundle().OneTimePrekeyId, ids);

        using var empty = BobPrekeys(0);
        var bundle = empty.CreateBundle();
        Assert.False(bundle.HasOneTimePrekey);
        Assert.Equal(0u, bundle.OneTimePrekeyId);
    }

    [Fact]
    public void Used_one_time_prekeys_are_replaced_by_new_ids_never_reissued()
    {
        using var prekeys = BobPrekeys(1);
        var bundle = prekeys.CreateBundle();
        var (message, keys) = Initiate(Alice, bundle, [], 46);
        keys.Dispose();
        Respond(prekeys, message.Serialize()).Value.Keys.Dispose();
        Assert.Equal(0, prekeys.OneTimePrekeyCount);

        prekeys.AddOneTimePrekeys(Bob, 1, new DeterministicEntropy(47));

        Assert.NotEqual(bundle.OneTimePrekeyId, prekeys.CreateBundle().OneTimePrekeyId);
        Assert.Equal(ProtocolError.OneTimePrekeyAlreadyUsed, Respond(prekeys, message.Serialize()).Error);
    }

    [Fact]
    public void Adding_prekeys_with_another_identity_seed_is_a_caller_bug()
    {
        using var prekeys = BobPrekeys(0);
        Assert.Throws<ArgumentException>(() => prekeys.AddOneTimePrekeys(Carol, 1, new DeterministicEntropy(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => prekeys.AddOneTimePrekeys(Bob, HandshakeLimits.MaxOneTimePrekeys + 1, new DeterministicEntropy(1)));
    }

    [Fact]
    public void Prekeys_print_no_key_material()
    {
        using var prekeys = BobPrekeys(1);
        var text = prekeys.ToString();
        Assert.StartsWith("ResponderPrekeys(", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Hex.Encode(prekeys.IdentityKey), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Corrupt_stored_state_gives_a_typed_error()
    {
        using var prekeys = BobPrekeys(1);
        var stored = prekeys.Serialize();

        Assert.Equal(ProtocolError.Truncated, ResponderPrekeys.Deserialize(stored.AsSpan(0, stored.Length - 1)).Error);
        Assert.Equal(ProtocolError.TrailingBytes, ResponderPrekeys.Deserialize([.. stored, 0]).Error);
        var badVersion = (byte[])stored.Clone();
        badVersion[0] = 9;
        Assert.Equal(ProtocolError.UnsupportedVersion, ResponderPrekeys.Deserialize(badVersion).Error);
        var noGenerations = (byte[])stored.Clone();
        noGenerations[1 + 32 + 4] = 0;
        Assert.Equal(ProtocolError.LengthOutOfRange, ResponderPrekeys.Deserialize(noGenerations).Error);
    }

    [Fact]
    public void Stored_state_with_an_oversized_replay_count_is_refused()
    {
        using var prekeys = BobPrekeys(0);
        var stored = prekeys.Serialize();
        const int replayCountOffset = 1 + 32 + 4 + 1 + 4 + 32 + 64 + 4 + 64 + 64;
        BinaryPrimitives.WriteUInt16BigEndian(stored.AsSpan(replayCountOffset), HandshakeLimits.MaxReplayEntriesPerSignedPrekey + 1);

        Assert.Equal(ProtocolError.LengthOutOfRange, ResponderPrekeys.Deserialize(stored).Error);
    }
}
