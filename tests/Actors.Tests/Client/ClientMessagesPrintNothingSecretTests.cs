using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Tests.Client;

public sealed class ClientMessagesPrintNothingSecretTests
{
    private const string Secret = "meet me at the old bridge";

    [Fact]
    public void Commands_events_and_options_print_neither_text_nor_tokens_nor_keys()
    {
        var token = Enumerable.Repeat((byte)0xAB, 32).ToArray();
        var hex = Convert.ToHexString(token);
        var contact = ContactId.New();
        var printed = new object[]
        {
            new SendText(contact, Secret),
            new AcceptInvite("pvtcoms1:" + Secret, Secret, Secret),
            new AddFromDirectory(token, "127.0.0.1:1", Secret, Secret),
            new IncomingBlob(new TokenRoute.Intro(hex), token, token),
            new PollToken(token, new TokenRoute.Intro(hex)),
            new TokensChanged(1, [new PollToken(token, new TokenRoute.Intro(hex))]),
            new BlobHandled(BlobResult.Committed, token),
            new SendRotation(contact, token),
            new ClientNodeOptions
            {
                Store = new InMemoryClientStore(),
                OwnRelay = RelayEndpoint.Parse("127.0.0.1:7000").Value,
                OwnRelayAccessKey = Secret,
                DisplayName = Secret,
            },
            new Pvtcoms.Actors.Transport.RelayAccess(4, Secret),
        }.Select(o => o.ToString()!).ToList();

        Assert.All(printed, text =>
        {
            Assert.DoesNotContain("bridge", text, StringComparison.Ordinal);
            Assert.DoesNotContain(hex[..16], text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AB, AB", text, StringComparison.Ordinal);
        });
    }
}
