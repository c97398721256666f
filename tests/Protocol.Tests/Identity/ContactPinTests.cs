using Pvtcoms.Protocol.Identity;

namespace Pvtcoms.Protocol.Tests.Identity;

public sealed class ContactPinTests : IDisposable
{
    private readonly IdentityKeyPair _k1 = IdentityTestKeys.Pair(1);
    private readonly IdentityKeyPair _k2 = IdentityTestKeys.Pair(2);
    private readonly IdentityKeyPair _k3 = IdentityTestKeys.Pair(3);
    private readonly IdentityKeyPair _mallory = IdentityTestKeys.Pair(666);

    public void Dispose()
    {
        _k1.Dispose();
        _k2.Dispose();
        _k3.Dispose();
        _mallory.Dispose();
    }

    private ContactPin TofuOnK1() => ContactPin.Unknown.Observe(_k1.PublicKey).Pin;

    private ContactPin VerifiedOnK1() => TofuOnK1().MarkVerified(_k1.PublicKey).Value;

    [Fact]
    public void First_key_seen_is_pinned_on_trust_on_first_use()
    {
        var observation = ContactPin.Unknown.Observe(_k1.PublicKey);
        Assert.Equal(PinObservationKind.FirstSeen, observation.Kind);
        Assert.True(observation.IsAccepted);
        Assert.Equal(PinState.Tofu, observation.Pin.State);
        Assert.Equal(_k1.PublicKey, observation.Pin.Key);
        Assert.Equal(PinChange.None, observation.Pin.LastChange);
        Assert.Equal(PinState.Unknown, ContactPin.Unknown.State);
        Assert.Null(ContactPin.Unknown.Key);
    }

    [Fact]
    public void Pinned_key_presented_again_matches_and_leaves_the_pin_as_it_was()
    {
        var pin = TofuOnK1();
        var observation = pin.Observe(IdentityKey.Parse(_k1.PublicKey.ToArray()).Value);
        Assert.Equal(PinObservationKind.Matches, observation.Kind);
        Assert.Same(pin, observation.Pin);
    }

    [Fact]
    public void Changed_key_on_a_tofu_contact_is_reported_and_not_pinned()
    {
        var pin = TofuOnK1();
        var observation = pin.Observe(_k2.PublicKey);
        Assert.Equal(PinObservationKind.KeyChanged, observation.Kind);
        Assert.False(observation.IsAccepted);
        Assert.Equal(_k2.PublicKey, observation.PresentedKey);
        Assert.Same(pin, observation.Pin);
        Assert.Equal(_k1.PublicKey, observation.Pin.Key);
    }

    [Fact]
    public void Changed_key_presented_to_a_verified_contact_is_refused()
    {
        var pin = VerifiedOnK1();
        var observation = pin.Observe(_k2.PublicKey);
        Assert.Equal(PinObservationKind.KeyChanged, observation.Kind);
        Assert.False(observation.IsAccepted);
        Assert.Equal(PinState.Verified, observation.Pin.State);
        Assert.Equal(_k1.PublicKey, observation.Pin.Key);
    }

    [Fact]
    public void Comparing_safety_numbers_moves_tofu_to_verified()
    {
        var pin = TofuOnK1().MarkVerified(_k1.PublicKey);
        Assert.True(pin.IsOk);
        Assert.Equal(PinState.Verified, pin.Value.State);
        Assert.Equal(_k1.PublicKey, pin.Value.Key);
    }

    [Fact]
    public void Verifying_a_key_other_than_the_pinned_one_is_refused()
    {
        Assert.Equal(ProtocolError.IdentityKeyChanged, TofuOnK1().MarkVerified(_k2.PublicKey).Error);
    }

    [Fact]
    public void Verifying_before_any_contact_pins_and_verifies_the_key()
    {
        var pin = ContactPin.Unknown.MarkVerified(_k1.PublicKey).Value;
        Assert.Equal(PinState.Verified, pin.State);
        Assert.Equal(_k1.PublicKey, pin.Key);
    }

    [Fact]
    public void User_accepting_a_changed_key_pins_it_as_tofu_with_the_change_flagged()
    {
        var pin = VerifiedOnK1().AcceptNewKey(_k2.PublicKey, verified: false);
        Assert.Equal(PinState.Tofu, pin.State);
        Assert.Equal(_k2.PublicKey, pin.Key);
        Assert.Equal(PinChange.AcceptedByUser, pin.LastChange);
        Assert.Equal(PinObservationKind.Matches, pin.Observe(_k2.PublicKey).Kind);
        Assert.Equal(PinObservationKind.KeyChanged, pin.Observe(_k1.PublicKey).Kind);
    }

    [Fact]
    public void User_verifying_a_changed_key_pins_it_as_verified()
    {
        var pin = TofuOnK1().AcceptNewKey(_k2.PublicKey, verified: true);
        Assert.Equal(PinState.Verified, pin.State);
        Assert.Equal(_k2.PublicKey, pin.Key);
        Assert.Equal(PinChange.AcceptedByUser, pin.LastChange);
    }

    [Fact]
    public void Accepting_the_pinned_key_again_never_lowers_verified_to_tofu()
    {
        var verified = VerifiedOnK1();
        Assert.Same(verified, verified.AcceptNewKey(_k1.PublicKey, verified: false));
        Assert.Equal(PinState.Verified, TofuOnK1().AcceptNewKey(_k1.PublicKey, verified: true).State);
        Assert.Equal(PinState.Tofu, ContactPin.Unknown.AcceptNewKey(_k1.PublicKey, verified: false).State);
    }

    [Fact]
    public void Signed_migration_re_pins_a_tofu_contact_without_a_new_tofu()
    {
        var migration = IdentityMigration.Create(_k1, _k2, 1);
        var pin = TofuOnK1().ApplyMigration(migration);
        Assert.True(pin.IsOk);
        Assert.Equal(PinState.Tofu, pin.Value.State);
        Assert.Equal(_k2.PublicKey, pin.Value.Key);
        Assert.Equal(PinChange.Migrated, pin.Value.LastChange);
        Assert.Equal(1UL, pin.Value.MigrationSequence);
    }

    [Fact]
    public void Signed_migration_keeps_a_verified_contact_verified()
    {
        var pin = VerifiedOnK1().ApplyMigration(IdentityMigration.Create(_k1, _k2, 7)).Value;
        Assert.Equal(PinState.Verified, pin.State);
        Assert.Equal(_k2.PublicKey, pin.Key);
        Assert.Equal(PinChange.Migrated, pin.LastChange);
    }

    [Fact]
    public void Key_changed_then_migration_arrives_moves_the_pin_to_the_new_key()
    {
        var pin = VerifiedOnK1();
        var observation = pin.Observe(_k2.PublicKey);
        Assert.Equal(PinObservationKind.KeyChanged, observation.Kind);
        var moved = observation.Pin.ApplyMigration(IdentityMigration.Create(_k1, _k2, 1)).Value;
        Assert.Equal(PinObservationKind.Matches, moved.Observe(observation.PresentedKey).Kind);
    }

    [Fact]
    public void Migration_for_an_unpinned_contact_is_refused()
    {
        Assert.Equal(ProtocolError.ContactNotPinned, ContactPin.Unknown.ApplyMigration(IdentityMigration.Create(_k1, _k2, 1)).Error);
    }

    [Fact]
    public void Migration_signed_by_the_wrong_key_is_refused()
    {
        // Mallory signs "k1 → mallory" with her own key and claims k1 as the old key.
        var forged = IdentityMigration.Create(_mallory, _k2, 1).Serialize();
        _k1.PublicKey.CopyTo(forged.AsSpan(1, IdentityKey.Size));
        var migration = IdentityMigration.Parse(forged).Value;

        var pin = VerifiedOnK1();
        var result = pin.ApplyMigration(migration);
        Assert.Equal(ProtocolError.MigrationSignatureInvalid, result.Error);
        Assert.Equal(_k1.PublicKey, pin.Key);
    }

    [Fact]
    public void Migration_whose_new_key_did_not_countersign_is_refused()
    {
        // The real old key signs, but the new-key field is swapped for a key that never countersigned.
        var bytes = IdentityMigration.Create(_k1, _k2, 1).Serialize();
        var genuine = IdentityMigration.Create(_k1, _k3, 1).Serialize();
        Array.Copy(genuine, 0, bytes, 0, IdentityMigration.BodySize + 64); // body + old signature over k1 → k3
        var migration = IdentityMigration.Parse(bytes).Value;
        Assert.Equal(ProtocolError.MigrationCountersignatureInvalid, TofuOnK1().ApplyMigration(migration).Error);
    }

    [Fact]
    public void Migration_for_a_different_old_key_is_refused()
    {
        var result = TofuOnK1().ApplyMigration(IdentityMigration.Create(_k3, _k2, 1));
        Assert.Equal(ProtocolError.MigrationOldKeyMismatch, result.Error);
    }

    [Fact]
    public void Replaying_an_old_migration_after_a_newer_one_is_refused()
    {
        var first = IdentityMigration.Create(_k1, _k2, 1);
        var back = IdentityMigration.Create(_k2, _k1, 2);
        var pin = TofuOnK1().ApplyMigration(first).Value.ApplyMigration(back).Value;
        Assert.Equal(_k1.PublicKey, pin.Key);

        var replay = pin.ApplyMigration(IdentityMigration.Parse(first.Serialize()).Value);
        Assert.Equal(ProtocolError.MigrationReplayed, replay.Error);
        Assert.Equal(_k1.PublicKey, pin.Key);
        Assert.Equal(2UL, pin.MigrationSequence);
    }

    [Fact]
    public void Applying_the_same_migration_twice_is_refused()
    {
        var migration = IdentityMigration.Create(_k1, _k2, 3);
        var pin = TofuOnK1().ApplyMigration(migration).Value;
        Assert.False(pin.ApplyMigration(migration).IsOk);
    }

    [Fact]
    public void Old_migrations_stay_refused_after_the_user_accepts_a_key()
    {
        var pin = TofuOnK1()
            .ApplyMigration(IdentityMigration.Create(_k1, _k2, 5)).Value
            .AcceptNewKey(_k1.PublicKey, verified: false);
        Assert.Equal(5UL, pin.MigrationSequence);
        Assert.Equal(ProtocolError.MigrationReplayed, pin.ApplyMigration(IdentityMigration.Create(_k1, _k3, 5)).Error);
        Assert.True(pin.ApplyMigration(IdentityMigration.Create(_k1, _k3, 6)).IsOk);
    }

    [Fact]
    public void Every_pin_state_survives_serialization()
    {
        var pins = new[]
        {
            ContactPin.Unknown,
            TofuOnK1(),
            VerifiedOnK1(),
            VerifiedOnK1().ApplyMigration(IdentityMigration.Create(_k1, _k2, ulong.MaxValue)).Value,
            TofuOnK1().AcceptNewKey(_k3.PublicKey, verified: false),
        };
        foreach (var pin in pins)
        {
            var parsed = ContactPin.Parse(pin.Serialize()).Value;
            Assert.Equal(pin.State, parsed.State);
            Assert.Equal(pin.Key, parsed.Key);
            Assert.Equal(pin.LastChange, parsed.LastChange);
            Assert.Equal(pin.MigrationSequence, parsed.MigrationSequence);
        }
    }

    [Fact]
    public void Stored_pin_with_bad_fields_gives_typed_errors()
    {
        var tofu = TofuOnK1().Serialize();
        Assert.Equal(ProtocolError.Truncated, ContactPin.Parse([]).Error);
        Assert.Equal(ProtocolError.UnsupportedVersion, ContactPin.Parse([2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]).Error);
        Assert.Equal(ProtocolError.InvalidPinState, ContactPin.Parse([1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]).Error);
        Assert.Equal(ProtocolError.InvalidPinState, ContactPin.Parse([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]).Error);
        Assert.Equal(ProtocolError.InvalidPinState, ContactPin.Parse([1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0]).Error);
        Assert.Equal(ProtocolError.Truncated, ContactPin.Parse(tofu.AsSpan(0, tofu.Length - 1)).Error);
        Assert.Equal(ProtocolError.TrailingBytes, ContactPin.Parse([.. tofu, 0]).Error);
        Assert.Equal(ProtocolError.TrailingBytes, ContactPin.Parse([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]).Error);
    }

    [Fact]
    public void Random_stored_bytes_give_a_pin_or_a_typed_error()
    {
        var random = new Random(7);
        var template = VerifiedOnK1().Serialize();
        for (var i = 0; i < 3000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 60)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])template.Clone();
                input[random.Next(input.Length)] = (byte)random.Next(256);
                if (random.Next(4) == 0)
                {
                    input = input[..random.Next(input.Length)];
                }
            }

            var result = ContactPin.Parse(input);
            Assert.True(result.IsOk || result.Error != ProtocolError.None);
        }
    }

    [Fact]
    public void ToString_shows_state_and_fingerprint_only()
    {
        var text = VerifiedOnK1().ToString();
        Assert.Contains("Verified", text, StringComparison.Ordinal);
        Assert.Contains(_k1.PublicKey.Fingerprint, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(_k1.PublicKey.Bytes), text, StringComparison.Ordinal);
    }
}
