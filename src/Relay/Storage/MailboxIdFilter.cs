using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// A fixed-size Bloom filter of the mailbox ids that may have rows in the journal, so that activating a
/// mailbox that cannot have any (a token seen for the first time) costs no database read. Filled at start
/// from the journal and on every write; never emptied while the process runs (a stale entry costs one
/// read, never a wrong answer). Memory is fixed (<see cref="Bytes"/>) whatever the number of tokens.
/// Thread-safe: bits are only ever set, with interlocked OR.
/// </summary>
public sealed class MailboxIdFilter
{
    /// <summary>8 MiB: with 4,000,000 mailboxes (the default blob cap) about 0.05 % false positives.</summary>
    public const int Bytes = 8 * 1024 * 1024;

    private const int Probes = 7;
    private const ulong BitMask = ((ulong)Bytes * 8) - 1;

    private readonly long[] _bits = new long[Bytes / sizeof(long)];

    public void Add(string mailboxId)
    {
        var (h1, h2) = Hash(mailboxId);
        for (var i = 0; i < Probes; i++)
        {
            var bit = (h1 + ((ulong)i * h2)) & BitMask;
            var mask = 1L << (int)(bit & 63);
            if ((Volatile.Read(ref _bits[bit >> 6]) & mask) == 0)
            {
                Interlocked.Or(ref _bits[bit >> 6], mask);
            }
        }
    }

    /// <summary>False only when the journal certainly holds no row of this mailbox.</summary>
    public bool MayContain(string mailboxId)
    {
        var (h1, h2) = Hash(mailboxId);
        for (var i = 0; i < Probes; i++)
        {
            var bit = (h1 + ((ulong)i * h2)) & BitMask;
            if ((Volatile.Read(ref _bits[bit >> 6]) & (1L << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Mailbox ids are 32 hex characters of a hash already; anything else (tests, warm-up) is hashed first.</summary>
    private static (ulong, ulong) Hash(string mailboxId)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (mailboxId.Length != 32 || Convert.FromHexString(mailboxId, bytes[..16], out _, out var written) != System.Buffers.OperationStatus.Done || written != 16)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(mailboxId), bytes);
        }

        return (BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]) | 1);
    }
}
