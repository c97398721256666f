using System.Security.Cryptography;
using Akka.Actor;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.DirectoryRecords;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// Directory publish and lookup (ADR 0084) and identity rotation. A record is published once per token epoch
/// (on start and at each epoch change, while the node runs), padded to a bucket and deposited under its locator
/// on the own relay; nobody burns it — it expires at the relay. A lookup fetches the locators of the current and
/// previous epoch (no confirm), opens the first record that verifies and introduces us like an invite would.
/// </summary>
internal sealed partial class ProfileActor
{
    private void PublishDirectoryRecord()
    {
        if (!_context.Options.PublishDirectoryRecord
            || ClientSettings.ReadUInt64(Store.LoadSetting(ClientSettings.DirectoryEpoch)) == _tokenEpoch + 1)
        {
            return;
        }

        var bundle = _prekeys.CreateBundle();
        SavePrekeys();
        var epoch = _tokenEpoch;
        var record = DirectoryRecord.Create(_identity, epoch, epoch + 1, bundle.Serialize(), _context.Options.OwnRelay,
            _directoryIntroToken, _context.Entropy);
        var blob = BucketPadding.Pad(record.Blob);
        _context.Transport.DepositAsync(_context.Options.OwnRelay, record.Locator, blob, CancellationToken.None)
            .PipeTo(Self, success: o => new DirectoryPublished(epoch, o.IsOk), failure: _ => new DirectoryPublished(epoch, false));
    }

    private void OnDirectoryPublished(DirectoryPublished published)
    {
        if (published.Ok)
        {
            // Stored as epoch + 1 so that a fresh profile's "0" never means "published for epoch 0".
            Store.SaveSetting(ClientSettings.DirectoryEpoch, ClientSettings.WriteUInt64(published.Epoch + 1));
        }
    }

    private void OnAddFromDirectory(AddFromDirectory command)
    {
        var key = IdentityKey.Parse(command.IdentityKey);
        var relay = RelayEndpoint.Parse(command.Relay);
        if (!key.TryGetValue(out var identity) || !relay.TryGetValue(out var endpoint))
        {
            Sender.Tell(new Status.Failure(new ArgumentException("Not an identity key or not a relay address.")));
            return;
        }

        var epoch = _context.TokenEpoch;
        var epochs = epoch > 0 ? new[] { epoch, epoch - 1 } : [epoch];
        var locators = epochs.Select(e => DirectoryRecord.ComputeLocator(identity, e)).ToList();
        var replyTo = Sender;
        _context.Transport.FetchAsync(endpoint, locators, CancellationToken.None)
            .PipeTo(Self, success: o => new DirectoryFetched(command, identity, epochs, locators, o, replyTo),
                failure: _ => new DirectoryFetched(command, identity, epochs, locators, FetchOutcome.Transient(), replyTo));
    }

    private void OnDirectoryFetched(DirectoryFetched fetched)
    {
        try
        {
            if (!fetched.Outcome.IsOk)
            {
                throw new InvalidOperationException("The relay could not be asked.");
            }

            foreach (var blob in fetched.Outcome.Blobs)
            {
                for (var i = 0; i < fetched.Locators.Count; i++)
                {
                    if (!blob.Token.Span.SequenceEqual(fetched.Locators[i]) || !BucketPadding.TryUnpad(blob.Blob.Span).TryGetValue(out var content))
                    {
                        continue;
                    }

                    var opened = DirectoryRecord.Open(fetched.Identity, fetched.Epochs[i], fetched.Locators[i], content);
                    if (opened.TryGetValue(out var record))
                    {
                        var id = Introduce(record.PrekeyBundle, record.Relay, record.IntroToken.ToArray(), fetched.Command.DisplayName,
                            fetched.Command.FirstMessage);
                        fetched.ReplyTo.Tell(id);
                        return;
                    }
                }
            }

            throw new InvalidOperationException("No directory record for this identity on this relay.");
        }
        catch (Exception ex)
        {
            fetched.ReplyTo.Tell(new Status.Failure(ex));
        }
    }

    /// <summary>
    /// Moves to a fresh identity key: a migration signed by the old key and countersigned by the new one goes to
    /// every contact first (committed to each contact's outbox), then the new seed and fresh prekeys are stored;
    /// open invites, carrying the old key's bundle, are dropped.
    /// </summary>
    private async Task OnRotateIdentityAsync()
    {
        var replyTo = Sender;
        try
        {
            await RotateAsync();
            replyTo.Tell(Done.Instance);
        }
        catch (Exception ex)
        {
            replyTo.Tell(new Status.Failure(ex));
        }
    }

    /// <summary>Runs as an async receive: the profile's mailbox waits (no thread blocks) until every contact committed.</summary>
    private async Task RotateAsync()
    {
        using var next = IdentityKeyPair.Generate(_context.Entropy);
        var sequence = ClientSettings.ReadUInt64(Store.LoadSetting(ClientSettings.OwnMigrationSequence)) + 1;
        var migration = IdentityMigration.Create(_identity, next, sequence).Serialize();
        var sends = new List<Task<Done>>();
        foreach (var contact in Store.LoadContacts())
        {
            if (ContactChild(contact.Id) is { } child)
            {
                sends.Add(child.Ask<Done>(new SendRotation(contact.Id, migration), _context.Options.AskTimeout));
            }
        }

        await Task.WhenAll(sends);

        var seed = new byte[IdentityKeyPair.SeedSize];
        next.ExportSeed(seed);
        Store.SaveIdentitySeed(seed);
        Store.SaveSetting(ClientSettings.OwnMigrationSequence, ClientSettings.WriteUInt64(sequence));
        CryptographicOperations.ZeroMemory(_seed);
        _seed = seed;
        _identity.Dispose();
        _identity = IdentityKeyPair.FromSeed(_seed);
        _prekeys.Dispose();
        _prekeys = ResponderPrekeys.Generate(_seed, OneTimePrekeyTarget, _context.Entropy);
        SavePrekeys();
        _openInvites.Clear();
        SaveOpenInvites();
        Store.SaveSetting(ClientSettings.DirectoryEpoch, ClientSettings.WriteUInt64(0));
        PublishTokens();
        PublishDirectoryRecord();
    }

    private sealed record DirectoryPublished(ulong Epoch, bool Ok);

    private sealed record DirectoryFetched(AddFromDirectory Command, IdentityKey Identity, ulong[] Epochs, IReadOnlyList<byte[]> Locators,
        FetchOutcome Outcome, IActorRef ReplyTo);
}
