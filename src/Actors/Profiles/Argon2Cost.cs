using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// Argon2id cost of a passphrase-wrapped device key, as stored in the file header. Reading refuses costs
/// outside <see cref="MinOpsLimit"/>..<see cref="MaxOpsLimit"/> and <see cref="MinMemLimitKiB"/>..<see cref="MaxMemLimitKiB"/>,
/// so a hostile file cannot make us allocate more than 1 GiB or spin for hours.
/// </summary>
public readonly record struct Argon2Cost(uint OpsLimit, uint MemLimitKiB)
{
    public const uint MinOpsLimit = 1;
    public const uint MaxOpsLimit = 16;
    public const uint MinMemLimitKiB = 8;
    public const uint MaxMemLimitKiB = 1024 * 1024;

    /// <summary>3 passes over 64 MiB (libsodium's "moderate"-class cost; about a second on a laptop).</summary>
    public static Argon2Cost Default { get; } = new((uint)Argon2id.DefaultOpsLimit, (uint)(Argon2id.DefaultMemLimitBytes / 1024));

    /// <summary>The cheapest accepted cost: for tests only (it protects a passphrase hardly at all).</summary>
    public static Argon2Cost Minimal { get; } = new(MinOpsLimit, MinMemLimitKiB);

    public bool IsWithinBounds =>
        OpsLimit is >= MinOpsLimit and <= MaxOpsLimit && MemLimitKiB is >= MinMemLimitKiB and <= MaxMemLimitKiB;

    public long MemLimitBytes => MemLimitKiB * 1024L;
}
