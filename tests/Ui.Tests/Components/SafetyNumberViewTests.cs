using Bunit;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Ui.Blazor.Components.Pages;
using Pvtcoms.Ui.Blazor.Components.Shared;

namespace Pvtcoms.Ui.Tests.Components;

public sealed class SafetyNumberViewTests : ComponentTest
{
    private static SafetyNumber Number()
    {
        using var a = IdentityKeyPair.Generate(SystemEntropy.Instance);
        using var b = IdentityKeyPair.Generate(SystemEntropy.Instance);
        return SafetyNumber.Compute(a.PublicKey, b.PublicKey);
    }

    [Fact]
    public void The_view_shows_the_twelve_digit_groups_and_sixteen_emoji_of_the_number()
    {
        var number = Number();

        var cut = Render<SafetyNumberView>(p => p.Add(v => v.Number, number));

        var groups = cut.FindAll("[data-testid=safety-digits] li").Select(li => li.TextContent).ToList();
        Assert.Equal(number.DigitGroups, groups);
        var emoji = cut.FindAll("[data-testid=safety-emoji] li");
        Assert.Equal(SafetyNumber.EmojiCount, emoji.Count);
        Assert.Equal(number.Emoji, string.Join(' ', emoji.Select(li => li.TextContent)));
        Assert.Equal(number.EmojiNames, cut.Find("[data-testid=safety-emoji]").GetAttribute("aria-label"));
    }

    [Fact]
    public void Typed_digits_that_match_say_so()
    {
        var number = Number();
        var cut = Render<SafetyNumberView>(p => p.Add(v => v.Number, number));

        cut.Find("#typed-digits").Change(number.Digits.Replace(' ', '-'));
        cut.Find("form").Submit();

        Assert.Contains("match", cut.Find(".compare-result").ClassList);
    }

    [Fact]
    public void Typed_digits_that_differ_warn_not_to_verify()
    {
        var number = Number();
        var wrong = (number.Digits[0] == '1' ? "2" : "1") + number.Digits[1..];
        var cut = Render<SafetyNumberView>(p => p.Add(v => v.Number, number));

        cut.Find("#typed-digits").Change(wrong);
        cut.Find("form").Submit();

        Assert.Contains("mismatch", cut.Find(".compare-result").ClassList);
        Assert.Equal("alert", cut.Find(".compare-result").GetAttribute("role"));
    }

    [Fact]
    public void Mark_verified_verifies_the_contact_and_clears_a_key_change()
    {
        var bob = Session.AddContact("bob", verified: true);
        Session.SimulateKeyChange(bob);
        var cut = Render<Safety>(p => p.Add(s => s.Id, bob.Value));
        Assert.Single(cut.FindAll("[data-testid=key-changed-warning]"));

        cut.Find("[data-testid=mark-verified]").Click();

        var contact = Session.Contact(bob)!;
        Assert.True(contact.Verified);
        Assert.False(contact.KeyChanged);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=verified-note]")));
        Assert.Empty(cut.FindAll("[data-testid=mark-verified]"));
        Assert.Empty(cut.FindAll("[data-testid=key-changed-warning]"));
    }
}
