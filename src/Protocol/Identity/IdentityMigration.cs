using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Identity;

/// <summary>
/// A signed move from one identity key to another. The old identity signs
/// <c>label_old ‖ body</c> and the new identity countersigns <c>label_new ‖ body</c> (proof it holds the
/// new key), where <c>body = version ‖ old public (32) ‖ new public (32) ‖ sequence (u64, ≥ 1)</c>.
/// Wire layout: <c>body ‖ old signature (64) ‖ new signature (64)</c>, exactly <see cref="Size"/> bytes.
/// <see cref="Parse"/> checks structure; <see cref="Verify"/> checks both signatures;
/// <see cref="ContactPin.ApplyMigration"/> always verifies.
/// </summary>
public sealed class IdentityMigration
{
    public const byte Version = 1;
    public const int BodySize = 1 + IdentityKey.Size + IdentityKey.Size + 8;
    public const int Size = BodySize + Ed25519.SignatureSize + Ed25519.SignatureSize;

    private readonly byte[] _oldSignature;
    private readonly byte[] _newSignature;

    private IdentityMigration(IdentityKey oldKey, IdentityKey newKey, ulong sequence, byte[] oldSignature, byte[] newSignature)
    {
        OldKey = oldKey;
        NewKey = newKey;
        Sequence = sequence;
        _oldSignature = oldSignature;
        _newSignature = newSignature;
    }

    public IdentityKey OldKey { get; }

    public IdentityKey NewKey { get; }

    /// <summary>Strictly increasing across one person's chain of migrations; a pin refuses any sequence not above the last applied.</summary>
    public ulong Sequence { get; }

    /// <summary>
    /// Signs a move from <paramref name="oldIdentity"/> to <paramref name="newIdentity"/>. The sequence must be
    /// above every sequence this person used before (ADR 0031 suggests max(last + 1, current epoch)).
    /// </summary>
    public static IdentityMigration Create(IdentityKeyPair oldIdentity, IdentityKeyPair newIdentity, ulong sequence)
    {
        ArgumentNullException.ThrowIfNull(oldIdentity);
        ArgumentNullException.ThrowIfNull(newIdentity);
        ArgumentOutOfRangeException.ThrowIfZero(sequence);
        if (oldIdentity.PublicKey == newIdentity.PublicKey)
        {
            throw new ArgumentException("A migration needs two different identities.", nameof(newIdentity));
        }

        Span<byte> body = stackalloc byte[BodySize];
        WriteBody(body, oldIdentity.PublicKey, newIdentity.PublicKey, sequence);
        var oldSignature = oldIdentity.Sign(Signed(Labels.MigrationOldSigns, body));
        var newSignature = newIdentity.Sign(Signed(Labels.MigrationNewCountersigns, body));
        return new IdentityMigration(oldIdentity.PublicKey, newIdentity.PublicKey, sequence, oldSignature, newSignature);
    }

    /// <summary>Structure only (version, exact length, distinct keys, sequence ≥ 1); call <see cref="Verify"/> for the signatures.</summary>
    public static ProtocolResult<IdentityMigration> Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        var versionError = reader.TryReadVersion(Version);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadFixed(IdentityKey.Size, out var oldBytes)
            || !reader.TryReadFixed(IdentityKey.Size, out var newBytes)
            || !reader.TryReadUInt64(out var sequence)
            || !reader.TryReadFixed(Ed25519.SignatureSize, out var oldSignature)
            || !reader.TryReadFixed(Ed25519.SignatureSize, out var newSignature))
        {
            return ProtocolError.Truncated;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        if (sequence == 0)
        {
            return ProtocolError.MigrationSequenceInvalid;
        }

        var oldKey = IdentityKey.FromBytes(oldBytes);
        var newKey = IdentityKey.FromBytes(newBytes);
        if (oldKey == newKey)
        {
            return ProtocolError.MigrationToSameKey;
        }

        return ProtocolResult<IdentityMigration>.Ok(
            new IdentityMigration(oldKey, newKey, sequence, oldSignature.ToArray(), newSignature.ToArray()));
    }

    /// <summary>
    /// <see cref="ProtocolError.None"/> when the old key signed and the new key countersigned this exact body;
    /// otherwise <see cref="ProtocolError.MigrationSignatureInvalid"/> or <see cref="ProtocolError.MigrationCountersignatureInvalid"/>.
    /// </summary>
    public ProtocolError Verify()
    {
        Span<byte> body = stackalloc byte[BodySize];
        WriteBody(body, OldKey, NewKey, Sequence);
        if (!OldKey.Verify(Signed(Labels.MigrationOldSigns, body), _oldSignature))
        {
            return ProtocolError.MigrationSignatureInvalid;
        }

        if (!NewKey.Verify(Signed(Labels.MigrationNewCountersigns, body), _newSignature))
        {
            return ProtocolError.MigrationCountersignatureInvalid;
        }

        return ProtocolError.None;
    }

    public byte[] Serialize()
    {
        var output = new byte[Size];
        var writer = new WireWriter(output);
        WriteBody(writer.Reserve(BodySize), OldKey, NewKey, Sequence);
        writer.WriteFixed(_oldSignature);
        writer.WriteFixed(_newSignature);
        return output;
    }

    public override string ToString() => $"IdentityMigration({OldKey.Fingerprint} -> {NewKey.Fingerprint}, #{Sequence})";

    private static void WriteBody(Span<byte> body, IdentityKey oldKey, IdentityKey newKey, ulong sequence)
    {
        var writer = new WireWriter(body);
        writer.WriteByte(Version);
        writer.WriteFixed(oldKey.Bytes);
        writer.WriteFixed(newKey.Bytes);
        writer.WriteUInt64(sequence);
    }

    private static byte[] Signed(ReadOnlySpan<byte> label, ReadOnlySpan<byte> body)
    {
        var message = new byte[label.Length + body.Length];
        label.CopyTo(message);
        body.CopyTo(message.AsSpan(label.Length));
        return message;
    }
}
