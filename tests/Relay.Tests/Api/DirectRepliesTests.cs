using Akka.Actor;
using Akka.TestKit.Xunit2;
using Pvtcoms.Relay.Service;

namespace Pvtcoms.Relay.Tests.Api;

public sealed class DirectRepliesTests : TestKit
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message is string text ? text.ToUpperInvariant() : message));
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    [Fact]
    public async Task The_first_reply_completes_the_request()
    {
        using var replies = new DirectReplies(Sys, TimeSpan.FromMinutes(1));
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Assert.Equal("DEPOSIT", await replies.AskAsync(echo, "deposit"));
        Assert.Equal("FETCH", await replies.AskAsync(echo, "fetch"));
    }

    [Fact]
    public async Task A_request_without_a_reply_is_answered_timed_out_by_the_sweep_and_answered_requests_leave_the_queue()
    {
        using var replies = new DirectReplies(Sys, TimeSpan.Zero);
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));
        var waiting = replies.AskAsync(silent, "deposit");
        replies.Sweep();
        Assert.Same(DirectReplies.TimedOut, await waiting);
        Assert.Equal(0, replies.Pending);
    }

    [Fact]
    public async Task A_late_reply_after_the_deadline_changes_nothing()
    {
        using var replies = new DirectReplies(Sys, TimeSpan.Zero);
        var probe = CreateTestProbe();
        var waiting = replies.AskAsync(probe.Ref, "deposit");
        probe.ExpectMsg("deposit");
        replies.Sweep();
        probe.LastSender.Tell("too late");
        Assert.Same(DirectReplies.TimedOut, await waiting);
    }

    [Fact]
    public async Task Disposing_answers_every_waiting_request()
    {
        var replies = new DirectReplies(Sys, TimeSpan.FromMinutes(1));
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));
        var waiting = replies.AskAsync(silent, "deposit");
        replies.Dispose();
        Assert.Same(DirectReplies.TimedOut, await waiting);
    }
}
