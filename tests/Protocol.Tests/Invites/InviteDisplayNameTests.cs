using System.Text;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Protocol.Tests.Invites;

public sealed class InviteDisplayNameTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Ana")]
    [InlineData("Zoë 李 🙂")]
    public void Ordinary_names_are_valid(string name)
    {
        Assert.True(InviteDisplayName.IsValid(name));
        Assert.Equal(name, InviteDisplayName.Parse(Encoding.UTF8.GetBytes(name)).Value);
    }

    [Fact]
    public void Sixty_four_bytes_are_allowed_and_sixty_five_are_not()
    {
        Assert.True(InviteDisplayName.IsValid(new string('a', 64)));
        Assert.False(InviteDisplayName.IsValid(new string('a', 65)));
        Assert.False(InviteDisplayName.IsValid(string.Concat(Enumerable.Repeat("李", 22)))); // 66 bytes, 22 chars
        Assert.True(InviteDisplayName.IsValid(string.Concat(Enumerable.Repeat("李", 21))));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("a\u0085b")]
    [InlineData("a\u202Eb")]
    [InlineData("a\u2066b")]
    [InlineData("a\u200Fb")]
    public void Control_bidi_and_broken_characters_are_refused(string name)
    {
        Assert.False(InviteDisplayName.IsValid(name));
    }

    [Fact]
    public void Lone_surrogate_is_refused()
    {
        Assert.False(InviteDisplayName.IsValid(new string('\uD800', 1)));
        Assert.False(InviteDisplayName.IsValid("a" + '\uDC00'));
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        Assert.Equal(ProtocolError.InvalidDisplayName, InviteDisplayName.Parse([0xFF]).Error);
        Assert.Equal(ProtocolError.InvalidDisplayName, InviteDisplayName.Parse([0xED, 0xA0, 0x80]).Error);
        Assert.Equal(ProtocolError.InvalidDisplayName, InviteDisplayName.Parse([0xC0, 0xAF]).Error);
    }
}
