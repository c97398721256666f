using System.Security.Cryptography;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Actors.Tor.Profile;

/// <summary>
/// The profile's own onion service identity (ADR 0065): a 32-byte Ed25519 seed kept as a setting of the profile's
/// sealed store (sealed under the device key like every row), made on first use and never replaced, so the profile's
/// address is the same after every restart. A stored seed of the wrong size is an error, never a reason to make a new
/// one (a new key would silently move the profile to a new address and strand its contacts).
/// </summary>
public static class ProfileOnionKey
{
    /// <summary>The store setting holding the seed.</summary>
    public const string SettingName = "tor/profile-onion-seed";

    /// <summary>The profile's onion key: loaded from the store, or generated from <paramref name="entropy"/> and stored.</summary>
    /// <exception cref="ProfileOnionKeyDamagedException">The stored seed is not 32 bytes.</exception>
    public static OnionServiceKey LoadOrCreate(IClientStore store, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(entropy);
        var stored = store.LoadSetting(SettingName);
        if (stored is not null)
        {
            try
            {
                return stored.Length == OnionServiceKey.SeedLength
                    ? OnionServiceKey.FromSeed(stored)
                    : throw new ProfileOnionKeyDamagedException();
            }
            finally
            {
                CryptographicOperations.ZeroMemory(stored);
            }
        }

        var seed = new byte[OnionServiceKey.SeedLength];
        try
        {
            OnionServiceKey.GenerateSeed(entropy, seed);
            store.SaveSetting(SettingName, seed);
            return OnionServiceKey.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The profile's address if it has an onion key already (null otherwise); nothing is created.</summary>
    public static OnionAddress? ExistingAddress(IClientStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = store.LoadSetting(SettingName);
        if (stored is null)
        {
            return null;
        }

        try
        {
            if (stored.Length != OnionServiceKey.SeedLength)
            {
                throw new ProfileOnionKeyDamagedException();
            }

            using var key = OnionServiceKey.FromSeed(stored);
            return key.Address;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stored);
        }
    }
}
