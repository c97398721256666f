using Pvtcoms.Protocol.Tests.Ratchet;
using static Pvtcoms.Protocol.Tests.Mutation.RatchetSessionMutationSpec;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// Secrets in memory (docs/CRYPTO_SPEC.md part 3 §8): a decrypt leaves no second copy of the session's keys
/// behind (the state it replaced is forward-secret material), and the test hook that the Dispose checks rely on
/// really lists every stored skipped and retired key.
/// </summary>
public sealed class RatchetSessionSecretsMutationTests
{
    [Fact]
    public void After_a_successful_decrypt_no_buffer_still_holds_the_state_it_replaced()
    {
        using var c = new RatchetConversation(411);
        c.Receive(c.Bob, c.Send(c.Alice, "a0"), "a0");
        var message = c.Send(c.Alice, "a1");
        var replaced = KeyBlockOf(c.Bob.Serialize());

        c.Receive(c.Bob, message, "a1");

        var current = KeyBlockOf(c.Bob.Serialize());
        Assert.NotEqual(replaced, current);
        Assert.DoesNotContain(c.Bob.SecretBuffersForTest(), buffer => buffer.AsSpan().SequenceEqual(replaced));
        Assert.Single(c.Bob.SecretBuffersForTest(), buffer => buffer.AsSpan().SequenceEqual(current));
    }

    [Fact]
    public void After_a_refused_message_the_state_exists_once_in_memory()
    {
        using var c = new RatchetConversation(412);
        c.Receive(c.Bob, c.Send(c.Alice, "a0"), "a0");
        var garbage = c.Send(c.Alice, "a1");
        garbage.AsSpan(1, 24).Clear();
        var current = KeyBlockOf(c.Bob.Serialize());

        Assert.Equal(ProtocolError.HeaderDecryptionFailed, c.Deliver(c.Bob, garbage).Error);

        Assert.Single(c.Bob.SecretBuffersForTest(), buffer => buffer.AsSpan().SequenceEqual(current));
    }

    [Fact]
    public void The_secret_buffer_list_names_every_stored_skipped_and_retired_key()
    {
        using var c = new RatchetConversation(413);

        // Alice's chain 1 with a skipped key, then her chains 2 and 3: Bob retires the header key of chain 1
        // (which has a skipped key) and of chain 2 (which has none).
        c.Receive(c.Bob, c.Send(c.Alice, "a0"), "a0");
        var skipped = c.Send(c.Alice, "a1");
        c.Receive(c.Bob, c.Send(c.Alice, "a2"), "a2");
        c.RoundTrip("still chain 1");
        c.RoundTrip("chain 2");
        c.RoundTrip("chain 3");
        Assert.Equal(1, c.Bob.SkippedKeyCount);

        var (skippedKeys, retiredKeys) = StoredKeysOf(c.Bob.Serialize());
        Assert.Single(skippedKeys);
        Assert.Equal(2, retiredKeys.Count);
        Assert.DoesNotContain(skippedKeys, entry => entry.HeaderKey.AsSpan().SequenceEqual(retiredKeys[1]));

        var buffers = c.Bob.SecretBuffersForTest();
        foreach (var (headerKey, messageKey) in skippedKeys)
        {
            Assert.Contains(buffers, buffer => buffer.AsSpan().SequenceEqual(headerKey));
            Assert.Contains(buffers, buffer => buffer.AsSpan().SequenceEqual(messageKey));
        }

        foreach (var retired in retiredKeys)
        {
            Assert.Contains(buffers, buffer => buffer.AsSpan().SequenceEqual(retired));
        }

        c.Receive(c.Bob, skipped, "a1");
    }
}
