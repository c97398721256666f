using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Protocol.Tests.Relay;

public sealed class RelayEnvelopeRoundTripTests
{
    [Property(MaxTest = 200)]
    public bool Deposit_request_round_trips(int seed)
    {
        var original = RelayTestData.Deposit(seed);
        var bytes = original.Serialize();
        var parsed = DepositRequest.Parse(bytes);
        return parsed.IsOk
            && parsed.Value.Token.Span.SequenceEqual(original.Token.Span)
            && parsed.Value.Epoch == original.Epoch
            && parsed.Value.PowNonce == original.PowNonce
            && parsed.Value.Blob.Span.SequenceEqual(original.Blob.Span)
            && parsed.Value.Serialize().AsSpan().SequenceEqual(bytes)
            && bytes.Length == original.WireSize;
    }

    [Property(MaxTest = 200)]
    public bool Deposit_request_round_trips_any_epoch_and_nonce(ulong epoch, ulong nonce)
    {
        var original = new DepositRequest(new byte[32], epoch, nonce, new byte[RelayLimits.Bucket1KiB]);
        var parsed = DepositRequest.Parse(original.Serialize());
        return parsed.IsOk && parsed.Value.Epoch == epoch && parsed.Value.PowNonce == nonce;
    }

    [Property(MaxTest = 200)]
    public bool Fetch_request_round_trips(int seed)
    {
        var original = RelayTestData.Fetch(seed);
        var bytes = original.Serialize();
        var parsed = FetchRequest.Parse(bytes);
        return parsed.IsOk
            && parsed.Value.Count == original.Count
            && Enumerable.Range(0, original.Count).All(i => parsed.Value.TokenAt(i).Span.SequenceEqual(original.TokenAt(i).Span))
            && parsed.Value.Serialize().AsSpan().SequenceEqual(bytes);
    }

    [Property(MaxTest = 200)]
    public bool Confirm_request_round_trips(int seed)
    {
        var original = RelayTestData.Confirm(seed);
        var bytes = original.Serialize();
        var parsed = ConfirmRequest.Parse(bytes);
        return parsed.IsOk
            && parsed.Value.Count == original.Count
            && Enumerable.Range(0, original.Count).All(i => parsed.Value.BlobIdAt(i).Span.SequenceEqual(original.BlobIdAt(i).Span))
            && parsed.Value.Serialize().AsSpan().SequenceEqual(bytes);
    }

    [Property(MaxTest = 100)]
    public bool Fetch_response_round_trips(int seed)
    {
        var original = RelayTestData.Response(seed);
        var bytes = original.Serialize();
        var parsed = FetchResponse.Parse(bytes);
        return parsed.IsOk
            && parsed.Value.Blobs.Count == original.Blobs.Count
            && parsed.Value.Blobs.Zip(original.Blobs).All(p =>
                p.First.BlobId.Span.SequenceEqual(p.Second.BlobId.Span)
                && p.First.Token.Span.SequenceEqual(p.Second.Token.Span)
                && p.First.Blob.Span.SequenceEqual(p.Second.Blob.Span))
            && parsed.Value.Serialize().AsSpan().SequenceEqual(bytes)
            && bytes.Length == original.WireSize;
    }

    [Property(MaxTest = 50)]
    public Property Error_response_round_trips()
    {
        var reasons = Gen.Elements(Enum.GetValues<RelayRejection>()).ToArbitrary();
        return Prop.ForAll(reasons, reason =>
        {
            var parsed = RelayErrorResponse.Parse(new RelayErrorResponse(reason).Serialize());
            return parsed.IsOk && parsed.Value.Reason == reason;
        });
    }

    [Property(MaxTest = 200)]
    public bool Health_round_trips(ulong blobs, ulong bytes, ulong deposits, ulong fetches, ulong uptime)
    {
        var original = new RelayHealth(blobs, bytes, deposits, fetches, uptime);
        var parsed = RelayHealth.Parse(original.Serialize());
        return parsed.IsOk && parsed.Value == original;
    }

    [Fact]
    public void Deposit_layout_is_byte_exact()
    {
        var token = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var blob = new byte[RelayLimits.Bucket1KiB];
        blob[0] = 0xEE;
        var bytes = new DepositRequest(token, 0x1122334455667788, 0x99AABBCCDDEEFF00, blob).Serialize();
        Assert.Equal(DepositRequest.FixedSize + blob.Length, bytes.Length);
        Assert.Equal(1, bytes[0]);
        Assert.Equal((byte)RelayMessageType.DepositRequest, bytes[1]);
        Assert.Equal(token, bytes[2..34]);
        Assert.Equal(0x1122334455667788UL, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(34)));
        Assert.Equal(0x99AABBCCDDEEFF00UL, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(42)));
        Assert.Equal((uint)blob.Length, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(50)));
        Assert.Equal(0xEE, bytes[54]);
    }

    [Fact]
    public void Small_envelopes_have_the_documented_bytes()
    {
        Assert.Equal("010500 09".Replace(" ", string.Empty), Convert.ToHexString(new RelayErrorResponse(RelayRejection.Duplicate).Serialize()));
        Assert.Equal(
            "0106" + "0000000000000001" + "0000000000000002" + "0000000000000003" + "0000000000000004" + "0000000000000005",
            Convert.ToHexString(new RelayHealth(1, 2, 3, 4, 5).Serialize()));
        var fetch = new FetchRequest([Enumerable.Repeat((byte)0xAB, 32).ToArray()]).Serialize();
        Assert.Equal("01020001" + string.Concat(Enumerable.Repeat("AB", 32)), Convert.ToHexString(fetch));
        var confirm = new ConfirmRequest([Enumerable.Repeat((byte)0xCD, 16).ToArray()]).Serialize();
        Assert.Equal("01040001" + string.Concat(Enumerable.Repeat("CD", 16)), Convert.ToHexString(confirm));
        Assert.Equal("01030000", Convert.ToHexString(FetchResponse.Empty.Serialize()));
    }

    [Fact]
    public void Envelope_type_is_read_from_the_header()
    {
        Assert.Equal(RelayMessageType.FetchRequest, RelayEnvelope.TryReadType(RelayTestData.Fetch(1).Serialize()).Value);
        Assert.Equal(RelayMessageType.Health, RelayEnvelope.TryReadType(new RelayHealth(0, 0, 0, 0, 0).Serialize()).Value);
        Assert.Equal(ProtocolError.UnsupportedVersion, RelayEnvelope.TryReadType([2, 1]).Error);
        Assert.Equal(ProtocolError.UnknownMessageType, RelayEnvelope.TryReadType([1, 0]).Error);
        Assert.Equal(ProtocolError.UnknownMessageType, RelayEnvelope.TryReadType([1, 7]).Error);
        Assert.Equal(ProtocolError.Truncated, RelayEnvelope.TryReadType([1]).Error);
    }

    [Fact]
    public void Constructors_refuse_caller_bugs()
    {
        Assert.Throws<ArgumentException>(() => new DepositRequest(new byte[31], 0, 0, new byte[1024]));
        Assert.Throws<ArgumentException>(() => new DepositRequest(new byte[32], 0, 0, new byte[1000]));
        Assert.Throws<ArgumentException>(() => new FetchRequest([]));
        Assert.Throws<ArgumentException>(() => new FetchRequest([.. Enumerable.Range(0, 65).Select(i => new byte[32])]));
        Assert.Throws<ArgumentException>(() => new FetchRequest([new byte[32], new byte[32]]));
        Assert.Throws<ArgumentException>(() => new ConfirmRequest([new byte[15]]));
        Assert.Throws<ArgumentException>(() => new ConfirmRequest([new byte[16], new byte[16]]));
        Assert.Throws<ArgumentException>(() => new FetchedBlob(new byte[16], new byte[32], new byte[5]));
        var big = Enumerable.Range(0, 16).Select(i => new FetchedBlob(BitConverter.GetBytes((long)i).Concat(new byte[8]).ToArray(), new byte[32], new byte[RelayLimits.Bucket256KiB])).ToList();
        Assert.Throws<ArgumentException>(() => new FetchResponse(big));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RelayErrorResponse((RelayRejection)0));
    }

    [Fact]
    public void Fetch_response_fills_up_to_the_size_bound()
    {
        var blobs = Enumerable.Range(0, 15).Select(i => new FetchedBlob(BitConverter.GetBytes((long)i).Concat(new byte[8]).ToArray(), new byte[32], new byte[RelayLimits.Bucket256KiB])).ToList();
        var response = new FetchResponse(blobs);
        Assert.True(response.WireSize <= RelayLimits.MaxFetchResponseBytes);
        Assert.Equal(15, FetchResponse.Parse(response.Serialize()).Value.Blobs.Count);
    }

    [Fact]
    public void Health_carries_only_the_five_aggregate_counters()
    {
        var names = typeof(RelayHealth).GetProperties().Select(p => p.Name).Where(n => n != "EqualityContract").Order().ToArray();
        Assert.Equal(["DepositsSinceStart", "FetchesSinceStart", "StoredBlobs", "StoredBytes", "UptimeSeconds"], names);
    }
}
