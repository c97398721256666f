using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Identity;

/// <summary>
/// A contact's pinned identity key and how far it is trusted: Unknown → Tofu → Verified. Immutable:
/// every transition returns a new pin (or a typed error, leaving this one as it was). A different key is
/// never accepted silently (<see cref="Observe"/> reports <see cref="PinObservationKind.KeyChanged"/>); the pin
/// moves only by an explicit user decision (<see cref="AcceptNewKey"/>) or a valid signed migration
/// (<see cref="ApplyMigration"/>). Policy: ADR 0031.
/// </summary>
public sealed class ContactPin
{
    public const byte FormatVersion = 1;
    public const int UnknownSize = 1 + 1 + 1 + 8;
    public const int PinnedSize = UnknownSize + IdentityKey.Size;

    private ContactPin(PinState state, IdentityKey? key, PinChange lastChange, ulong migrationSequence)
    {
        State = state;
        Key = key;
        LastChange = lastChange;
        MigrationSequence = migrationSequence;
    }

    public static ContactPin Unknown { get; } = new(PinState.Unknown, null, PinChange.None, 0);

    public PinState State { get; }

    /// <summary>The pinned key; null exactly when <see cref="State"/> is <see cref="PinState.Unknown"/>.</summary>
    public IdentityKey? Key { get; }

    public PinChange LastChange { get; }

    /// <summary>Highest migration sequence applied so far (0: none). Never decreases.</summary>
    public ulong MigrationSequence { get; }

    /// <summary>A key the contact presented (handshake, directory record): pin it if none is pinned, else compare.</summary>
    public PinObservation Observe(IdentityKey presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (Key is null)
        {
            return new PinObservation(PinObservationKind.FirstSeen, new ContactPin(PinState.Tofu, presented, PinChange.None, MigrationSequence), presented);
        }

        return Key == presented
            ? new PinObservation(PinObservationKind.Matches, this, presented)
            : new PinObservation(PinObservationKind.KeyChanged, this, presented);
    }

    /// <summary>
    /// The user compared safety numbers computed over <paramref name="comparedKey"/>. Refused with
    /// <see cref="ProtocolError.IdentityKeyChanged"/> if that is not the pinned key (the UI showed a stale
    /// number); on an Unknown pin it pins and verifies the key at once.
    /// </summary>
    public ProtocolResult<ContactPin> MarkVerified(IdentityKey comparedKey)
    {
        ArgumentNullException.ThrowIfNull(comparedKey);
        if (Key is null)
        {
            return ProtocolResult<ContactPin>.Ok(new ContactPin(PinState.Verified, comparedKey, PinChange.None, MigrationSequence));
        }

        if (Key != comparedKey)
        {
            return ProtocolError.IdentityKeyChanged;
        }

        return ProtocolResult<ContactPin>.Ok(new ContactPin(PinState.Verified, Key, LastChange, MigrationSequence));
    }

    /// <summary>
    /// The user explicitly accepted <paramref name="newKey"/> after a <see cref="PinObservationKind.KeyChanged"/>
    /// (<paramref name="verified"/>: they also compared safety numbers for it). A different key is pinned as
    /// Tofu (or Verified) with <see cref="PinChange.AcceptedByUser"/>; accepting the pinned key again never
    /// lowers its state. The migration sequence is kept, so old migrations stay refused.
    /// </summary>
    public ContactPin AcceptNewKey(IdentityKey newKey, bool verified)
    {
        ArgumentNullException.ThrowIfNull(newKey);
        var state = verified ? PinState.Verified : PinState.Tofu;
        if (Key is null)
        {
            return new ContactPin(state, newKey, PinChange.None, MigrationSequence);
        }

        if (Key == newKey)
        {
            return verified ? new ContactPin(PinState.Verified, Key, LastChange, MigrationSequence) : this;
        }

        return new ContactPin(state, newKey, PinChange.AcceptedByUser, MigrationSequence);
    }

    /// <summary>
    /// Re-pins to <see cref="IdentityMigration.NewKey"/> without a new TOFU when the migration starts at the
    /// pinned key, has a sequence above every one applied before, and both signatures verify. The trust
    /// level carries over (a Verified contact stays Verified, marked <see cref="PinChange.Migrated"/>).
    /// </summary>
    public ProtocolResult<ContactPin> ApplyMigration(IdentityMigration migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (Key is null)
        {
            return ProtocolError.ContactNotPinned;
        }

        if (Key != migration.OldKey)
        {
            return ProtocolError.MigrationOldKeyMismatch;
        }

        if (migration.Sequence <= MigrationSequence)
        {
            return ProtocolError.MigrationReplayed;
        }

        var signatures = migration.Verify();
        if (signatures != ProtocolError.None)
        {
            return signatures;
        }

        return ProtocolResult<ContactPin>.Ok(new ContactPin(State, migration.NewKey, PinChange.Migrated, migration.Sequence));
    }

    /// <summary>version ‖ state ‖ last change ‖ migration sequence (u64) ‖ key (32, absent when Unknown).</summary>
    public byte[] Serialize()
    {
        var output = new byte[Key is null ? UnknownSize : PinnedSize];
        var writer = new WireWriter(output);
        writer.WriteByte(FormatVersion);
        writer.WriteByte((byte)State);
        writer.WriteByte((byte)LastChange);
        writer.WriteUInt64(MigrationSequence);
        if (Key is not null)
        {
            writer.WriteFixed(Key.Bytes);
        }

        return output;
    }

    public static ProtocolResult<ContactPin> Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        var versionError = reader.TryReadVersion(FormatVersion);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadByte(out var stateByte) || !reader.TryReadByte(out var changeByte) || !reader.TryReadUInt64(out var sequence))
        {
            return ProtocolError.Truncated;
        }

        if (stateByte > (byte)PinState.Verified || changeByte > (byte)PinChange.Migrated)
        {
            return ProtocolError.InvalidPinState;
        }

        var state = (PinState)stateByte;
        var change = (PinChange)changeByte;
        if (state == PinState.Unknown)
        {
            if (!reader.IsAtEnd)
            {
                return ProtocolError.TrailingBytes;
            }

            return change != PinChange.None || sequence != 0
                ? ProtocolError.InvalidPinState
                : ProtocolResult<ContactPin>.Ok(Unknown);
        }

        if (!reader.TryReadFixed(IdentityKey.Size, out var keyBytes))
        {
            return ProtocolError.Truncated;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        return ProtocolResult<ContactPin>.Ok(new ContactPin(state, IdentityKey.FromBytes(keyBytes), change, sequence));
    }

    public override string ToString() =>
        Key is null ? "ContactPin(Unknown)" : $"ContactPin({State}, {Key.Fingerprint}, {LastChange}, #{MigrationSequence})";
}
