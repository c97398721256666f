using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Relay;

/// <summary>
/// Hostile bytes end in a value or a typed error, never another exception; an accepted input is the
/// canonical encoding of what was parsed; and parsing allocates at most
/// <see cref="AllocationFactor"/> × input length + <see cref="AllocationSlack"/> bytes (the copies of the
/// fields plus array and object headers; see docs/spec/relay.md).
/// </summary>
public sealed class RelayEnvelopeHostileInputTests
{
    private const int AllocationFactor = 4;
    private const int AllocationSlack = 1024;
    private const int RandomInputsPerType = 6000;
    private const int MutationsPerType = 6000;

    private delegate ProtocolResult<T> ParseFunction<T>(ReadOnlySpan<byte> input);

    private sealed record EnvelopeKind(RelayMessageType Type, Func<byte[], (ProtocolError Error, byte[]? Reserialized, long Allocated)> Run, Func<int, byte[]> Valid);

    private static readonly EnvelopeKind[] s_kinds =
    [
        Kind(RelayMessageType.DepositRequest, DepositRequest.Parse, v => v.Serialize(), s => RelayTestData.Deposit(s).Serialize()),
        Kind(RelayMessageType.FetchRequest, FetchRequest.Parse, v => v.Serialize(), s => RelayTestData.Fetch(s).Serialize()),
        Kind(RelayMessageType.FetchResponse, FetchResponse.Parse, v => v.Serialize(), s => RelayTestData.Response(s, maxBlobs: 3).Serialize()),
        Kind(RelayMessageType.ConfirmRequest, ConfirmRequest.Parse, v => v.Serialize(), s => RelayTestData.Confirm(s).Serialize()),
        Kind(RelayMessageType.ErrorResponse, RelayErrorResponse.Parse, v => v.Serialize(), s => RelayTestData.Error(s).Serialize()),
        Kind(RelayMessageType.Health, RelayHealth.Parse, v => v.Serialize(), s => RelayTestData.Health(s).Serialize()),
    ];

    public static TheoryData<RelayMessageType> Types => [.. s_kinds.Select(k => k.Type)];

    [Theory]
    [MemberData(nameof(Types))]
    public void Random_bytes_parse_to_a_value_or_a_typed_error(RelayMessageType type)
    {
        var kind = s_kinds.Single(k => k.Type == type);
        var entropy = new DeterministicEntropy((int)type * 7919);
        kind.Run(kind.Valid(0)); // warm up: first calls JIT-compile and run static constructors
        var accepted = 0;
        for (var i = 0; i < RandomInputsPerType; i++)
        {
            var length = RelayTestData.Next(entropy, 4) == 0 ? RelayTestData.Next(entropy, 2400) : RelayTestData.Next(entropy, 80);
            var input = RelayTestData.Bytes(entropy, length);
            if (length >= 2 && RelayTestData.Next(entropy, 4) != 0)
            {
                input[0] = RelayLimits.WireVersion;
                input[1] = (byte)type;
            }

            accepted += CheckOne(kind, input) ? 1 : 0;
        }

        // Random bytes are almost never a valid envelope except for the fixed-size kinds.
        Assert.True(accepted < RandomInputsPerType);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Mutated_valid_envelopes_parse_to_a_value_or_a_typed_error(RelayMessageType type)
    {
        var kind = s_kinds.Single(k => k.Type == type);
        var entropy = new DeterministicEntropy(1000 + (int)type);
        var valid = Enumerable.Range(1, 40).Select(kind.Valid).ToArray();
        foreach (var v in valid)
        {
            Assert.True(CheckOne(kind, v), "an unmutated envelope must parse");
        }

        var refused = 0;
        for (var i = 0; i < MutationsPerType; i++)
        {
            var input = Mutate(valid[RelayTestData.Next(entropy, valid.Length)], entropy);
            refused += CheckOne(kind, input) ? 0 : 1;
        }

        Assert.True(refused > 0);
    }

    [Fact]
    public void Deposit_refuses_each_malformation_with_its_own_error()
    {
        var valid = RelayTestData.Deposit(3).Serialize();
        Assert.Equal(ProtocolError.UnsupportedVersion, DepositRequest.Parse(With(valid, 0, 2)).Error);
        Assert.Equal(ProtocolError.UnknownMessageType, DepositRequest.Parse(With(valid, 1, (byte)RelayMessageType.FetchRequest)).Error);
        Assert.Equal(ProtocolError.TrailingBytes, DepositRequest.Parse([.. valid, 0]).Error);
        Assert.Equal(ProtocolError.Truncated, DepositRequest.Parse(valid.AsSpan(0, valid.Length - 1)).Error);
        Assert.Equal(ProtocolError.Truncated, DepositRequest.Parse(valid.AsSpan(0, 40)).Error);

        var notBucket = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(notBucket.AsSpan(50), 1000);
        Assert.Equal(ProtocolError.NotABucketSize, DepositRequest.Parse(notBucket).Error);
        BinaryPrimitives.WriteUInt32BigEndian(notBucket.AsSpan(50), uint.MaxValue);
        Assert.Equal(ProtocolError.NotABucketSize, DepositRequest.Parse(notBucket).Error);
    }

    [Fact]
    public void Fetch_and_confirm_refuse_bad_counts_and_duplicates()
    {
        Assert.Equal(ProtocolError.TokenCountOutOfRange, FetchRequest.Parse([1, 2, 0, 0]).Error);
        Assert.Equal(ProtocolError.TokenCountOutOfRange, FetchRequest.Parse([1, 2, 0, 65, .. new byte[65 * 32]]).Error);
        Assert.Equal(ProtocolError.Truncated, FetchRequest.Parse([1, 2, 0, 2, .. new byte[63]]).Error);
        Assert.Equal(ProtocolError.DuplicateRelayEntry, FetchRequest.Parse([1, 2, 0, 2, .. new byte[64]]).Error);
        Assert.Equal(ProtocolError.BlobCountOutOfRange, ConfirmRequest.Parse([1, 4, 0, 0]).Error);
        Assert.Equal(ProtocolError.BlobCountOutOfRange, ConfirmRequest.Parse([1, 4, 0xFF, 0xFF]).Error);
        Assert.Equal(ProtocolError.DuplicateRelayEntry, ConfirmRequest.Parse([1, 4, 0, 2, .. new byte[32]]).Error);
    }

    [Fact]
    public void Fetch_response_refuses_bad_counts_sizes_and_duplicates()
    {
        Assert.Equal(ProtocolError.BlobCountOutOfRange, FetchResponse.Parse([1, 3, 0, 65]).Error);
        Assert.Equal(ProtocolError.FetchResponseTooLarge, FetchResponse.Parse(new byte[RelayLimits.MaxFetchResponseBytes + 1]).Error);

        var blob = new FetchedBlob(new byte[16], new byte[32], new byte[1024]);
        var one = new FetchResponse([blob]).Serialize();
        var twice = new byte[one.Length + blob.WireSize];
        one.CopyTo(twice, 0);
        one.AsSpan(FetchResponse.HeaderSize).CopyTo(twice.AsSpan(one.Length));
        twice[3] = 2;
        Assert.Equal(ProtocolError.DuplicateRelayEntry, FetchResponse.Parse(twice).Error);
        twice[one.Length] = 1; // a different id makes it valid
        Assert.Equal(2, FetchResponse.Parse(twice).Value.Blobs.Count);
    }

    [Fact]
    public void Counts_the_input_cannot_hold_are_refused_before_any_allocation()
    {
        FetchResponse.Parse([1, 3, 0, 64]); // warm up
        var header = new byte[] { 1, 3, 0, 64, 0, 0, 0, 0 };
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = FetchResponse.Parse(header);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ProtocolError.Truncated, result.Error);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Parsing_a_deposit_allocates_one_copy_of_the_blob_and_little_more()
    {
        var input = new DepositRequest(new byte[32], 1, 2, new byte[RelayLimits.Bucket16KiB]).Serialize();
        DepositRequest.Parse(input); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = DepositRequest.Parse(input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(result.IsOk);

        // The measurement is live (it sees the blob copy) and the overhead beyond the copy is small.
        Assert.InRange(allocated, RelayLimits.Bucket16KiB, RelayLimits.Bucket16KiB + 256);
    }

    [Fact]
    public void Error_response_refuses_undefined_reasons()
    {
        Assert.Equal(ProtocolError.UnknownRelayRejection, RelayErrorResponse.Parse([1, 5, 0, 0]).Error);
        Assert.Equal(ProtocolError.UnknownRelayRejection, RelayErrorResponse.Parse([1, 5, 0, 11]).Error);
        Assert.Equal(ProtocolError.UnknownRelayRejection, RelayErrorResponse.Parse([1, 5, 0xFF, 0xFF]).Error);
        Assert.Equal(ProtocolError.TrailingBytes, RelayErrorResponse.Parse([1, 5, 0, 1, 0]).Error);
        Assert.Equal(ProtocolError.Truncated, RelayErrorResponse.Parse([1, 5, 0]).Error);
        Assert.Equal(RelayRejection.BadPow, RelayErrorResponse.Parse([1, 5, 0, 1]).Value.Reason);
    }

    [Fact]
    public void Health_refuses_truncated_and_trailing_bytes()
    {
        var valid = new RelayHealth(1, 2, 3, 4, 5).Serialize();
        Assert.Equal(ProtocolError.Truncated, RelayHealth.Parse(valid.AsSpan(0, valid.Length - 1)).Error);
        Assert.Equal(ProtocolError.TrailingBytes, RelayHealth.Parse([.. valid, 9]).Error);
        Assert.Equal(ProtocolError.Truncated, RelayHealth.Parse([]).Error);
    }

    private static bool CheckOne(EnvelopeKind kind, byte[] input)
    {
        var (error, reserialized, allocated) = kind.Run(input);
        Assert.True(allocated <= (AllocationFactor * (long)input.Length) + AllocationSlack, $"{kind.Type}: {allocated} bytes allocated for {input.Length} input bytes");
        if (error == ProtocolError.None)
        {
            Assert.NotNull(reserialized);
            Assert.Equal(input, reserialized); // only the canonical encoding is accepted
            return true;
        }

        Assert.True(Enum.IsDefined(error));
        return false;
    }

    private static EnvelopeKind Kind<T>(RelayMessageType type, ParseFunction<T> parse, Func<T, byte[]> serialize, Func<int, byte[]> valid) =>
        new(type, input =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = parse(input);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return (result.Error, result.IsOk ? serialize(result.Value) : null, allocated);
        }, valid);

    private static byte[] Mutate(byte[] valid, IEntropy entropy)
    {
        var input = (byte[])valid.Clone();
        switch (RelayTestData.Next(entropy, 7))
        {
            case 0: // flip a few bytes anywhere, most often in the first hundred
                for (var n = 1 + RelayTestData.Next(entropy, 3); n > 0; n--)
                {
                    var at = RelayTestData.Next(entropy, 2) == 0 ? RelayTestData.Next(entropy, Math.Min(100, input.Length)) : RelayTestData.Next(entropy, input.Length);
                    input[at] ^= (byte)(1 + RelayTestData.Next(entropy, 255));
                }

                return input;
            case 1: // truncate
                return input[..RelayTestData.Next(entropy, input.Length)];
            case 2: // append
                return [.. input, .. RelayTestData.Bytes(entropy, 1 + RelayTestData.Next(entropy, 40))];
            case 3: // an extreme u16 at an early offset (counts, reasons)
            {
                var at = RelayTestData.Next(entropy, Math.Max(1, Math.Min(60, input.Length - 1)));
                if (input.Length >= at + 2)
                {
                    ushort[] values = [0, 1, 63, 64, 65, 0x7FFF, 0xFFFF];
                    BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(at), values[RelayTestData.Next(entropy, values.Length)]);
                }

                return input;
            }

            case 4: // an extreme or near-bucket u32 at an early offset (blob lengths)
            {
                var at = RelayTestData.Next(entropy, Math.Max(1, Math.Min(120, input.Length - 3)));
                if (input.Length >= at + 4)
                {
                    uint[] values = [0, 1023, 1024, 1025, 4096, 262144, 262145, 0x7FFFFFFF, 0xFFFFFFFF];
                    BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(at), values[RelayTestData.Next(entropy, values.Length)]);
                }

                return input;
            }

            case 5: // duplicate a chunk (repeats tokens, ids, entries)
            {
                var start = RelayTestData.Next(entropy, input.Length);
                var length = RelayTestData.Next(entropy, Math.Min(64, input.Length - start) + 1);
                return [.. input[..(start + length)], .. input[start..]];
            }

            default: // delete a chunk
            {
                var start = RelayTestData.Next(entropy, input.Length);
                var length = RelayTestData.Next(entropy, Math.Min(64, input.Length - start) + 1);
                return [.. input[..start], .. input[(start + length)..]];
            }
        }
    }

    private static byte[] With(byte[] bytes, int index, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] = value;
        return copy;
    }
}
