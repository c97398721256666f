using System.Net;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Configuration;

public sealed class RelayConfigLoaderTests
{
    [Fact]
    public void Environment_variables_win_over_the_conf_file_and_client_keys_are_ignored()
    {
        using var directory = new TempDirectory();
        var conf = Path.Combine(directory.Path, "pvtcoms.conf");
        File.WriteAllLines(conf, ["# relay", "relay=http://example.onion", "relay2=http://other.onion", "pow=12", "key=from-file", "listen=127.0.0.1:9000", "expiry_days=7"]);
        var env = new Dictionary<string, string?> { ["PVTCOMS_RELAY_POW"] = "20", ["PVTCOMS_RELAY_DATA_DIR"] = directory.Path };

        var options = RelayConfigLoader.Load(env, conf).Options!;

        Assert.Equal(20, options.PowDifficulty);
        Assert.Equal(7, options.ExpiryDays);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9000), options.Listen);
        Assert.Equal(directory.Path, options.DataDirectory);
        Assert.True(options.AccessKey!.Matches("from-file"));
    }

    [Fact]
    public void Without_configuration_the_relay_listens_on_loopback_with_defaults()
    {
        var options = RelayConfigLoader.Load(new Dictionary<string, string?> { ["PVTCOMS_DATA_DIR"] = "/tmp/pvtcoms-x" }, null).Options!;

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, RelayOptions.DefaultPort), options.Listen);
        Assert.Equal(14, options.ExpiryDays);
        Assert.Null(options.AccessKey);
        Assert.Equal(Path.Combine("/tmp/pvtcoms-x", "relay"), options.DataDirectory);
    }

    [Fact]
    public void Inline_socket_scheduling_is_on_by_default_and_can_be_turned_off()
    {
        var defaults = RelayConfigLoader.Load(new Dictionary<string, string?> { ["PVTCOMS_DATA_DIR"] = "/tmp/pvtcoms-x" }, null).Options!;
        var off = RelayConfigLoader.Load(new Dictionary<string, string?> { ["PVTCOMS_DATA_DIR"] = "/tmp/pvtcoms-x", ["PVTCOMS_RELAY_INLINE_SOCKETS"] = "0" }, null).Options!;

        Assert.True(defaults.InlineSocketScheduling);
        Assert.False(off.InlineSocketScheduling);
    }

    [Theory]
    [InlineData("PVTCOMS_RELAY_POW", "33", "pow")]
    [InlineData("PVTCOMS_RELAY_POW", "-1", "pow")]
    [InlineData("PVTCOMS_RELAY_LISTEN", "localhost", "listen")]
    [InlineData("PVTCOMS_RELAY_EXPIRY_DAYS", "0", "expiry_days")]
    [InlineData("PVTCOMS_RELAY_MAX_STORED_BYTES", "lots", "max_stored_bytes")]
    [InlineData("PVTCOMS_RELAY_INLINE_SOCKETS", "yes", "inline_sockets")]
    public void A_value_that_does_not_parse_is_an_error_naming_the_setting_not_the_value(string variable, string value, string setting)
    {
        var result = RelayConfigLoader.Load(new Dictionary<string, string?> { [variable] = value }, null);

        Assert.Null(result.Options);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith(setting, error, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error[setting.Length..], StringComparison.Ordinal);
    }
}
