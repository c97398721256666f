using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>
/// Header plaintext (40 bytes, only ever seen encrypted on the wire): sender's ratchet public key (32) ‖
/// PN, the length of the sender's previous sending chain (u32 BE) ‖ N, this message's number (u32 BE).
/// </summary>
internal static class RatchetHeader
{
    private const int PreviousChainLengthOffset = X25519.PublicKeySize;
    private const int MessageNumberOffset = PreviousChainLengthOffset + 4;

    public static void Write(ReadOnlySpan<byte> ratchetPublicKey, uint previousChainLength, uint messageNumber, Span<byte> header)
    {
        ratchetPublicKey.CopyTo(header[..X25519.PublicKeySize]);
        BinaryPrimitives.WriteUInt32BigEndian(header[PreviousChainLengthOffset..], previousChainLength);
        BinaryPrimitives.WriteUInt32BigEndian(header[MessageNumberOffset..], messageNumber);
    }

    public static ReadOnlySpan<byte> RatchetPublicKey(ReadOnlySpan<byte> header) => header[..X25519.PublicKeySize];

    public static uint PreviousChainLength(ReadOnlySpan<byte> header) =>
        BinaryPrimitives.ReadUInt32BigEndian(header[PreviousChainLengthOffset..]);

    public static uint MessageNumber(ReadOnlySpan<byte> header) =>
        BinaryPrimitives.ReadUInt32BigEndian(header[MessageNumberOffset..]);
}
