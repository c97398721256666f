using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Support;

/// <summary>
/// Reproducible entropy for tests: SHA-256(seed ‖ counter) blocks. Not for production — Protocol code
/// takes whatever <see cref="IEntropy"/> it is handed, and hosts hand it <see cref="SystemEntropy"/>.
/// </summary>
internal sealed class DeterministicEntropy : IEntropy
{
    private readonly byte[] _seed;
    private ulong _counter;

    public DeterministicEntropy(int seed)
        : this(BitConverter.GetBytes(seed))
    {
    }

    public DeterministicEntropy(ReadOnlySpan<byte> seed)
    {
        _seed = seed.ToArray();
    }

    public void Fill(Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[_seed.Length + 8];
        Span<byte> block = stackalloc byte[32];
        _seed.CopyTo(input);
        while (!destination.IsEmpty)
        {
            BinaryPrimitives.WriteUInt64BigEndian(input[_seed.Length..], _counter++);
            SHA256.HashData(input, block);
            var n = Math.Min(block.Length, destination.Length);
            block[..n].CopyTo(destination);
            destination = destination[n..];
        }
    }
}
