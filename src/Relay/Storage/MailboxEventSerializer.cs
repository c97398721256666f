using System.Buffers.Binary;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Serialization;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// The journal's binary format for mailbox events (docs/RELAY.md, "Journal rows").
/// Big-endian, fixed layouts; the manifest is one letter. No type names, no times but expiry days.
/// </summary>
public sealed class MailboxEventSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4701;
    public const string DepositedManifest = "D";
    public const string BurnedManifest = "B";
    public const string ExpiredManifest = "X";
    public const string CompactedManifest = "C";
    public const string EmptiedManifest = "E";

    /// <summary>Bytes of a Deposited row before the blob: id, digest, expiry day, forget day.</summary>
    public const int DepositedHeaderSize = BlobId.Size + BlobDigest.Size + 4 + 4;

    public MailboxEventSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        Deposited => DepositedManifest,
        Burned => BurnedManifest,
        Expired => ExpiredManifest,
        Compacted => CompactedManifest,
        Emptied => EmptiedManifest,
        _ => throw new ArgumentException("Not a mailbox event.", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        Deposited d => WriteDeposited(d),
        Burned b => WriteIds(b.Ids),
        Expired x => WriteIds(x.Ids),
        Compacted c => WriteCompacted(c),
        Emptied => [],
        _ => throw new ArgumentException("Not a mailbox event.", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        DepositedManifest => ReadDeposited(bytes),
        BurnedManifest => new Burned(ReadIds(bytes)),
        ExpiredManifest => new Expired(ReadIds(bytes)),
        CompactedManifest => ReadCompacted(bytes),
        EmptiedManifest => Emptied.Instance,
        _ => throw new System.Runtime.Serialization.SerializationException("Unknown mailbox event manifest."),
    };

    /// <summary>How many blobs a Compacted row holds (its first four bytes), for start-up accounting.</summary>
    public static int PendingCountOfCompacted(ReadOnlySpan<byte> row) => (int)BinaryPrimitives.ReadUInt32BigEndian(row);

    private static byte[] WriteDeposited(Deposited d)
    {
        var bytes = new byte[DepositedHeaderSize + d.Blob.Length];
        var span = bytes.AsSpan();
        d.Id.WriteTo(span);
        d.Digest.WriteTo(span[16..]);
        BinaryPrimitives.WriteInt32BigEndian(span[32..], d.ExpiryDay);
        BinaryPrimitives.WriteInt32BigEndian(span[36..], d.ForgetDay);
        d.Blob.CopyTo(span[DepositedHeaderSize..]);
        return bytes;
    }

    private static Deposited ReadDeposited(ReadOnlySpan<byte> bytes)
    {
        Require(bytes.Length >= DepositedHeaderSize);
        return new Deposited(
            BlobId.Read(bytes),
            BlobDigest.Read(bytes[16..]),
            bytes[DepositedHeaderSize..].ToArray(),
            BinaryPrimitives.ReadInt32BigEndian(bytes[32..]),
            BinaryPrimitives.ReadInt32BigEndian(bytes[36..]));
    }

    private static byte[] WriteIds(ImmutableArray<BlobId> ids)
    {
        var bytes = new byte[4 + (ids.Length * BlobId.Size)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i].WriteTo(bytes.AsSpan(4 + (i * BlobId.Size)));
        }

        return bytes;
    }

    private static ImmutableArray<BlobId> ReadIds(ReadOnlySpan<byte> bytes)
    {
        Require(bytes.Length >= 4);
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        Require(count <= (uint)((bytes.Length - 4) / BlobId.Size) && bytes.Length == 4 + ((int)count * BlobId.Size));
        var ids = ImmutableArray.CreateBuilder<BlobId>((int)count);
        for (var i = 0; i < (int)count; i++)
        {
            ids.Add(BlobId.Read(bytes[(4 + (i * BlobId.Size))..]));
        }

        return ids.MoveToImmutable();
    }

    private static byte[] WriteCompacted(Compacted c)
    {
        var size = 8 + c.Pending.Sum(p => DepositedHeaderSize + 4 + p.Blob.Length) + (c.Spent.Length * (BlobDigest.Size + 4));
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)c.Pending.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)c.Spent.Length);
        var at = 8;
        foreach (var p in c.Pending)
        {
            p.Id.WriteTo(span[at..]);
            p.Digest.WriteTo(span[(at + 16)..]);
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 32)..], p.ExpiryDay);
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 36)..], p.ForgetDay);
            BinaryPrimitives.WriteUInt32BigEndian(span[(at + 40)..], (uint)p.Blob.Length);
            p.Blob.CopyTo(span[(at + 44)..]);
            at += 44 + p.Blob.Length;
        }

        foreach (var s in c.Spent)
        {
            s.Digest.WriteTo(span[at..]);
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 16)..], s.ForgetDay);
            at += 20;
        }

        return bytes;
    }

    private static Compacted ReadCompacted(ReadOnlySpan<byte> bytes)
    {
        Require(bytes.Length >= 8);
        var pendingCount = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var spentCount = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        Require(pendingCount <= (uint)bytes.Length && spentCount <= (uint)bytes.Length);
        var pending = ImmutableArray.CreateBuilder<PendingBlob>((int)pendingCount);
        var at = 8;
        for (var i = 0; i < (int)pendingCount; i++)
        {
            Require(bytes.Length - at >= 44);
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[(at + 40)..]);
            Require(length <= (uint)(bytes.Length - at - 44));
            pending.Add(new PendingBlob(
                BlobId.Read(bytes[at..]),
                BlobDigest.Read(bytes[(at + 16)..]),
                bytes.Slice(at + 44, (int)length).ToArray(),
                BinaryPrimitives.ReadInt32BigEndian(bytes[(at + 32)..]),
                BinaryPrimitives.ReadInt32BigEndian(bytes[(at + 36)..])));
            at += 44 + (int)length;
        }

        var spent = ImmutableArray.CreateBuilder<SpentDigest>((int)spentCount);
        for (var i = 0; i < (int)spentCount; i++)
        {
            Require(bytes.Length - at >= 20);
            spent.Add(new SpentDigest(BlobDigest.Read(bytes[at..]), BinaryPrimitives.ReadInt32BigEndian(bytes[(at + 16)..])));
            at += 20;
        }

        Require(at == bytes.Length);
        return new Compacted(pending.MoveToImmutable(), spent.MoveToImmutable());
    }

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new System.Runtime.Serialization.SerializationException("Malformed mailbox journal row.");
        }
    }
}
