using Pvtcoms.Actors.Tests.Storage.Support;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Actors.Tor.Profile;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Actors.Tests.Tor.Profile;

/// <summary>Issue 5 point 2 for profiles: the onion key is made once, kept sealed in the store, and gives the same address after a restart.</summary>
public sealed class ProfileOnionKeyTests : IDisposable
{
    private readonly StoreDirectory _stores = new();

    [Fact]
    public void The_profile_keeps_its_onion_address_when_the_store_is_closed_and_opened_again()
    {
        OnionAddress first;
        using (var store = _stores.Open())
        using (var key = ProfileOnionKey.LoadOrCreate(store, SystemEntropy.Instance))
        {
            first = key.Address;
        }

        using (var reopened = _stores.Open())
        using (var again = ProfileOnionKey.LoadOrCreate(reopened, SystemEntropy.Instance))
        {
            Assert.Equal(first, again.Address);
            Assert.Equal(first, ProfileOnionKey.ExistingAddress(reopened));
        }
    }

    [Fact]
    public void The_onion_seed_is_not_readable_in_the_database_files()
    {
        byte[] seed;
        using (var store = _stores.Open())
        {
            using var key = ProfileOnionKey.LoadOrCreate(store, SystemEntropy.Instance);
            seed = store.LoadSetting(ProfileOnionKey.SettingName)!;
        }

        Assert.Equal(OnionServiceKey.SeedLength, seed.Length);
        foreach (var (file, bytes) in _stores.RawFiles())
        {
            Assert.True(bytes.AsSpan().IndexOf(seed) < 0, $"the onion seed appears in plaintext in {file}");
        }
    }

    [Fact]
    public void A_second_load_does_not_draw_new_entropy_or_replace_the_key()
    {
        var store = new InMemoryClientStore();
        using var first = ProfileOnionKey.LoadOrCreate(store, SystemEntropy.Instance);
        var stored = store.LoadSetting(ProfileOnionKey.SettingName);

        using var second = ProfileOnionKey.LoadOrCreate(store, new RefusingEntropy());

        Assert.Equal(first.Address, second.Address);
        Assert.Equal(stored, store.LoadSetting(ProfileOnionKey.SettingName));
    }

    [Fact]
    public void A_damaged_seed_is_refused_and_left_as_it_is()
    {
        var store = new InMemoryClientStore();
        store.SaveSetting(ProfileOnionKey.SettingName, new byte[31]);

        Assert.Throws<ProfileOnionKeyDamagedException>(() => ProfileOnionKey.LoadOrCreate(store, SystemEntropy.Instance));
        Assert.Throws<ProfileOnionKeyDamagedException>(() => ProfileOnionKey.ExistingAddress(store));
        Assert.Equal(new byte[31], store.LoadSetting(ProfileOnionKey.SettingName));
    }

    [Fact]
    public void A_profile_without_an_onion_key_has_no_address_and_none_is_made_by_asking()
    {
        var store = new InMemoryClientStore();

        Assert.Null(ProfileOnionKey.ExistingAddress(store));
        Assert.Null(store.LoadSetting(ProfileOnionKey.SettingName));
    }

    public void Dispose() => _stores.Dispose();

    private sealed class RefusingEntropy : IEntropy
    {
        public void Fill(Span<byte> destination) => throw new InvalidOperationException("no new key may be made");
    }
}
