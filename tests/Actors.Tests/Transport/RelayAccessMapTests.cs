using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Tests.Transport;

public sealed class RelayAccessMapTests
{
    private static readonly RelayEndpoint s_own = RelayEndpoint.Parse("127.0.0.1:7401").Value;
    private static readonly RelayEndpoint s_failover = RelayEndpoint.Parse("127.0.0.1:7402").Value;
    private static readonly RelayEndpoint s_contact = RelayEndpoint.Parse("127.0.0.1:7403").Value;

    [Fact]
    public void The_own_relay_gets_its_key_the_failover_its_own_and_a_contacts_relay_none()
    {
        var map = new RelayAccessMap(11, s_own, "own-key", s_failover, "second-key");

        Assert.Equal(new RelayAccess(11, "own-key"), map.For(RelayEndpoint.Parse("127.0.0.1:7401").Value));
        Assert.Equal(new RelayAccess(11, "second-key"), map.For(s_failover));
        Assert.Equal(new RelayAccess(11), map.For(s_contact));
        Assert.Same(map.Own, map.For(s_own));
        Assert.Same(map.Failover, map.For(s_failover));
    }

    [Fact]
    public void Without_a_failover_every_other_relay_is_a_contacts_relay()
    {
        var map = new RelayAccessMap(5, s_own, null);

        Assert.Equal(new RelayAccess(5), map.For(s_own));
        Assert.Equal(new RelayAccess(5), map.For(s_failover));
        Assert.Null(map.Failover.AccessKey);
    }

    [Fact]
    public void A_failover_key_without_a_failover_relay_is_a_caller_bug()
    {
        var error = Assert.Throws<ArgumentException>(() => new RelayAccessMap(5, s_own, null, null, "stray"));
        Assert.Equal("failoverKey", error.ParamName);
    }

    [Fact]
    public void The_map_never_shows_a_key()
    {
        var map = new RelayAccessMap(5, s_own, "own-secret-key", s_failover, "second-secret-key");

        Assert.DoesNotContain("secret", map.For(s_own).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", map.ToString(), StringComparison.Ordinal);
    }
}
