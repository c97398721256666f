using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Pvtcoms.Relay.Mailbox;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Tests.Mailbox;

public sealed class MailboxEventSerializerTests : TestKit
{
    private MailboxEventSerializer Serializer => new((ExtendedActorSystem)Sys);

    private static PendingBlob Pending(int size) => new(BlobId.NewRandom(), BlobDigest.Of(new byte[size]), System.Security.Cryptography.RandomNumberGenerator.GetBytes(size), 42, 7);

    [Fact]
    public void Every_event_round_trips_through_its_binary_row()
    {
        var p = Pending(1024);
        var events = new IMailboxEvent[]
        {
            new Deposited(p.Id, p.Digest, p.Blob, p.ExpiryDay, p.ForgetDay),
            new Burned([BlobId.NewRandom(), BlobId.NewRandom()]),
            new Expired([BlobId.NewRandom()]),
            new Compacted([p, Pending(4096)], [new SpentDigest(BlobDigest.Of([1]), 9)]),
            Emptied.Instance,
        };

        foreach (var e in events)
        {
            var bytes = Serializer.ToBinary(e);
            var back = (IMailboxEvent)Serializer.FromBinary(bytes, Serializer.Manifest(e));
            Assert.Equal(e.GetType(), back.GetType());
            Assert.Equal(e.SweepDay, back.SweepDay);
            Assert.Equal(bytes, Serializer.ToBinary(back));
        }
    }

    [Fact]
    public void A_compacted_row_states_its_blob_count_first_and_rejects_truncation()
    {
        var compacted = new Compacted([Pending(1024), Pending(1024), Pending(1024)], []);
        var bytes = Serializer.ToBinary(compacted);
        Assert.Equal(3, MailboxEventSerializer.PendingCountOfCompacted(bytes));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary(bytes[..^1], "C"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary(bytes[..10], "B"));
    }
}
