namespace Pvtcoms.Actors.Tor.Profile;

/// <summary>The profile's stored onion seed has the wrong size (restore the profile from a backup). Says nothing about the key.</summary>
public sealed class ProfileOnionKeyDamagedException : Exception
{
    public ProfileOnionKeyDamagedException()
        : base("The profile's onion service key is damaged; restore the profile from a backup (a new key would change its address).")
    {
    }

    public ProfileOnionKeyDamagedException(string message)
        : base(message)
    {
    }

    public ProfileOnionKeyDamagedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
