namespace Pvtcoms.Protocol.Tests.Wire;

/// <summary>Hostile inputs: pure noise, and valid seeds with bit flips, byte overwrites, truncations, extensions,
/// boundary values written over length fields, and splices of two seeds.</summary>
internal sealed class InputMutator
{
    private static readonly byte[] s_interesting = [0x00, 0x01, 0x02, 0x7F, 0x80, 0xFE, 0xFF];
    private readonly Random _random;

    public InputMutator(int seed)
    {
        _random = new Random(seed);
    }

    public byte[] Next(IReadOnlyList<byte[]> seeds)
    {
        if (_random.Next(8) == 0)
        {
            var noise = new byte[_random.Next(0, 512)];
            _random.NextBytes(noise);
            return noise;
        }

        var input = (byte[])seeds[_random.Next(seeds.Count)].Clone();
        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            input = MutateOnce(input, seeds);
        }

        return input;
    }

    private byte[] MutateOnce(byte[] input, IReadOnlyList<byte[]> seeds)
    {
        switch (_random.Next(7))
        {
            case 0 when input.Length > 0:
                input[_random.Next(input.Length)] ^= (byte)(1 << _random.Next(8));
                return input;
            case 1 when input.Length > 0:
                input[_random.Next(input.Length)] = s_interesting[_random.Next(s_interesting.Length)];
                return input;
            case 2 when input.Length > 0:
                return input[.._random.Next(input.Length)];
            case 3:
                var extra = new byte[1 + _random.Next(64)];
                _random.NextBytes(extra);
                return [.. input, .. extra];
            case 4 when input.Length > 4:
                // Write a big-endian boundary value where a length field may sit.
                var at = _random.Next(input.Length - 4);
                var value = _random.Next(4) switch { 0 => 0u, 1 => 0xFFFFFFFFu, 2 => 0x7FFFFFFFu, _ => (uint)_random.Next(0, 70000) };
                input[at] = (byte)(value >> 24);
                input[at + 1] = (byte)(value >> 16);
                input[at + 2] = (byte)(value >> 8);
                input[at + 3] = (byte)value;
                return input;
            case 5:
                var other = seeds[_random.Next(seeds.Count)];
                var cut = _random.Next(input.Length + 1);
                var from = _random.Next(other.Length + 1);
                return [.. input.AsSpan(0, cut), .. other.AsSpan(from)];
            default:
                if (input.Length > 1)
                {
                    var start = _random.Next(input.Length);
                    var length = Math.Min(input.Length - start, 1 + _random.Next(16));
                    _random.NextBytes(input.AsSpan(start, length));
                }

                return input;
        }
    }
}
