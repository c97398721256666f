using System.Text;

namespace Pvtcoms.Actors.Storage;

public sealed partial class SqliteClientStore
{
    private static readonly byte[] s_identitySeedName = "identity-seed"u8.ToArray();
    private static readonly byte[] s_prekeysName = "prekeys"u8.ToArray();

    public byte[]? LoadIdentitySeed() => Read(() => LoadKeyed(SqliteSchema.OwnKeys, OwnKeyRow(s_identitySeedName)));

    public void SaveIdentitySeed(ReadOnlySpan<byte> seed)
    {
        var copy = seed.ToArray();
        try
        {
            Write(supersedesSecrets: true, () => SaveKeyed(SqliteSchema.OwnKeys, OwnKeyRow(s_identitySeedName), copy));
        }
        finally
        {
            StorePadding.Zero(copy);
        }
    }

    public byte[]? LoadPrekeys() => Read(() => LoadKeyed(SqliteSchema.OwnKeys, OwnKeyRow(s_prekeysName)));

    public void SavePrekeys(ReadOnlySpan<byte> serializedPrekeys)
    {
        var copy = serializedPrekeys.ToArray();
        try
        {
            Write(supersedesSecrets: true, () => SavePrekeysLocked(copy));
        }
        finally
        {
            StorePadding.Zero(copy);
        }
    }

    public byte[]? LoadSetting(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Read(() => LoadKeyed(SqliteSchema.Settings, SettingRow(name)));
    }

    public void SaveSetting(string name, ReadOnlySpan<byte> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var copy = value.ToArray();
        try
        {
            Write(supersedesSecrets: true, () => SaveKeyed(SqliteSchema.Settings, SettingRow(name), copy));
        }
        finally
        {
            StorePadding.Zero(copy);
        }
    }

    private void SavePrekeysLocked(byte[] serializedPrekeys) =>
        SaveKeyed(SqliteSchema.OwnKeys, OwnKeyRow(s_prekeysName), serializedPrekeys);

    private byte[] OwnKeyRow(byte[] name) => _sealer.RowKey(SqliteSchema.OwnKeys, name);

    private byte[] SettingRow(string name) => _sealer.RowKey(SqliteSchema.Settings, Encoding.UTF8.GetBytes(name));
}
