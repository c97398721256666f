using System.Buffers.Binary;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;
using static Pvtcoms.Protocol.Tests.Handshake.HandshakeParties;

namespace Pvtcoms.Protocol.Tests.Handshake;

public sealed class ReplayCacheTests
{
    [Fact]
    public void A_replayed_initial_message_without_a_one_time_prekey_is_refused()
    {
        using var prekeys = BobPrekeys(0);
        var (message, keys) = Initiate(Alice, prekeys.CreateBundle(), "hi"u8, 51);
        keys.Dispose();
        var bytes = message.Serialize();

        var first = Respond(prekeys, bytes);
        var afterFirst = prekeys.Serialize();

        Assert.True(first.IsOk);
        first.Value.Keys.Dispose();
        Assert.Equal(1, prekeys.ReplayCacheCount);
        Assert.Equal(ProtocolError.ReplayedInitialMessage, Respond(prekeys, bytes).Error);
        Assert.Equal(ProtocolError.ReplayedInitialMessage, Respond(prekeys, message.WithFirstPayload("other"u8).Serialize()).Error);
        Assert.Equal(afterFirst, prekeys.Serialize());
    }

    [Fact]
    public void The_replay_cache_survives_serialize_and_deserialize()
    {
        using var prekeys = BobPrekeys(0);
        var (message, keys) = Initiate(Alice, prekeys.CreateBundle(), [], 52);
        keys.Dispose();
        Respond(prekeys, message.Serialize()).Value.Keys.Dispose();

        using var restored = ResponderPrekeys.Deserialize(prekeys.Serialize()).Value;

        Assert.Equal(ProtocolError.ReplayedInitialMessage, Respond(restored, message.Serialize()).Error);
    }

    [Fact]
    public void Distinct_initial_messages_are_all_accepted()
    {
        using var prekeys = BobPrekeys(0);
        var bundle = prekeys.CreateBundle();
        for (var i = 0; i < 5; i++)
        {
            var (message, keys) = Initiate(Alice, bundle, [], 60 + i);
            keys.Dispose();
            var accepted = Respond(prekeys, message.Serialize());
            Assert.True(accepted.IsOk, accepted.ToString());
            accepted.Value.Keys.Dispose();
        }

        Assert.Equal(5, prekeys.ReplayCacheCount);
    }

    [Fact]
    public void After_one_rotation_the_previous_signed_prekey_still_works_once_and_after_two_it_is_unknown()
    {
        using var prekeys = BobPrekeys(0);
        var oldBundle = prekeys.CreateBundle();
        var (inFlight, k1) = Initiate(Alice, oldBundle, [], 53);
        var (late, k2) = Initiate(Carol, oldBundle, [], 54);
        k1.Dispose();
        k2.Dispose();

        prekeys.RotateSignedPrekeys(Bob, new DeterministicEntropy(55));
        Assert.NotEqual(oldBundle.SignedPrekeyId, prekeys.SignedPrekeyId);
        var accepted = Respond(prekeys, inFlight.Serialize());
        Assert.True(accepted.IsOk);
        accepted.Value.Keys.Dispose();
        Assert.Equal(ProtocolError.ReplayedInitialMessage, Respond(prekeys, inFlight.Serialize()).Error);

        prekeys.RotateSignedPrekeys(Bob, new DeterministicEntropy(56));
        Assert.Equal(ProtocolError.UnknownPrekeyId, Respond(prekeys, late.Serialize()).Error);
        Assert.Equal(ProtocolError.UnknownPrekeyId, Respond(prekeys, inFlight.Serialize()).Error);
    }

    [Fact]
    public void A_full_replay_cache_refuses_new_messages_without_a_one_time_prekey_until_rotation()
    {
        using var prekeys = BobPrekeys(0);
        var bundle = prekeys.CreateBundle();
        var stored = prekeys.Serialize();
        const int replayCountOffset = 1 + 32 + 4 + 1 + 4 + 32 + 64 + 4 + 64 + 64;
        var full = new byte[stored.Length + (HandshakeLimits.MaxReplayEntriesPerSignedPrekey * HandshakeLimits.ReplayTagSize)];
        stored.AsSpan(0, replayCountOffset).CopyTo(full);
        BinaryPrimitives.WriteUInt16BigEndian(full.AsSpan(replayCountOffset), HandshakeLimits.MaxReplayEntriesPerSignedPrekey);
        var tags = full.AsSpan(replayCountOffset + 2, HandshakeLimits.MaxReplayEntriesPerSignedPrekey * HandshakeLimits.ReplayTagSize);
        new DeterministicEntropy(57).Fill(tags);
        stored.AsSpan(replayCountOffset + 2).CopyTo(full.AsSpan(replayCountOffset + 2 + tags.Length));
        using var fullPrekeys = ResponderPrekeys.Deserialize(full).Value;
        var (message, keys) = Initiate(Alice, bundle, [], 58);
        keys.Dispose();

        Assert.Equal(HandshakeLimits.MaxReplayEntriesPerSignedPrekey, fullPrekeys.ReplayCacheCount);
        Assert.Equal(ProtocolError.ReplayCacheFull, Respond(fullPrekeys, message.Serialize()).Error);

        fullPrekeys.RotateSignedPrekeys(Bob, new DeterministicEntropy(59));
        var (fresh, freshKeys) = Initiate(Alice, fullPrekeys.CreateBundle(), [], 60);
        freshKeys.Dispose();
        var accepted = Respond(fullPrekeys, fresh.Serialize());
        Assert.True(accepted.IsOk);
        accepted.Value.Keys.Dispose();
    }
}
