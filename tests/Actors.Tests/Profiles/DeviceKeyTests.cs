using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class DeviceKeyTests
{
    [Fact]
    public void A_device_key_prints_nothing_of_itself()
    {
        using var key = DeviceKey.Generate(new CountingEntropy(0xA0));
        var hex = Convert.ToHexString(key.Bytes);

        Assert.DoesNotContain(hex[..8], key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("A0A1", key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("DeviceKey(redacted)", key.ToString());
    }

    [Fact]
    public void A_disposed_device_key_can_no_longer_be_read()
    {
        var key = DeviceKey.Generate(new CountingEntropy(1));
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Bytes.ToArray());
    }

    [Fact]
    public void Dispose_zeroes_the_key_bytes()
    {
        var key = DeviceKey.Generate(new CountingEntropy(1));
        var field = typeof(DeviceKey).GetField("_key", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var buffer = (byte[])field.GetValue(key)!;
        Assert.Contains(buffer, b => b != 0);

        key.Dispose();

        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_passphrase_prints_nothing_and_is_zeroed_on_dispose()
    {
        var passphrase = Passphrase.FromString("correct horse");
        var field = typeof(Passphrase).GetField("_utf8", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var buffer = (byte[])field.GetValue(passphrase)!;

        Assert.DoesNotContain("horse", passphrase.ToString(), StringComparison.Ordinal);
        passphrase.Dispose();
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Keys_compare_by_value()
    {
        using var a = DeviceKey.Generate(new CountingEntropy(7));
        using var b = DeviceKey.Generate(new CountingEntropy(7));
        using var c = DeviceKey.Generate(new CountingEntropy(8));

        Assert.True(a.KeyEquals(b));
        Assert.False(a.KeyEquals(c));
    }
}
