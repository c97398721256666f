using System.Collections.Immutable;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Tests.Mailbox;

public sealed class MailboxStateTests
{
    private static readonly MailboxLimits s_limits = new(MaxBlobs: 3, MaxBytes: 3000);

    private static Deposit NewDeposit(int size = 1000, int expiry = 100, int forget = 10)
    {
        var blob = RandomBlob(size);
        return new Deposit("m", BlobId.NewRandom(), BlobDigest.Of(blob), blob, expiry, forget);
    }

    private static byte[] RandomBlob(int size) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(size);

    private static MailboxState With(MailboxState state, Deposit deposit) => state.Apply(state.DecideDeposit(deposit, s_limits).Event!);

    [Fact]
    public void A_deposit_becomes_pending_and_counts_its_bytes()
    {
        var deposit = NewDeposit();
        var state = With(MailboxState.Empty, deposit);

        Assert.Single(state.Pending);
        Assert.Equal(1000, state.PendingBytes);
        Assert.False(state.HasObsoleteEvents);
    }

    [Fact]
    public void The_same_blob_again_is_a_duplicate_while_pending_and_after_it_was_burned()
    {
        var deposit = NewDeposit();
        var state = With(MailboxState.Empty, deposit);
        var replay = deposit with { Id = BlobId.NewRandom() };
        Assert.Equal(DepositRefusal.Duplicate, state.DecideDeposit(replay, s_limits).Refusal);

        state = state.Apply(state.DecideConfirm([deposit.Id])!);
        Assert.Empty(state.Pending);
        Assert.Equal(DepositRefusal.Duplicate, state.DecideDeposit(replay, s_limits).Refusal);
    }

    [Fact]
    public void A_full_mailbox_refuses_by_count_and_by_bytes()
    {
        var state = With(With(With(MailboxState.Empty, NewDeposit()), NewDeposit()), NewDeposit());
        Assert.Equal(DepositRefusal.MailboxFull, state.DecideDeposit(NewDeposit(), s_limits).Refusal);

        var big = With(MailboxState.Empty, NewDeposit(size: 2500));
        Assert.Equal(DepositRefusal.MailboxFull, big.DecideDeposit(NewDeposit(size: 1000), s_limits).Refusal);
        Assert.Null(big.DecideDeposit(NewDeposit(size: 500), s_limits).Refusal);
    }

    [Fact]
    public void Confirming_unknown_ids_burns_nothing_and_known_ids_once()
    {
        var deposit = NewDeposit();
        var state = With(MailboxState.Empty, deposit);
        Assert.Null(state.DecideConfirm([BlobId.NewRandom()]));

        var burned = state.DecideConfirm([deposit.Id, deposit.Id]);
        Assert.Equal(new[] { deposit.Id }, burned!.Ids.ToArray());
        state = state.Apply(burned);
        Assert.Null(state.DecideConfirm([deposit.Id]));
        Assert.True(state.HasObsoleteEvents);
    }

    [Fact]
    public void Compaction_restates_pending_blobs_and_unexpired_digests_and_empties_when_nothing_is_left()
    {
        var keep = NewDeposit(forget: 10);
        var burn = NewDeposit(forget: 10);
        var state = With(With(MailboxState.Empty, keep), burn);
        Assert.Null(state.DecideCompaction(today: 5));

        state = state.Apply(state.DecideConfirm([burn.Id])!);
        var compacted = Assert.IsType<Compacted>(state.DecideCompaction(today: 5));
        Assert.Equal([keep.Id], compacted.Pending.Select(p => p.Id));
        Assert.Single(compacted.Spent);
        Assert.Equal(10, compacted.SweepDay);

        state = state.Apply(compacted);
        Assert.False(state.HasObsoleteEvents);
        state = state.Apply(state.DecideConfirm([keep.Id])!);
        Assert.IsType<Compacted>(state.DecideCompaction(today: 5));
        Assert.Same(Emptied.Instance, state.DecideCompaction(today: 10));
        Assert.True(state.Apply(Emptied.Instance).IsEmpty);
    }

    [Fact]
    public void Blobs_expire_on_their_expiry_day_and_their_digest_is_not_kept()
    {
        var early = NewDeposit(expiry: 20);
        var late = NewDeposit(expiry: 30);
        var state = With(With(MailboxState.Empty, early), late);
        Assert.Null(state.DecideExpiry(today: 19));

        var expired = state.DecideExpiry(today: 20)!;
        Assert.Equal(new[] { early.Id }, expired.Ids.ToArray());
        state = state.Apply(expired);
        Assert.Equal(1000, state.PendingBytes);
        Assert.Empty(state.Spent);
    }

    [Fact]
    public void Replaying_the_events_gives_the_same_state()
    {
        var a = NewDeposit();
        var b = NewDeposit();
        var events = new List<IMailboxEvent>();
        var state = MailboxState.Empty;
        foreach (var d in new[] { a, b })
        {
            var e = state.DecideDeposit(d, s_limits).Event!;
            events.Add(e);
            state = state.Apply(e);
        }

        var burned = state.DecideConfirm([a.Id])!;
        events.Add(burned);
        state = state.Apply(burned);

        var replayed = events.Aggregate(MailboxState.Empty, (s, e) => s.Apply(e));
        Assert.Equal(state.Pending.Select(p => p.Id), replayed.Pending.Select(p => p.Id));
        Assert.Equal(state.Spent.AsEnumerable(), replayed.Spent.AsEnumerable());
        Assert.Equal(state.PendingBytes, replayed.PendingBytes);
    }

    [Fact]
    public void Nothing_a_mailbox_holds_prints_its_bytes()
    {
        var deposit = NewDeposit();
        var state = With(MailboxState.Empty, deposit);
        var texts = new object[] { deposit, state, state.Pending[0], new Burned([deposit.Id]), deposit.Id, new FetchedBlob(deposit.Id, deposit.Blob) }
            .Select(o => o.ToString()!);
        Assert.All(texts, t => Assert.DoesNotContain(Convert.ToHexString(deposit.Blob.AsSpan(0, 8)), t, StringComparison.OrdinalIgnoreCase));
        Assert.All(texts, t => Assert.DoesNotContain("System.Byte", t, StringComparison.Ordinal));
    }
}
