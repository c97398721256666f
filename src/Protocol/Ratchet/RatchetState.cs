using System.Security.Cryptography;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>Which optional parts of <see cref="RatchetState"/> are present (Signal's "None" values).</summary>
[Flags]
internal enum RatchetStateFlags : byte
{
    None = 0,

    /// <summary>DHr is set.</summary>
    HasRemoteRatchetKey = 1 << 0,

    /// <summary>CKs is set.</summary>
    HasSendChain = 1 << 1,

    /// <summary>CKr is set.</summary>
    HasReceiveChain = 1 << 2,

    /// <summary>HKs is set.</summary>
    HasSendHeaderKey = 1 << 3,

    /// <summary>HKr is set.</summary>
    HasReceiveHeaderKey = 1 << 4,

    /// <summary>A new DHr was received and the sending half of the DH ratchet runs at the next Encrypt.</summary>
    SendRatchetPending = 1 << 5,

    All = HasRemoteRatchetKey | HasSendChain | HasReceiveChain | HasSendHeaderKey | HasReceiveHeaderKey | SendRatchetPending,
}

/// <summary>
/// The fixed-size part of a Double Ratchet session: ten 32-byte secrets/keys in one block (in serialization
/// order) plus the counters. Skipped message keys live in <see cref="SkippedMessageKeys"/>.
/// </summary>
internal sealed class RatchetState
{
    public const int KeyBlockSize = 10 * RatchetLimits.KeySize;

    private const int K = RatchetLimits.KeySize;

    private readonly byte[] _keys = new byte[KeyBlockSize];

    public RatchetStateFlags Flags { get; set; }

    /// <summary>Ns.</summary>
    public uint SendCount { get; set; }

    /// <summary>Nr.</summary>
    public uint ReceiveCount { get; set; }

    /// <summary>PN.</summary>
    public uint PreviousSendCount { get; set; }

    /// <summary>How many receiving DH ratchet steps this session has taken (the clock skipped keys expire by).</summary>
    public uint ReceiveSteps { get; set; }

    public Span<byte> KeyBlock => _keys;

    /// <summary>DHs private key.</summary>
    public Span<byte> RatchetPrivateKey => _keys.AsSpan(0 * K, K);

    /// <summary>DHs public key.</summary>
    public Span<byte> RatchetPublicKey => _keys.AsSpan(1 * K, K);

    /// <summary>DHr.</summary>
    public Span<byte> RemoteRatchetKey => _keys.AsSpan(2 * K, K);

    /// <summary>RK.</summary>
    public Span<byte> RootKey => _keys.AsSpan(3 * K, K);

    /// <summary>CKs.</summary>
    public Span<byte> SendChainKey => _keys.AsSpan(4 * K, K);

    /// <summary>CKr.</summary>
    public Span<byte> ReceiveChainKey => _keys.AsSpan(5 * K, K);

    /// <summary>HKs.</summary>
    public Span<byte> SendHeaderKey => _keys.AsSpan(6 * K, K);

    /// <summary>HKr.</summary>
    public Span<byte> ReceiveHeaderKey => _keys.AsSpan(7 * K, K);

    /// <summary>NHKs.</summary>
    public Span<byte> NextSendHeaderKey => _keys.AsSpan(8 * K, K);

    /// <summary>NHKr.</summary>
    public Span<byte> NextReceiveHeaderKey => _keys.AsSpan(9 * K, K);

    public bool Has(RatchetStateFlags flag) => (Flags & flag) == flag;

    public void CopyFrom(RatchetState other)
    {
        other._keys.CopyTo(_keys, 0);
        Flags = other.Flags;
        SendCount = other.SendCount;
        ReceiveCount = other.ReceiveCount;
        PreviousSendCount = other.PreviousSendCount;
        ReceiveSteps = other.ReceiveSteps;
    }

    public void Clear()
    {
        CryptographicOperations.ZeroMemory(_keys);
        Flags = RatchetStateFlags.None;
        SendCount = 0;
        ReceiveCount = 0;
        PreviousSendCount = 0;
        ReceiveSteps = 0;
    }

    internal byte[] KeyBufferForTest => _keys;

    public override string ToString() => nameof(RatchetState);
}
