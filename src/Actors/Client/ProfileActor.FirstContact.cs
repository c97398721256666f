using System.Security.Cryptography;
using Akka.Actor;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Messages;
using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.Actors.Client;

/// <summary>Invites and first contact, both sides (docs/CLIENT.md "Onboarding").</summary>
internal sealed partial class ProfileActor
{
    /// <summary>A fresh intro token polled from now on, a bundle with one one-time prekey (marked handed out, stored).</summary>
    private object OnCreateInvite()
    {
        var token = new byte[IntroTokenSize];
        _context.Entropy.Fill(token);
        var bundle = _prekeys.CreateBundle();
        SavePrekeys();
        _openInvites.Add(token);
        while (_openInvites.Count > MaxOpenInvites)
        {
            _openInvites.RemoveAt(0);
        }

        SaveOpenInvites();
        PublishTokens();
        return Invite.Create(_context.Options.OwnRelay, token, bundle.Serialize(), OwnDisplayNameHint).Encode();
    }

    private object OnAcceptInvite(AcceptInvite command)
    {
        var parsed = Invite.Parse(command.Invite);
        if (!parsed.TryGetValue(out var invite))
        {
            throw new InvalidOperationException($"The invite is not valid ({parsed.Error}).");
        }

        var displayName = string.IsNullOrWhiteSpace(command.DisplayName) ? invite.DisplayNameHint : command.DisplayName;
        return Introduce(invite.PrekeyBundle, invite.Relay, invite.IntroToken.ToArray(), displayName, command.FirstMessage);
    }

    /// <summary>
    /// Initiator side: Hello (own relay, name hint, first text) inside <c>FirstContact.Initiate</c>; contact,
    /// session, first row and the outbox item committed together; only then the envelope goes to the outbox,
    /// addressed to the inviter's relay under the intro token. Works while the inviter is offline.
    /// </summary>
    private ContactId Introduce(ReadOnlySpan<byte> bundleBytes, RelayEndpoint relay, byte[] introToken, string displayName, string? firstMessage)
    {
        var bundleResult = PrekeyBundle.Parse(bundleBytes);
        if (!bundleResult.TryGetValue(out var bundle))
        {
            throw new InvalidOperationException($"The prekey bundle is not valid ({bundleResult.Error}).");
        }

        if (CryptographicOperations.FixedTimeEquals(bundle.IdentityKey, _identity.PublicKey.Bytes))
        {
            throw new InvalidOperationException("This invite is our own.");
        }

        var text = firstMessage ?? string.Empty;
        if (!ChatPayload.IsValidText(text))
        {
            throw new ArgumentException("The first message is too long or not valid text.");
        }

        var messageId = MessageId.New();
        var hello = ChatPayload.CreateHello(messageId.Value, 1, _context.Options.OwnRelay, OwnDisplayNameHint, text).Serialize();
        var initiated = FirstContact.Initiate(_seed, bundle, hello, _context.Entropy);
        CryptographicOperations.ZeroMemory(hello);
        if (!initiated.TryGetValue(out var result))
        {
            throw new InvalidOperationException($"First contact failed ({initiated.Error}).");
        }

        using var session = result.Session;
        var now = _context.Time.GetUtcNow();
        var contactId = ContactId.New();
        var contact = new ContactRecord
        {
            Id = contactId,
            DisplayName = displayName,
            IdentityKey = bundle.IdentityKey.ToArray(),
            PeerRelay = relay.Address,
            AddedAt = now,
        };
        var message = text.Length == 0
            ? null
            : new MessageRecord
            {
                Id = messageId,
                Contact = contactId,
                Direction = MessageDirection.Outgoing,
                Sequence = 1,
                Timestamp = now,
                Text = text,
                State = DeliveryState.Queued,
            };
        var item = new OutboxItem { Id = messageId, Contact = contactId, Relay = relay.Address, Token = introToken, Blob = result.Envelope, NextAttemptAt = now };
        var state = session.Serialize();
        try
        {
            Store.CommitNewContact(contact, state, null, message, null, item);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(state);
        }

        Publish(new ContactAdded(contactId));
        if (message is not null)
        {
            Publish(new DeliveryStateChanged(contactId, messageId, DeliveryState.Queued));
        }

        _outbox.Tell(new Enqueue(item));
        PublishTokens();
        return contactId;
    }

    /// <summary>
    /// Responder side: a blob under an intro token. Already committed → burn again. Otherwise
    /// <c>FirstContact.Accept</c> (consumes the one-time prekey in memory), then contact + session + prekeys +
    /// first row + blob digest in one <c>CommitNewContact</c>; only then the poller may burn it. Any failure
    /// reloads the prekeys from the store, so nothing consumed in memory outlives an uncommitted accept.
    /// </summary>
    private void OnIntroBlob(IncomingBlob incoming)
    {
        var digest = SHA256.HashData(incoming.Blob);
        if (Store.IsBlobProcessed(digest))
        {
            Sender.Tell(new BlobHandled(BlobResult.AlreadyProcessed, digest));
            return;
        }

        ContactId contactId;
        MessageId helloId;
        bool hasMessage;
        try
        {
            var accepted = FirstContact.Accept(_prekeys, incoming.Blob, _context.Entropy);
            if (!accepted.TryGetValue(out var result))
            {
                Sender.Tell(new BlobHandled(BlobResult.Undecryptable, digest));
                return;
            }

            using var session = result.Session;
            var payload = ChatPayload.Parse(result.FirstPlaintext);
            CryptographicOperations.ZeroMemory(result.FirstPlaintext);
            if (!payload.TryGetValue(out var hello) || hello.Kind != ChatPayloadKind.Hello || hello.Relay is null)
            {
                LoadOrCreatePrekeys();
                Sender.Tell(new BlobHandled(BlobResult.Undecryptable, digest));
                return;
            }

            var now = _context.Time.GetUtcNow();
            contactId = ContactId.New();
            helloId = new MessageId(hello.MessageId);
            hasMessage = hello.Text.Length > 0;
            var contact = new ContactRecord
            {
                Id = contactId,
                DisplayName = hello.DisplayNameHint,
                IdentityKey = session.PeerIdentityKey.ToArray(),
                PeerRelay = hello.Relay.Address,
                AddedAt = now,
            };
            var message = hasMessage
                ? new MessageRecord
                {
                    Id = helloId,
                    Contact = contactId,
                    Direction = MessageDirection.Incoming,
                    Sequence = (long)Math.Min(hello.Sequence, long.MaxValue),
                    Timestamp = now,
                    Text = hello.Text,
                    State = DeliveryState.Received,
                }
                : null;
            var state = session.Serialize();
            var prekeys = _prekeys.Serialize();
            try
            {
                Store.CommitNewContact(contact, state, prekeys, message, digest, null);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(state);
                CryptographicOperations.ZeroMemory(prekeys);
            }
        }
        catch (Exception)
        {
            LoadOrCreatePrekeys();
            Sender.Tell(new BlobHandled(BlobResult.NotHandled, digest));
            return;
        }

        Sender.Tell(new BlobHandled(BlobResult.Committed, digest));
        Publish(new ContactAdded(contactId));
        if (hasMessage)
        {
            Publish(new MessageReceived(contactId, helloId));
        }

        CloseInvite(((TokenRoute.Intro)incoming.Route).TokenKey);
        MaintainPrekeys();
        PublishTokens();
        ContactChild(contactId)?.Tell(new SendReceiptFor(contactId, helloId));
    }

    /// <summary>An invite's bundle carried one one-time prekey, now consumed: the invite is used up.</summary>
    private void CloseInvite(string tokenKey)
    {
        var removed = _openInvites.RemoveAll(t => string.Equals(Convert.ToHexString(t), tokenKey, StringComparison.Ordinal));
        if (removed > 0)
        {
            SaveOpenInvites();
        }
    }
}
