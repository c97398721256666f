using System.Buffers.Binary;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Relay.Tests.Support;

/// <summary>Request bodies that are wrong in exactly one way, built from a valid one.</summary>
public static class HostileBodies
{
    public static byte[] WithVersion(byte[] body, byte version)
    {
        var copy = (byte[])body.Clone();
        copy[0] = version;
        return copy;
    }

    public static byte[] WithType(byte[] body, RelayMessageType type)
    {
        var copy = (byte[])body.Clone();
        copy[1] = (byte)type;
        return copy;
    }

    public static byte[] Truncated(byte[] body, int keep) => body.AsSpan(0, keep).ToArray();

    public static byte[] WithTrailingByte(byte[] body) => [.. body, 0];

    /// <summary>A deposit whose blob is <paramref name="length"/> bytes (not necessarily a bucket size).</summary>
    public static byte[] DepositOfLength(byte[] token, ulong epoch, ulong nonce, int length)
    {
        var body = new byte[DepositRequest.FixedSize + length];
        body[0] = RelayLimits.WireVersion;
        body[1] = (byte)RelayMessageType.DepositRequest;
        token.CopyTo(body, 2);
        BinaryPrimitives.WriteUInt64BigEndian(body.AsSpan(34), epoch);
        BinaryPrimitives.WriteUInt64BigEndian(body.AsSpan(42), nonce);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(50), (uint)length);
        return body;
    }

    /// <summary>A fetch naming <paramref name="count"/> tokens (above the bound if asked).</summary>
    public static byte[] FetchOf(int count, int declaredCount)
    {
        var body = new byte[4 + (count * RelayLimits.TokenSize)];
        body[0] = RelayLimits.WireVersion;
        body[1] = (byte)RelayMessageType.FetchRequest;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), (ushort)declaredCount);
        for (var i = 0; i < count; i++)
        {
            RelayClient.NewToken().CopyTo(body, 4 + (i * RelayLimits.TokenSize));
        }

        return body;
    }

    /// <summary>A nonce whose stamp does not meet <paramref name="difficulty"/>.</summary>
    public static ulong FailingNonce(byte[] token, byte[] blob, ulong epoch, int difficulty)
    {
        var hash = ProofOfWork.PayloadHash(blob);
        for (ulong nonce = 0; ; nonce++)
        {
            if (!ProofOfWork.Verify(token, hash, epoch, nonce, difficulty))
            {
                return nonce;
            }
        }
    }
}
