using Bunit;
using Pvtcoms.Ui.Blazor.Components.Shared;
using Pvtcoms.Ui.Blazor.Engine;

namespace Pvtcoms.Ui.Tests.Components;

public sealed class ContactListTests : ComponentTest
{
    [Fact]
    public async Task Unread_counts_and_badges_are_shown_per_contact()
    {
        var bob = Session.AddContact("bob", verified: true, unread: 3);
        Session.AddContact("carol");
        var dave = Session.AddContact("dave", verified: true, unread: 250);
        Session.SimulateKeyChange(dave);
        var contacts = await Session.GetContactsAsync(default);

        var cut = Render<ContactList>(p => p.Add(c => c.Contacts, contacts).Add(c => c.Selected, bob));

        var items = cut.FindAll("li.contact");
        Assert.Equal(3, items.Count);

        Assert.Equal("bob", items[0].QuerySelector(".contact-name")!.TextContent);
        Assert.Equal("3", items[0].QuerySelector(".unread")!.TextContent);
        Assert.Equal("3 unread messages", items[0].QuerySelector(".unread")!.GetAttribute("aria-label"));
        Assert.NotNull(items[0].QuerySelector(".badge-verified"));
        Assert.Equal("page", items[0].QuerySelector("a")!.GetAttribute("aria-current"));
        Assert.Equal($"/chat/{bob.Value:D}", items[0].QuerySelector("a")!.GetAttribute("href"));

        Assert.Null(items[1].QuerySelector(".unread"));
        Assert.Null(items[1].QuerySelector(".badge"));
        Assert.Null(items[1].QuerySelector("a")!.GetAttribute("aria-current"));

        // A changed key outranks "verified" (the verification was of the old key) and the count is capped.
        Assert.NotNull(items[2].QuerySelector(".badge-danger"));
        Assert.Null(items[2].QuerySelector(".badge-verified"));
        Assert.Equal("99+", items[2].QuerySelector(".unread")!.TextContent);
    }

    [Fact]
    public void No_contacts_shows_the_way_to_invite()
    {
        var cut = Render<ContactList>(p => p.Add(c => c.Contacts, Array.Empty<ContactView>()));

        Assert.Equal("/invite", cut.Find(".empty a").GetAttribute("href"));
    }

    [Fact]
    public void A_contact_name_with_markup_is_shown_as_text()
    {
        Session.AddContact("<b onmouseover=alert(1)>mallory</b>");
        var contacts = Session.Contacts();

        var cut = Render<ContactList>(p => p.Add(c => c.Contacts, contacts));

        Assert.Equal("<b onmouseover=alert(1)>mallory</b>", cut.Find(".contact-name").TextContent);
        Assert.Empty(cut.FindAll(".contact-name b"));
    }

    [Fact]
    public void The_live_list_follows_the_session()
    {
        var cut = Render<LiveContactList>();
        Assert.Empty(cut.FindAll("li.contact"));

        Session.AddContact("bob", unread: 1);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("li.contact")));
        Assert.Equal("1", cut.Find(".unread").TextContent);
    }
}
