using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// Reproducible entropy for the fuzz fixtures: SHA-256(label ‖ counter) blocks. Every process that builds the
/// fixtures gets the same keys, so the committed seed corpus (made by one process) still decrypts and verifies
/// in the fuzzing process and in the replay test. Never for anything but fuzzing.
/// </summary>
internal sealed class FixedEntropy : IEntropy
{
    private readonly byte[] _label;
    private ulong _counter;

    public FixedEntropy(string label)
    {
        _label = System.Text.Encoding.ASCII.GetBytes(label);
    }

    public void Fill(Span<byte> destination)
    {
        var input = new byte[_label.Length + 8];
        Span<byte> block = stackalloc byte[32];
        _label.CopyTo(input, 0);
        while (!destination.IsEmpty)
        {
            BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(_label.Length), _counter++);
            SHA256.HashData(input, block);
            var n = Math.Min(block.Length, destination.Length);
            block[..n].CopyTo(destination);
            destination = destination[n..];
        }
    }

    public byte[] Next(int length)
    {
        var bytes = new byte[length];
        Fill(bytes);
        return bytes;
    }
}
