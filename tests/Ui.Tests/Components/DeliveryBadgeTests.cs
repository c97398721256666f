using Bunit;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Ui.Blazor.Components.Shared;

namespace Pvtcoms.Ui.Tests.Components;

public sealed class DeliveryBadgeTests : ComponentTest
{
    [Theory]
    [InlineData(DeliveryState.Queued, "queued", "queued")]
    [InlineData(DeliveryState.AtRelay, "at relay", "at-relay")]
    [InlineData(DeliveryState.Delivered, "delivered", "delivered")]
    [InlineData(DeliveryState.Read, "read", "read")]
    [InlineData(DeliveryState.Failed, "not sent", "failed")]
    public void Each_outgoing_state_shows_its_own_label_and_class(DeliveryState state, string label, string css)
    {
        var cut = Render<DeliveryBadge>(p => p.Add(b => b.State, state));

        var badge = cut.Find("span.delivery");
        Assert.Equal(label, badge.TextContent);
        Assert.Equal(css, badge.GetAttribute("data-state"));
        Assert.Contains($"delivery-{css}", badge.ClassList);
        Assert.False(string.IsNullOrEmpty(badge.GetAttribute("title")));
    }

    [Fact]
    public void An_incoming_message_shows_no_delivery_badge()
    {
        var cut = Render<DeliveryBadge>(p => p.Add(b => b.State, DeliveryState.Received));

        Assert.Empty(cut.FindAll("span"));
    }

    [Fact]
    public void Every_state_has_a_distinct_label()
    {
        var labels = Enum.GetValues<DeliveryState>().Select(DeliveryBadge.Label).ToList();

        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.DoesNotContain("unknown", labels);
    }
}
