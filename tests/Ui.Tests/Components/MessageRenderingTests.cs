using Bunit;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Ui.Blazor.Components.Pages;
using Pvtcoms.Ui.Blazor.Components.Shared;

namespace Pvtcoms.Ui.Tests.Components;

/// <summary>Message text is only ever rendered as text (boundary L): markup in a message stays characters.</summary>
public sealed class MessageRenderingTests : ComponentTest
{
    [Theory]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>")]
    [InlineData("&lt;b&gt; already escaped &amp;")]
    [InlineData("\"><svg onload=alert(1)>")]
    public void Hostile_message_text_is_rendered_as_its_characters(string text)
    {
        var message = new MessageRecord
        {
            Id = MessageId.New(),
            Contact = ContactId.New(),
            Direction = MessageDirection.Incoming,
            Sequence = 1,
            Timestamp = DateTimeOffset.UnixEpoch,
            Text = text,
            State = DeliveryState.Received,
        };

        var cut = Render<MessageView>(p => p.Add(m => m.Message, message));

        var paragraph = cut.Find(".message-text");
        Assert.Equal(text, paragraph.TextContent);
        Assert.Empty(paragraph.Children);
        Assert.Empty(cut.FindAll("img, script, svg, a"));
    }

    [Fact]
    public void The_chat_page_renders_a_received_xss_attempt_inert()
    {
        var bob = Session.AddContact("bob");
        Session.AddMessage(bob, MessageDirection.Incoming, "<img src=x onerror=alert(1)>", DeliveryState.Received);

        var cut = Render<Chat>(p => p.Add(c => c.Id, bob.Value));

        Assert.Equal("<img src=x onerror=alert(1)>", cut.Find(".message-text").TextContent);
        Assert.Empty(cut.FindAll("img"));
    }

    [Fact]
    public void A_failed_message_shows_a_clear_failure()
    {
        var bob = Session.AddContact("bob");
        Session.AddMessage(bob, MessageDirection.Outgoing, "did not make it", DeliveryState.Failed);

        var cut = Render<Chat>(p => p.Add(c => c.Id, bob.Value));

        Assert.Contains("failed", cut.Find("li.message").ClassList);
        Assert.Contains("Not delivered", cut.Find(".message-failure").TextContent, StringComparison.Ordinal);
        Assert.Equal("not sent", cut.Find(".delivery").TextContent);
    }

    [Fact]
    public void A_changed_key_puts_a_red_warning_on_the_chat()
    {
        var bob = Session.AddContact("bob", verified: true);
        var cut = Render<Chat>(p => p.Add(c => c.Id, bob.Value));
        Assert.Empty(cut.FindAll("[data-testid=key-changed-warning]"));

        Session.SimulateKeyChange(bob);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=key-changed-warning]")));
        Assert.Equal("alert", cut.Find(".key-warning").GetAttribute("role"));
        Assert.Equal($"/contact/{bob.Value:D}/safety", cut.Find(".key-warning a").GetAttribute("href"));
    }

    [Fact]
    public void Opening_a_chat_marks_its_messages_read()
    {
        var bob = Session.AddContact("bob", unread: 2);

        Render<Chat>(p => p.Add(c => c.Id, bob.Value));

        Assert.Equal(0, Session.Contact(bob)!.UnreadCount);
    }

    [Fact]
    public void Sending_from_the_composer_queues_the_message()
    {
        var bob = Session.AddContact("bob");
        var cut = Render<Chat>(p => p.Add(c => c.Id, bob.Value));

        cut.Find("#message-text").Change("hello bob");
        cut.Find("form.composer").Submit();

        var sent = Assert.Single(Session.History(bob));
        Assert.Equal("hello bob", sent.Text);
        Assert.Equal(MessageDirection.Outgoing, sent.Direction);
        cut.WaitForAssertion(() => Assert.Equal("hello bob", cut.Find(".message-text").TextContent));
        Assert.Equal("", cut.Find("#message-text").GetAttribute("value") ?? "");
    }
}
