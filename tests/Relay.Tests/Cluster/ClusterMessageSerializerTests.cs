using System.Collections.Immutable;
using System.Runtime.Serialization;
using Akka.Actor;
using Pvtcoms.Relay.Clustering;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Tests.Cluster;

public sealed class ClusterMessageSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    private ClusterMessageSerializer Serializer => new((ExtendedActorSystem)Sys);

    public static TheoryData<object> Messages()
    {
        var data = new TheoryData<object>();
        foreach (var message in All())
        {
            data.Add(message);
        }

        return data;
    }

    private static List<object> All() =>
    [
        new Deposit("0123456789abcdef0123456789abcdef", BlobId.NewRandom(), BlobDigest.Of([1, 2, 3]), [9, 8, 7, 6], 20_100, 20_002),
        new Fetch("0123456789abcdef0123456789abcdef"),
        new Confirm("m", [BlobId.NewRandom(), BlobId.NewRandom()], 20_000),
        new Sweep("m", 20_000),
        new DepositAccepted(BlobId.NewRandom()),
        new DepositRefused(DepositRefusal.MailboxFull),
        new FetchResult([new FetchedBlob(BlobId.NewRandom(), [1, 2]), new FetchedBlob(BlobId.NewRandom(), new byte[1024])]),
        FetchResult.Empty,
        new Confirmed(3),
        new Swept(2),
        new RoutedConfirm([BlobId.NewRandom()], 20_000),
        new RoutedConfirmDone(1),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_between_nodes_round_trips(object message)
    {
        var serializer = Serializer;
        var bytes = serializer.ToBinary(message);
        var back = serializer.FromBinary(bytes, serializer.Manifest(message));

        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(bytes, serializer.ToBinary(back));
    }

    [Fact]
    public void The_serializer_is_the_one_bound_for_cluster_messages_and_never_names_a_type()
    {
        Assert.All(ClusterMessageSerializer.Types, type => Assert.True(type.IsSealed));
        Assert.All(ClusterMessageSerializer.Types, type => Assert.Equal(1, Serializer.Manifest(All().First(m => m.GetType() == type)).Length));
    }

    [Fact]
    public void Truncated_or_padded_bytes_are_refused_with_a_serialization_error()
    {
        var serializer = Serializer;
        foreach (var message in All())
        {
            var bytes = serializer.ToBinary(message);
            var manifest = serializer.Manifest(message);
            if (bytes.Length > 0 && message is not Deposit)
            {
                Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^1], manifest));
            }

            if (message is not Deposit)
            {
                Assert.Throws<SerializationException>(() => serializer.FromBinary([.. bytes, 0], manifest));
            }
        }

        Assert.Throws<SerializationException>(() => serializer.FromBinary([0xFF, 0xFF, 1, 2], "f"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([0, 2, 0xC3, 0x28], "f"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([0, 0, 0, 9], "R"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([7], "r"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([], "?"));
    }

    [Fact]
    public void A_confirm_keeps_its_ids_in_order()
    {
        var ids = ImmutableArray.Create(BlobId.NewRandom(), BlobId.NewRandom(), BlobId.NewRandom());
        var serializer = Serializer;
        var back = (Confirm)serializer.FromBinary(serializer.ToBinary(new Confirm("m", ids, 5)), "c");

        Assert.Equal(ids.ToArray(), back.Ids.ToArray());
        Assert.Equal(5, back.Today);
        Assert.Equal("m", back.MailboxId);
    }
}
