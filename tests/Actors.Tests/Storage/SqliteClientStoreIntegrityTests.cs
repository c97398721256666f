using System.Security.Cryptography;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Storage.Support;

namespace Pvtcoms.Actors.Tests.Storage;

/// <summary>A store opened under the wrong key, or edited on disk, reports a typed error; it never returns another row's data.</summary>
public sealed class SqliteClientStoreIntegrityTests : IDisposable
{
    private readonly StoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_wrong_device_key_is_reported_at_open_and_the_store_is_left_intact()
    {
        var contact = Records.Contact("Secret Name");
        using (var store = _directory.Open())
        {
            store.SaveContact(contact);
        }

        var wrongKey = RandomNumberGenerator.GetBytes(SqliteClientStore.DeviceKeySize);
        var error = Assert.Throws<StoreKeyMismatchException>(() => _directory.Open(deviceKey: wrongKey));
        Assert.DoesNotContain("Secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_directory.Root, error.Message, StringComparison.Ordinal);

        using var reopened = _directory.Open();
        Records.AssertSame(contact, reopened.LoadContact(contact.Id));
    }

    [Fact]
    public void A_file_that_is_not_a_store_is_reported_as_corrupt()
    {
        File.WriteAllBytes(_directory.PathOf(), RandomNumberGenerator.GetBytes(8192));
        Assert.Throws<StoreCorruptException>(() => _directory.Open());
    }

    [Fact]
    public void A_foreign_sqlite_database_is_reported_as_corrupt_not_treated_as_empty()
    {
        _directory.Tamper("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('n');");
        Assert.Throws<StoreCorruptException>(() => _directory.Open());
    }

    [Fact]
    public void A_removed_key_check_is_reported_as_corrupt()
    {
        _directory.Open().Dispose();
        _directory.Tamper("DELETE FROM meta WHERE name = 'key-check';");
        Assert.Throws<StoreCorruptException>(() => _directory.Open());
    }

    [Fact]
    public void A_newer_schema_version_is_refused()
    {
        _directory.Open().Dispose();
        _directory.Tamper("UPDATE meta SET value = 99 WHERE name = 'schema-version';");
        Assert.Equal(99, Assert.Throws<UnsupportedStoreVersionException>(() => _directory.Open()).Version);
    }

    [Fact]
    public void A_flipped_byte_in_a_sealed_row_is_reported_as_corrupt()
    {
        var contact = Records.Contact();
        using (var store = _directory.Open())
        {
            store.CommitNewContact(contact, Records.Session(), null, null, null, null);
        }

        var original = Assert.Single(_directory.RawColumn("SELECT sealed FROM sessions;"));
        foreach (var offset in new[] { 0, 1, 30, original.Length / 2, original.Length - 1 })
        {
            var tampered = (byte[])original.Clone();
            tampered[offset] ^= 0x01;
            _directory.Tamper("UPDATE sessions SET sealed = $sealed;", ("$sealed", tampered));
            using var reopened = _directory.Open();
            Assert.Equal("sessions", Assert.Throws<StoreCorruptException>(() => reopened.LoadSession(contact.Id)).Table);
        }

        _directory.Tamper("UPDATE sessions SET sealed = $sealed;", ("$sealed", original.AsSpan(0, original.Length - 1).ToArray()));
        using (var reopened = _directory.Open())
        {
            Assert.Throws<StoreCorruptException>(() => reopened.LoadSession(contact.Id));
        }

        _directory.Tamper("UPDATE sessions SET sealed = $sealed;", ("$sealed", original));
        using var restored = _directory.Open();
        Assert.NotNull(restored.LoadSession(contact.Id));
    }

    [Fact]
    public void Swapped_session_rows_do_not_open_as_each_other()
    {
        var alice = Records.Contact("Alice");
        var bob = Records.Contact("Bob");
        using (var store = _directory.Open())
        {
            store.CommitNewContact(alice, Records.Session(), null, null, null, null);
            store.CommitNewContact(bob, Records.Session(), null, null, null, null);
        }

        SwapSealed("sessions");
        using var reopened = _directory.Open();
        Assert.Throws<StoreCorruptException>(() => reopened.LoadSession(alice.Id));
        Assert.Throws<StoreCorruptException>(() => reopened.LoadSession(bob.Id));
    }

    [Fact]
    public void Swapped_contact_rows_do_not_open_as_each_other()
    {
        using (var store = _directory.Open())
        {
            store.SaveContact(Records.Contact("Alice"));
            store.SaveContact(Records.Contact("Bob"));
        }

        SwapSealed("contacts");
        using var reopened = _directory.Open();
        Assert.Throws<StoreCorruptException>(() => reopened.LoadContacts());
    }

    [Fact]
    public void A_sealed_value_moved_to_another_table_does_not_open()
    {
        var contact = Records.Contact();
        using (var store = _directory.Open())
        {
            store.CommitNewContact(contact, Records.Session(), null, null, null, null);
        }

        // Same row key in a different table: the AAD names the table, so it must not open.
        _directory.Tamper("UPDATE contacts SET sealed = (SELECT sealed FROM sessions);");
        using var reopened = _directory.Open();
        Assert.Throws<StoreCorruptException>(() => reopened.LoadContact(contact.Id));
    }

    [Fact]
    public void Reordered_history_rows_are_reported_as_corrupt()
    {
        var contact = Records.Contact();
        using (var store = _directory.Open())
        {
            store.CommitNewContact(contact, [0], null, Records.Outgoing(contact.Id, 1, "first"), null, null);
            store.CommitOutgoing(contact.Id, [1], Records.Outgoing(contact.Id, 2, "second"), Records.Outbox(contact.Id, MessageId.New()));
        }

        _directory.Tamper("UPDATE messages SET position = -position; UPDATE messages SET position = 3 + position;");
        using var reopened = _directory.Open();
        Assert.Throws<StoreCorruptException>(() => reopened.LoadHistory(contact.Id, 10));
    }

    [Fact]
    public void A_message_row_moved_into_another_conversation_is_reported_as_corrupt()
    {
        var alice = Records.Contact("Alice");
        var bob = Records.Contact("Bob");
        using (var store = _directory.Open())
        {
            store.CommitNewContact(alice, [0], null, Records.Outgoing(alice.Id, 1, "for alice"), null, null);
            store.CommitNewContact(bob, [0], null, Records.Outgoing(bob.Id, 1, "for bob"), null, null);
        }

        var conversations = _directory.RawColumn("SELECT conversation FROM messages ORDER BY row_key;");
        _directory.Tamper("UPDATE messages SET position = 2, conversation = $to WHERE conversation = $from;",
            ("$to", conversations[1]), ("$from", conversations[0]));
        using var reopened = _directory.Open();
        var outcomes = new[] { alice, bob }.Select(c => Record.Exception(() => reopened.LoadHistory(c.Id, 10))).ToList();
        Assert.Single(outcomes, e => e is StoreCorruptException);
        Assert.Single(outcomes, e => e is null);
    }

    [Fact]
    public void Swapped_outbox_rows_are_reported_as_corrupt()
    {
        var contact = Records.Contact();
        using (var store = _directory.Open())
        {
            store.CommitNewContact(contact, [0], null, null, null, null);
            store.CommitOutgoing(contact.Id, [1], null, Records.Outbox(contact.Id, MessageId.New()));
            store.CommitOutgoing(contact.Id, [2], null, Records.Outbox(contact.Id, MessageId.New()));
        }

        SwapSealed("outbox");
        using var reopened = _directory.Open();
        Assert.Throws<StoreCorruptException>(() => reopened.LoadOutbox());
    }

    /// <summary>Exchanges the sealed columns of the first two rows of a table, as an attacker with the file could.</summary>
    private void SwapSealed(string table)
    {
        var keys = _directory.RawColumn($"SELECT row_key FROM {table} ORDER BY row_key LIMIT 2;");
        Assert.Equal(2, keys.Count);
        var a = Convert.ToHexString(keys[0]);
        var b = Convert.ToHexString(keys[1]);
        _directory.Tamper($"""
            CREATE TEMP TABLE swap AS SELECT row_key, sealed FROM {table} WHERE row_key IN (X'{a}', X'{b}');
            UPDATE {table} SET sealed = (SELECT sealed FROM swap WHERE row_key = X'{b}') WHERE row_key = X'{a}';
            UPDATE {table} SET sealed = (SELECT sealed FROM swap WHERE row_key = X'{a}') WHERE row_key = X'{b}';
            """);
        var after = _directory.RawColumn($"SELECT row_key FROM {table} WHERE row_key IN (X'{a}', X'{b}');");
        Assert.Equal(2, after.Count);
    }
}
