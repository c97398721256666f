using System.Buffers.Binary;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The relay envelopes' constructors (caller bugs with parameter names and messages), their count and size
/// bounds at the exact limits, the error codes of inputs cut inside a field, duplicates away from the first
/// item, and the <c>ToString</c> forms (counts and sizes only, never bytes).
/// </summary>
public sealed class RelayEnvelopeMutationTests
{
    [Fact]
    public void Message_type_one_is_a_deposit()
    {
        Assert.Equal(RelayMessageType.DepositRequest, RelayEnvelope.TryReadType([1, 1]).Value);
        Assert.Equal(RelayMessageType.ConfirmRequest, RelayEnvelope.TryReadType([1, 4, 0xEE]).Value);
    }

    [Fact]
    public void Input_cut_after_the_version_byte_is_truncated()
    {
        Assert.Equal(ProtocolError.Truncated, DepositRequest.Parse([1]).Error);
        Assert.Equal(ProtocolError.Truncated, FetchRequest.Parse([1]).Error);
        Assert.Equal(ProtocolError.Truncated, ConfirmRequest.Parse([1]).Error);
        Assert.Equal(ProtocolError.Truncated, FetchResponse.Parse([1]).Error);
    }

    [Fact]
    public void Input_cut_inside_a_count_is_truncated()
    {
        Assert.Equal(ProtocolError.Truncated, FetchRequest.Parse([1, 2]).Error);
        Assert.Equal(ProtocolError.Truncated, FetchRequest.Parse([1, 2, 0]).Error);
        Assert.Equal(ProtocolError.Truncated, ConfirmRequest.Parse([1, 4]).Error);
        Assert.Equal(ProtocolError.Truncated, ConfirmRequest.Parse([1, 4, 0]).Error);
        Assert.Equal(ProtocolError.Truncated, FetchResponse.Parse([1, 3, 0]).Error);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(51)]
    [InlineData(53)]
    public void Deposit_cut_inside_the_blob_length_is_truncated(int length)
    {
        var valid = new DepositRequest(new byte[32], 1, 2, new byte[RelayLimits.Bucket1KiB]).Serialize();
        Assert.Equal(ProtocolError.Truncated, DepositRequest.Parse(valid.AsSpan(0, length)).Error);
    }

    [Fact]
    public void Duplicates_are_found_between_any_two_items_not_only_against_the_first()
    {
        byte[][] tokens = [Filled(32, 1), Filled(32, 2), Filled(32, 2)];
        var fetch = Assert.Throws<ArgumentException>(() => new FetchRequest(tokens));
        Assert.Equal("tokens", fetch.ParamName);
        Assert.StartsWith("A fetch names each token once.", fetch.Message);
        byte[] fetchWire = [1, 2, 0, 3, .. tokens[0], .. tokens[1], .. tokens[2]];
        Assert.Equal(ProtocolError.DuplicateRelayEntry, FetchRequest.Parse(fetchWire).Error);

        byte[][] ids = [Filled(16, 7), Filled(16, 8), Filled(16, 9), Filled(16, 9)];
        var confirm = Assert.Throws<ArgumentException>(() => new ConfirmRequest(ids));
        Assert.Equal("blobIds", confirm.ParamName);
        Assert.StartsWith("A confirm names each blob id once.", confirm.Message);
        byte[] confirmWire = [1, 4, 0, 4, .. ids[0], .. ids[1], .. ids[2], .. ids[3]];
        Assert.Equal(ProtocolError.DuplicateRelayEntry, ConfirmRequest.Parse(confirmWire).Error);

        byte[] distinct = [1, 4, 0, 3, .. ids[0], .. ids[1], .. ids[2]];
        Assert.Equal(3, ConfirmRequest.Parse(distinct).Value.Count);
    }

    [Fact]
    public void Null_lists_are_caller_bugs_named_after_the_parameter()
    {
        Assert.Equal("tokens", Assert.Throws<ArgumentNullException>(() => new FetchRequest(null!)).ParamName);
        Assert.Equal("blobIds", Assert.Throws<ArgumentNullException>(() => new ConfirmRequest(null!)).ParamName);
        Assert.Equal("blobs", Assert.Throws<ArgumentNullException>(() => new FetchResponse(null!)).ParamName);
        Assert.Equal("blobs", Assert.Throws<ArgumentNullException>(() => new FetchResponse([Blob(0, 1024), null!])).ParamName);
    }

    [Fact]
    public void Fetch_request_counts_out_of_range_say_what_is_accepted()
    {
        foreach (var count in new[] { 0, RelayLimits.MaxTokensPerFetch + 1 })
        {
            var e = Assert.Throws<ArgumentException>(() => new FetchRequest([.. Enumerable.Range(0, count).Select(i => Filled(32, (byte)i))]));
            Assert.Equal("tokens", e.ParamName);
            Assert.StartsWith("A fetch names 1..64 tokens.", e.Message);
        }
    }

    [Fact]
    public void Confirm_counts_out_of_range_say_what_is_accepted()
    {
        foreach (var count in new[] { 0, RelayLimits.MaxBlobIdsPerConfirm + 1 })
        {
            var e = Assert.Throws<ArgumentException>(() => new ConfirmRequest([.. Enumerable.Range(0, count).Select(i => Filled(16, (byte)i))]));
            Assert.Equal("blobIds", e.ParamName);
            Assert.StartsWith("A confirm names 1..64 blob ids.", e.Message);
        }

        Assert.Equal(64, new ConfirmRequest([.. Enumerable.Range(0, 64).Select(i => Filled(16, (byte)i))]).Count);
    }

    [Fact]
    public void Fetch_response_carries_exactly_64_blobs_but_not_65()
    {
        var sixtyFour = Enumerable.Range(0, RelayLimits.MaxBlobsPerFetch).Select(i => Blob(i, RelayLimits.Bucket1KiB)).ToList();
        var response = new FetchResponse(sixtyFour);
        Assert.Equal(64, response.Blobs.Count);
        Assert.Equal(64, FetchResponse.Parse(response.Serialize()).Value.Blobs.Count);

        var e = Assert.Throws<ArgumentException>(() => new FetchResponse([.. sixtyFour, Blob(64, RelayLimits.Bucket1KiB)]));
        Assert.Equal("blobs", e.ParamName);
        Assert.StartsWith("A fetch response carries at most 64 blobs.", e.Message);
    }

    [Fact]
    public void Fetch_response_with_a_repeated_blob_id_is_a_caller_bug()
    {
        var e = Assert.Throws<ArgumentException>(() => new FetchResponse([Blob(1, 1024), Blob(2, 1024), Blob(1, 4096)]));
        Assert.Equal("blobs", e.ParamName);
        Assert.StartsWith("A fetch response carries each blob id once.", e.Message);
    }

    [Fact]
    public void Fetch_response_over_the_size_bound_says_the_bound()
    {
        var big = Enumerable.Range(0, 16).Select(i => Blob(i, RelayLimits.Bucket256KiB)).ToList();
        var e = Assert.Throws<ArgumentException>(() => new FetchResponse(big));
        Assert.Equal("blobs", e.ParamName);
        Assert.StartsWith("A fetch response is at most 4194304 bytes.", e.Message);
    }

    [Fact]
    public void Fetch_response_input_of_exactly_the_size_bound_is_parsed_and_one_byte_more_is_not()
    {
        var input = new byte[RelayLimits.MaxFetchResponseBytes];
        input[0] = 1;
        input[1] = (byte)RelayMessageType.FetchResponse;
        // count 0, then zeros: read as far as the trailing bytes, so the size check let it through.
        Assert.Equal(ProtocolError.TrailingBytes, FetchResponse.Parse(input).Error);
        byte[] oneMore = [.. input, 0];
        Assert.Equal(ProtocolError.FetchResponseTooLarge, FetchResponse.Parse(oneMore).Error);
    }

    [Fact]
    public void Wire_size_of_a_fetched_blob_is_its_fixed_part_plus_the_blob()
    {
        Assert.Equal(16 + 32 + 4 + 1024, FetchedBlob.WireSizeFor(RelayLimits.Bucket1KiB));
        Assert.Equal(16 + 32 + 4 + 262_144, FetchedBlob.WireSizeFor(RelayLimits.Bucket256KiB));
        Assert.Equal(Blob(0, RelayLimits.Bucket4KiB).WireSize, FetchedBlob.WireSizeFor(RelayLimits.Bucket4KiB));
    }

    [Fact]
    public void Blob_sizes_that_are_not_a_bucket_say_so()
    {
        var deposit = Assert.Throws<ArgumentException>(() => new DepositRequest(new byte[32], 0, 0, new byte[1000]));
        Assert.Equal("blob", deposit.ParamName);
        Assert.StartsWith("Blob must be exactly a bucket size.", deposit.Message);
        var fetched = Assert.Throws<ArgumentException>(() => new FetchedBlob(new byte[16], new byte[32], new byte[1025]));
        Assert.Equal("blob", fetched.ParamName);
        Assert.StartsWith("Blob must be exactly a bucket size.", fetched.Message);
    }

    [Fact]
    public void Fixed_fields_of_the_wrong_size_say_which_size_was_expected()
    {
        var token = Assert.Throws<ArgumentException>(() => new DepositRequest(new byte[31], 0, 0, new byte[1024]));
        Assert.Equal("token", token.ParamName);
        Assert.StartsWith("Must be 32 bytes.", token.Message);
        var id = Assert.Throws<ArgumentException>(() => new FetchedBlob(new byte[17], new byte[32], new byte[1024]));
        Assert.Equal("blobId", id.ParamName);
        Assert.StartsWith("Must be 16 bytes.", id.Message);
        var confirm = Assert.Throws<ArgumentException>(() => new ConfirmRequest([new byte[16], new byte[15]]));
        Assert.Equal("blobIds", confirm.ParamName);
        Assert.StartsWith("Must be 16 bytes.", confirm.Message);
    }

    [Fact]
    public void String_forms_give_counts_and_sizes_only()
    {
        Assert.Equal("DepositRequest(epoch 7, blob 4096 bytes)", new DepositRequest(Filled(32, 0xAA), 7, 9, new byte[4096]).ToString());
        Assert.Equal("FetchRequest(2 tokens)", new FetchRequest([Filled(32, 1), Filled(32, 2)]).ToString());
        Assert.Equal("ConfirmRequest(3 blob ids)", new ConfirmRequest([Filled(16, 1), Filled(16, 2), Filled(16, 3)]).ToString());
        Assert.Equal("FetchResponse(2 blobs)", new FetchResponse([Blob(1, 1024), Blob(2, 1024)]).ToString());
        Assert.Equal("FetchResponse(0 blobs)", FetchResponse.Empty.ToString());
        Assert.Equal("FetchedBlob(1024 bytes)", Blob(3, 1024).ToString());
    }

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    private static FetchedBlob Blob(int id, int length)
    {
        var blobId = new byte[RelayLimits.BlobIdSize];
        BinaryPrimitives.WriteInt32BigEndian(blobId, id);
        return new FetchedBlob(blobId, Filled(32, 0x42), new byte[length]);
    }
}
