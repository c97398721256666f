using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class ClientRelaySettingsTests
{
    private const string OnionA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.onion";
    private const string OnionB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.onion:80";

    private static RelayEndpoint Relay(string address) => RelayEndpoint.Parse(address).Value;

    private static StoredRelayChoice Stored => new(Relay("127.0.0.1:9000"), RelayAccessSecret.TryParse("stored-key"));

    [Fact]
    public void The_environment_wins_over_everything()
    {
        using var env = new FakeProfileEnvironment().With("PVTCOMS_RELAY", OnionA).With("PVTCOMS_RELAY_KEY", "env-key");
        var sidecar = RelaySidecar.Parse($"relay={OnionB}\nkey=side-key\n").Value;

        var settings = ClientRelaySettings.Resolve(env, sidecar, Stored).Value;

        Assert.Equal(Relay(OnionA), settings.Primary);
        Assert.Equal(RelaySettingSource.Environment, settings.PrimarySource);
        Assert.Equal("env-key", settings.Key!.Value);
        Assert.True(settings.IsExplicit);
    }

    [Fact]
    public void The_sidecar_comes_next_and_is_not_explicit()
    {
        using var env = new FakeProfileEnvironment();
        var sidecar = RelaySidecar.Parse($"relay={OnionB}\nkey=side-key\npow=12\n").Value;

        var settings = ClientRelaySettings.Resolve(env, sidecar, Stored).Value;

        Assert.Equal(Relay(OnionB), settings.Primary);
        Assert.Equal(RelaySettingSource.Sidecar, settings.PrimarySource);
        Assert.Equal("side-key", settings.Key!.Value);
        Assert.Equal(12, settings.PowDifficulty);
        Assert.False(settings.IsExplicit);
    }

    [Fact]
    public void The_stored_choice_comes_after_the_sidecar_and_is_explicit()
    {
        using var env = new FakeProfileEnvironment();

        var settings = ClientRelaySettings.Resolve(env, RelaySidecar.Empty, Stored).Value;

        Assert.Equal(Relay("127.0.0.1:9000"), settings.Primary);
        Assert.Equal(RelaySettingSource.StoredChoice, settings.PrimarySource);
        Assert.Equal("stored-key", settings.Key!.Value);
        Assert.True(settings.IsExplicit);
    }

    [Fact]
    public void With_nothing_configured_the_embedded_default_is_used()
    {
        using var env = new FakeProfileEnvironment();

        var settings = ClientRelaySettings.Resolve(env, RelaySidecar.Empty, null).Value;

        Assert.Equal("127.0.0.1:7470", settings.Primary.Address);
        Assert.Equal(RelaySettingSource.Default, settings.PrimarySource);
        Assert.Null(settings.Key);
        Assert.Equal(ClientRelaySettings.DefaultPowDifficulty, settings.PowDifficulty);
        Assert.False(settings.IsExplicit);
    }

    [Fact]
    public void A_key_is_only_sent_to_the_relay_of_its_own_source()
    {
        using var env = new FakeProfileEnvironment().With("PVTCOMS_RELAY", OnionA);
        var sidecar = RelaySidecar.Parse($"relay={OnionB}\nkey=side-key\nrelay2=127.0.0.1:7471\n").Value;

        var settings = ClientRelaySettings.Resolve(env, sidecar, Stored).Value;

        Assert.Null(settings.Key);
        Assert.Null(settings.KeyFor(Relay(OnionA)));
        Assert.Equal("side-key", settings.KeyFor(Relay("127.0.0.1:7471"))!.Value);
        Assert.Null(settings.KeyFor(Relay(OnionB)));
    }

    [Fact]
    public void A_relay_key_in_the_environment_without_a_relay_is_an_error_naming_it()
    {
        using var env = new FakeProfileEnvironment().With("PVTCOMS_RELAY_KEY", "lonely-key");

        var result = ClientRelaySettings.Resolve(env, RelaySidecar.Empty, Stored);

        Assert.Equal(ProfileError.InvalidSetting, result.Error);
        Assert.Equal("PVTCOMS_RELAY_KEY", result.Setting);
        Assert.DoesNotContain("lonely", result.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PVTCOMS_RELAY", "example.com:80")]
    [InlineData("PVTCOMS_RELAY", "10.0.0.1:7470")]
    [InlineData("PVTCOMS_RELAY", "127.0.0.1")]
    [InlineData("PVTCOMS_RELAY_KEY", "has space")]
    public void A_malformed_environment_value_names_the_variable_never_the_value(string variable, string value)
    {
        using var env = new FakeProfileEnvironment().With(variable, value);
        if (variable == "PVTCOMS_RELAY_KEY")
        {
            env.With("PVTCOMS_RELAY", OnionA);
        }

        var result = ClientRelaySettings.Resolve(env, RelaySidecar.Empty, null);

        Assert.Equal(ProfileError.InvalidSetting, result.Error);
        Assert.Equal(variable, result.Setting);
        Assert.DoesNotContain(value, result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sidecar_is_read_from_next_to_the_executable()
    {
        using var env = new FakeProfileEnvironment();
        File.WriteAllText(Path.Combine(env.ExecutableDirectory, "pvtcoms.conf"), $"# our relay\nrelay = {OnionB}\nlisten=0.0.0.0:1\n");

        var settings = ClientRelaySettings.Resolve(env, null).Value;

        Assert.Equal(Relay(OnionB), settings.Primary);
        Assert.Equal(RelaySettingSource.Sidecar, settings.PrimarySource);
    }

    [Fact]
    public void A_missing_sidecar_is_empty()
    {
        using var env = new FakeProfileEnvironment();

        Assert.Equal(RelaySidecar.Empty, RelaySidecar.Load(env.ExecutableDirectory).Value);
    }

    [Fact]
    public void Comments_blank_lines_and_unknown_keys_are_ignored()
    {
        var sidecar = RelaySidecar.Parse("# comment\r\n\r\nlisten=0.0.0.0:9\nexpiry_days=3\nfuture_key=whatever\nrelay2=127.0.0.1:7471\r\n").Value;

        Assert.Null(sidecar.Relay);
        Assert.Equal(Relay("127.0.0.1:7471"), sidecar.Relay2);
    }

    [Theory]
    [InlineData("relay=http://example.com:80\n", "pvtcoms.conf: relay")]
    [InlineData("relay=\n", "pvtcoms.conf: relay")]
    [InlineData("relay2=not-a-relay\n", "pvtcoms.conf: relay2")]
    [InlineData("pow=33\n", "pvtcoms.conf: pow")]
    [InlineData("pow=-1\n", "pvtcoms.conf: pow")]
    [InlineData("pow=ten\n", "pvtcoms.conf: pow")]
    [InlineData("relay=127.0.0.1:1\nkey=two words\n", "pvtcoms.conf: key")]
    [InlineData("key=orphan-key\n", "pvtcoms.conf: key")]
    [InlineData("relay=127.0.0.1:1\nrelay=127.0.0.1:2\n", "pvtcoms.conf: relay")]
    [InlineData("# fine\njust some words\n", "pvtcoms.conf: line 2")]
    public void A_malformed_sidecar_names_the_setting_never_the_value(string text, string setting)
    {
        var result = RelaySidecar.Parse(text);

        Assert.Equal(ProfileError.InvalidSetting, result.Error);
        Assert.Equal(setting, result.Setting);
        Assert.DoesNotContain("example.com", result.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("orphan", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_sidecar_file_stops_resolution()
    {
        using var env = new FakeProfileEnvironment();
        File.WriteAllText(Path.Combine(env.ExecutableDirectory, "pvtcoms.conf"), "relay2=nope\n");

        var result = ClientRelaySettings.Resolve(env, Stored);

        Assert.Equal(ProfileError.InvalidSetting, result.Error);
        Assert.Equal("pvtcoms.conf: relay2", result.Setting);
    }

    [Fact]
    public void An_access_secret_prints_nothing_of_itself()
    {
        var settings = new ClientRelaySettings(Relay(OnionA), RelaySettingSource.Environment, RelayAccessSecret.TryParse("top-secret-value"), 18, null, null);

        Assert.DoesNotContain("top-secret", settings.ToString(), StringComparison.Ordinal);
    }
}
