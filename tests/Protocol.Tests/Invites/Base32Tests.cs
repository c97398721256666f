using System.Text;
using Pvtcoms.Protocol.DirectoryRecords;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Protocol.Tests.Invites;

public sealed class Base32Tests
{
    // RFC 4648 §10, lowercased and without padding.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "my")]
    [InlineData("fo", "mzxq")]
    [InlineData("foo", "mzxw6")]
    [InlineData("foob", "mzxw6yq")]
    [InlineData("fooba", "mzxw6ytb")]
    [InlineData("foobar", "mzxw6ytboi")]
    public void Rfc_4648_vectors_encode_and_decode(string data, string text)
    {
        Assert.Equal(text, Base32.Encode(Encoding.ASCII.GetBytes(data)));
        Assert.True(Base32.TryDecode(text, out var decoded));
        Assert.Equal(data, Encoding.ASCII.GetString(decoded));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("abc")]
    [InlineData("abcdef")]
    [InlineData("mz")]
    [InlineData("mzxw6yr")]
    [InlineData("MZXQ")]
    [InlineData("mzx=")]
    [InlineData("mz1q")]
    public void Impossible_lengths_non_canonical_tails_and_foreign_characters_are_refused(string text)
    {
        Assert.False(Base32.TryDecode(text, out _));
    }

    [Fact]
    public void Bounds_in_the_spec_match_the_code()
    {
        Assert.Equal(8554, Invite.MaxEncodedPayloadLength);
        Assert.Equal(13696, Invite.MaxTextLength);
        Assert.Equal(45, Invite.MinEncodedPayloadLength);
        Assert.Equal(8636, DirectoryRecord.MaxSealedLength);
    }
}
