using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Storage.Support;

namespace Pvtcoms.Actors.Tests.Storage;

/// <summary>
/// The issue's acceptance for the client store: after a real conversation stored exactly as the actors store it, the
/// raw database, WAL and shm files hold no plaintext, name, key, token or session state — while the stores are
/// open and after they are closed — and a superseded ratchet state is gone from all three once the commit returns.
/// </summary>
public sealed class AtRestNoLeakTests : IDisposable
{
    private readonly StoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Nothing_known_is_found_in_the_raw_database_wal_or_shm_files()
    {
        using var conversation = new ScriptedConversation(_directory);
        var (alice, bob) = (conversation.Alice, conversation.Bob);
        conversation.FirstContact("Hello Bob, it is Alice: the eagle lands at 6");
        foreach (var side in new[] { alice, bob })
        {
            conversation.Needles.AddText($"display name of {side.Name}", side.DisplayName);
        }

        var (id1, blob1) = conversation.Send(bob, "Bob here; meet at the old mill, bring the ledger");
        conversation.Deliver(alice, id1, blob1);
        var (id2, blob2) = conversation.Send(alice, "Understood. Passphrase is correct-horse-battery-staple");
        var (id3, blob3) = conversation.Send(alice, "Second one before you answer: the safe code is 4-8-15-16");
        var (id4, blob4) = conversation.Send(alice, "Third, delivered before the second (out of order)");
        conversation.Deliver(bob, id2, blob2);
        conversation.Deliver(bob, id4, blob4);
        AssertNothingFound(conversation, "while open, after out-of-order delivery");
        conversation.Deliver(bob, id3, blob3);
        for (var i = 0; i < 3; i++)
        {
            var (id, blob) = conversation.Send(bob, $"Reply {i} from Bob: coordinates 51.{i}N 0.{i}W");
            conversation.Deliver(alice, id, blob);
        }

        bob.Store.UpdateDeliveryState(bob.Sent[0], DeliveryState.Read);
        var renamed = bob.Store.LoadContact(bob.PeerId)! with { DisplayName = "Alice (work phone)", Verified = true };
        bob.Store.SaveContact(renamed);
        conversation.Needles.AddText("new display name", renamed.DisplayName);
        conversation.SaveBobPrekeys();

        AssertNothingFound(conversation, "while open");
        Assert.Contains(alice.Store.LoadHistory(alice.PeerId, 100), m => m.Text.StartsWith("Reply 2", StringComparison.Ordinal));

        alice.Reopen(_directory);
        bob.Reopen(_directory);
        Assert.Equal(8, bob.Store.LoadHistory(bob.PeerId, 100).Count);
        alice.Store.Dispose();
        bob.Store.Dispose();
        AssertNothingFound(conversation, "after close");
        Assert.True(conversation.Needles.Count > 200, $"only {conversation.Needles.Count} needles");
    }

    [Fact]
    public void The_scan_finds_what_is_really_in_the_files()
    {
        // Positive control: the store's plain KDF salt is in the meta table, so the scan must find it.
        using (var store = _directory.Open("alice"))
        {
            store.SaveSetting("x", [1]);
        }

        var salt = Assert.Single(_directory.RawColumn("SELECT value FROM meta WHERE name = 'salt';", "alice"));
        var needles = new Needles();
        needles.Add("salt", salt);
        Assert.NotEmpty(needles.FindIn(_directory.RawFiles("alice")));
    }

    [Fact]
    public void A_superseded_ratchet_state_is_gone_from_every_file_once_the_commit_returns()
    {
        using var conversation = new ScriptedConversation(_directory);
        var (alice, bob) = (conversation.Alice, conversation.Bob);
        conversation.FirstContact("first");
        var oldPrekeys = bob.Store.SealedPrekeys()!;
        AssertFound(oldPrekeys, bob, present: true, "current prekeys");
        conversation.BobPrekeys!.AddOneTimePrekeys(bob.Seed, 2, Pvtcoms.Protocol.Crypto.SystemEntropy.Instance);
        conversation.SaveBobPrekeys();
        AssertFound(oldPrekeys, bob, present: false, "prekeys superseded by a save");

        var superseded = new List<(ScriptedConversation.Side Side, byte[] Sealed)>();
        for (var round = 0; round < 4; round++)
        {
            foreach (var (from, to) in new[] { (alice, bob), (bob, alice) })
            {
                var senderState = from.Store.SealedSession(from.PeerId)!;
                var receiverState = to.Store.SealedSession(to.PeerId)!;
                AssertFound(senderState, from, present: true, "current sender state");
                AssertFound(receiverState, to, present: true, "current receiver state");

                var first = conversation.Send(from, $"round {round} a");
                AssertFound(senderState, from, present: false, "sender state superseded by an outgoing commit");
                var second = conversation.Send(from, $"round {round} b");

                // Out of order: the skipped key lands in the state, then is used and removed.
                conversation.Deliver(to, second.Id, second.Blob);
                AssertFound(receiverState, to, present: false, "receiver state superseded by an incoming commit");
                var withSkippedKey = to.Store.SealedSession(to.PeerId)!;
                conversation.Deliver(to, first.Id, first.Blob);
                AssertFound(withSkippedKey, to, present: false, "state holding a skipped message key");
                superseded.Add((from, senderState));
                superseded.Add((to, receiverState));
            }
        }

        foreach (var (side, sealedState) in superseded)
        {
            AssertFound(sealedState, side, present: false, "an older state, at the end");
        }

        alice.Store.Dispose();
        bob.Store.Dispose();
        foreach (var (side, sealedState) in superseded)
        {
            AssertFound(sealedState, side, present: false, "an older state, after close");
        }
    }

    private void AssertNothingFound(ScriptedConversation conversation, string when)
    {
        var found = new List<string>();
        foreach (var name in new[] { "alice", "bob" })
        {
            var files = _directory.RawFiles(name);
            Assert.Contains(files, f => f.File.EndsWith(".db", StringComparison.Ordinal));
            found.AddRange(conversation.Needles.FindIn(files).Select(f => $"{name}: {f}"));
        }

        Assert.True(found.Count == 0, $"{when}: {string.Join("; ", found.Take(20))}");
    }

    /// <summary>
    /// Looks for every window of a sealed value in the side's three files. Present: its head (always on the row's own
    /// page) must be found, proving the scan sees the bytes. Absent: no window of it anywhere.
    /// </summary>
    private void AssertFound(byte[] sealedBytes, ScriptedConversation.Side side, bool present, string what)
    {
        var files = _directory.RawFiles(side.Name);
        if (present)
        {
            var head = new Needles();
            head.Add("head", sealedBytes.AsSpan(0, 48));
            Assert.True(head.FindIn(files).Count > 0, $"{what}: not found although current");
            return;
        }

        var windows = new Needles();
        windows.AddWithWindows(what, sealedBytes);
        var found = windows.FindIn(files);
        Assert.True(found.Count == 0, $"{what}: {string.Join("; ", found.Take(10))}");
    }
}
