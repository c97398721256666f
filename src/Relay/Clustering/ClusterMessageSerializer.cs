using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// The binary form of the mailbox commands and replies, and of the confirm routing messages, when they cross
/// from one relay node to another (docs/RELAY.md, "Cluster messages"). Big-endian, fixed layouts, a
/// one-letter manifest; no type names (nothing a peer sends can name a type to instantiate). Malformed input
/// throws <see cref="SerializationException"/>, which remoting turns into a dropped message.
/// </summary>
public sealed class ClusterMessageSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4702;

    /// <summary>Longest mailbox id accepted (token mailboxes have 32 characters).</summary>
    public const int MaxMailboxIdBytes = 256;

    private const int DepositHeader = BlobId.Size + BlobDigest.Size + 4 + 4;

    public ClusterMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    /// <summary>The types this serializer is bound to.</summary>
    public static readonly Type[] Types =
    [
        typeof(Deposit), typeof(Fetch), typeof(Confirm), typeof(Sweep), typeof(DepositAccepted), typeof(DepositRefused),
        typeof(FetchResult), typeof(Confirmed), typeof(Swept), typeof(RoutedConfirm), typeof(RoutedConfirmDone),
    ];

    public override string Manifest(object o) => o switch
    {
        Deposit => "d",
        Fetch => "f",
        Confirm => "c",
        Sweep => "s",
        DepositAccepted => "a",
        DepositRefused => "r",
        FetchResult => "R",
        Confirmed => "C",
        Swept => "S",
        RoutedConfirm => "q",
        RoutedConfirmDone => "Q",
        _ => throw new ArgumentException("Not a relay cluster message.", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        Deposit d => WriteDeposit(d),
        Fetch f => Concat(MailboxIdBytes(f.MailboxId)),
        Confirm c => Concat(MailboxIdBytes(c.MailboxId), Int(c.Today), Ids(c.Ids)),
        Sweep s => Concat(MailboxIdBytes(s.MailboxId), Int(s.Today)),
        DepositAccepted a => a.Id.ToArray(),
        DepositRefused r => [(byte)r.Reason],
        FetchResult r => WriteFetchResult(r),
        Confirmed c => Int(c.Burned),
        Swept s => Int(s.Expired),
        RoutedConfirm q => Concat(Int(q.Today), Ids(q.Ids)),
        RoutedConfirmDone q => Int(q.Burned),
        _ => throw new ArgumentException("Not a relay cluster message.", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var span = bytes.AsSpan();
        switch (manifest)
        {
            case "d":
            {
                var id = ReadMailboxId(span, out var at);
                Require(span.Length - at >= DepositHeader);
                var rest = span[at..];
                return new Deposit(
                    id,
                    BlobId.Read(rest),
                    BlobDigest.Read(rest[BlobId.Size..]),
                    rest[DepositHeader..].ToArray(),
                    BinaryPrimitives.ReadInt32BigEndian(rest[32..]),
                    BinaryPrimitives.ReadInt32BigEndian(rest[36..]));
            }

            case "f":
            {
                var id = ReadMailboxId(span, out var at);
                Require(at == span.Length);
                return new Fetch(id);
            }

            case "c":
            {
                var id = ReadMailboxId(span, out var at);
                Require(span.Length - at >= 4);
                return new Confirm(id, ReadIds(span[(at + 4)..]), BinaryPrimitives.ReadInt32BigEndian(span[at..]));
            }

            case "s":
            {
                var id = ReadMailboxId(span, out var at);
                Require(span.Length - at == 4);
                return new Sweep(id, BinaryPrimitives.ReadInt32BigEndian(span[at..]));
            }

            case "a":
                Require(span.Length == BlobId.Size);
                return new DepositAccepted(BlobId.Read(span));
            case "r":
                Require(span.Length == 1 && Enum.IsDefined((DepositRefusal)span[0]));
                return new DepositRefused((DepositRefusal)span[0]);
            case "R":
                return ReadFetchResult(span);
            case "C":
                return new Confirmed(ReadInt(span));
            case "S":
                return new Swept(ReadInt(span));
            case "q":
                Require(span.Length >= 4);
                return new RoutedConfirm(ReadIds(span[4..]), BinaryPrimitives.ReadInt32BigEndian(span));
            case "Q":
                return new RoutedConfirmDone(ReadInt(span));
            default:
                throw new SerializationException("Unknown relay cluster message.");
        }
    }

    private static byte[] WriteDeposit(Deposit d)
    {
        var header = new byte[DepositHeader];
        d.Id.WriteTo(header);
        d.Digest.WriteTo(header.AsSpan(BlobId.Size));
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(32), d.ExpiryDay);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(36), d.ForgetDay);
        return Concat(MailboxIdBytes(d.MailboxId), header, d.Blob);
    }

    private static byte[] WriteFetchResult(FetchResult r)
    {
        var bytes = new byte[4 + r.Blobs.Sum(b => BlobId.Size + 4 + b.Blob.Length)];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)r.Blobs.Length);
        var at = 4;
        foreach (var blob in r.Blobs)
        {
            blob.Id.WriteTo(span[at..]);
            BinaryPrimitives.WriteUInt32BigEndian(span[(at + BlobId.Size)..], (uint)blob.Blob.Length);
            blob.Blob.CopyTo(span[(at + BlobId.Size + 4)..]);
            at += BlobId.Size + 4 + blob.Blob.Length;
        }

        return bytes;
    }

    private static FetchResult ReadFetchResult(ReadOnlySpan<byte> span)
    {
        Require(span.Length >= 4);
        var count = BinaryPrimitives.ReadUInt32BigEndian(span);
        Require(count <= (uint)((span.Length - 4) / (BlobId.Size + 4)));
        if (count == 0)
        {
            Require(span.Length == 4);
            return FetchResult.Empty;
        }

        var blobs = ImmutableArray.CreateBuilder<FetchedBlob>((int)count);
        var at = 4;
        for (var i = 0; i < (int)count; i++)
        {
            Require(span.Length - at >= BlobId.Size + 4);
            var length = BinaryPrimitives.ReadUInt32BigEndian(span[(at + BlobId.Size)..]);
            Require(length <= (uint)(span.Length - at - BlobId.Size - 4));
            blobs.Add(new FetchedBlob(BlobId.Read(span[at..]), span.Slice(at + BlobId.Size + 4, (int)length).ToArray()));
            at += BlobId.Size + 4 + (int)length;
        }

        Require(at == span.Length);
        return new FetchResult(blobs.MoveToImmutable());
    }

    private static byte[] MailboxIdBytes(string mailboxId)
    {
        var text = Encoding.UTF8.GetBytes(mailboxId);
        if (text.Length > MaxMailboxIdBytes)
        {
            throw new ArgumentException("Mailbox id too long.", nameof(mailboxId));
        }

        var bytes = new byte[2 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)text.Length);
        text.CopyTo(bytes, 2);
        return bytes;
    }

    private static string ReadMailboxId(ReadOnlySpan<byte> span, out int end)
    {
        Require(span.Length >= 2);
        var length = BinaryPrimitives.ReadUInt16BigEndian(span);
        Require(length <= MaxMailboxIdBytes && span.Length - 2 >= length);
        end = 2 + length;
        try
        {
            return new UTF8Encoding(false, true).GetString(span.Slice(2, length));
        }
        catch (DecoderFallbackException)
        {
            throw new SerializationException("Malformed relay cluster message.");
        }
    }

    private static byte[] Ids(ImmutableArray<BlobId> ids)
    {
        var bytes = new byte[4 + (ids.Length * BlobId.Size)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i].WriteTo(bytes.AsSpan(4 + (i * BlobId.Size)));
        }

        return bytes;
    }

    private static ImmutableArray<BlobId> ReadIds(ReadOnlySpan<byte> span)
    {
        Require(span.Length >= 4);
        var count = BinaryPrimitives.ReadUInt32BigEndian(span);
        Require(count <= (uint)((span.Length - 4) / BlobId.Size) && span.Length == 4 + ((int)count * BlobId.Size));
        var ids = ImmutableArray.CreateBuilder<BlobId>((int)count);
        for (var i = 0; i < (int)count; i++)
        {
            ids.Add(BlobId.Read(span[(4 + (i * BlobId.Size))..]));
        }

        return ids.MoveToImmutable();
    }

    private static byte[] Int(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static int ReadInt(ReadOnlySpan<byte> span)
    {
        Require(span.Length == 4);
        return BinaryPrimitives.ReadInt32BigEndian(span);
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var bytes = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(bytes, at);
            at += part.Length;
        }

        return bytes;
    }

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new SerializationException("Malformed relay cluster message.");
        }
    }
}
