using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>
/// The tags of the initial messages a signed prekey generation accepted without a one-time prekey
/// (ADR 0022). A tag is the first 16 bytes of SHA-256(u16 label length ‖ label ‖ initiator ephemeral key);
/// at most <see cref="HandshakeLimits.MaxReplayEntriesPerSignedPrekey"/> of them, kept in arrival order.
/// </summary>
internal sealed class ReplayCache
{
    private readonly HashSet<UInt128> _tags = [];
    private readonly List<UInt128> _order = [];

    public int Count => _order.Count;

    public bool IsFull => _order.Count >= HandshakeLimits.MaxReplayEntriesPerSignedPrekey;

    public IReadOnlyList<UInt128> Tags => _order;

    public static UInt128 TagOf(ReadOnlySpan<byte> initiatorEphemeralKey)
    {
        var label = Labels.HandshakeReplayTag;
        Span<byte> input = stackalloc byte[2 + 64 + X25519.PublicKeySize];
        BinaryPrimitives.WriteUInt16BigEndian(input, (ushort)label.Length);
        label.CopyTo(input[2..]);
        initiatorEphemeralKey.CopyTo(input[(2 + label.Length)..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input[..(2 + label.Length + initiatorEphemeralKey.Length)], digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }

    public bool Contains(UInt128 tag) => _tags.Contains(tag);

    /// <summary>Adds a tag; false (nothing changed) when it is already there or the cache is full.</summary>
    public bool TryAdd(UInt128 tag)
    {
        if (IsFull || !_tags.Add(tag))
        {
            return false;
        }

        _order.Add(tag);
        return true;
    }
}
