using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;
using static Pvtcoms.Protocol.Tests.Handshake.HandshakeParties;

namespace Pvtcoms.Protocol.Tests.Handshake;

/// <summary>
/// Thousands of random mutations of valid bytes: parsing and responding give a value or a typed error,
/// never an exception, and a failed Respond leaves the responder's state byte-for-byte unchanged.
/// </summary>
public sealed class HandshakeMutationProperties : IDisposable
{
    private static readonly ProtocolError[] s_initialMessageErrors =
    [
        ProtocolError.Truncated, ProtocolError.TrailingBytes, ProtocolError.UnsupportedVersion, ProtocolError.LengthOutOfRange,
        ProtocolError.InvalidEncoding, ProtocolError.InvalidKeyLength, ProtocolError.InvalidSignature, ProtocolError.InvalidPublicKey,
        ProtocolError.UnknownPrekeyId, ProtocolError.OneTimePrekeyAlreadyUsed, ProtocolError.ReplayedInitialMessage,
    ];

    private static readonly ProtocolError[] s_bundleErrors =
    [
        ProtocolError.Truncated, ProtocolError.TrailingBytes, ProtocolError.UnsupportedVersion, ProtocolError.InvalidEncoding,
        ProtocolError.InvalidKeyLength, ProtocolError.InvalidSignature, ProtocolError.InvalidPrekeySignature,
        ProtocolError.InvalidEncapsulationKey, ProtocolError.InvalidPublicKey,
    ];

    private readonly byte[] _pristineState;
    private readonly byte[] _message;
    private readonly byte[] _bundle;
    private ResponderPrekeys _prekeys;

    public HandshakeMutationProperties()
    {
        _prekeys = BobPrekeys(3);
        var bundle = _prekeys.CreateBundle();
        _bundle = bundle.Serialize();
        var (message, keys) = Initiate(Alice, bundle, "a short first payload"u8, 71);
        keys.Dispose();
        _message = message.Serialize();
        _pristineState = _prekeys.Serialize();
    }

    [Property(MaxTest = 3000)]
    public void Mutated_initial_messages_give_a_value_or_a_typed_error_and_failures_change_nothing(int seed)
    {
        var mutated = Mutate(_message, seed);
        var before = _prekeys.Serialize();

        var result = HybridHandshake.Respond(_prekeys, mutated);

        if (result.IsOk)
        {
            result.Value.Keys.Dispose();
            ResetPrekeys();
        }
        else
        {
            Assert.Contains(result.Error, s_initialMessageErrors);
            Assert.Equal(before, _prekeys.Serialize());
        }
    }

    [Property(MaxTest = 1500)]
    public void Mutated_bundles_give_a_value_or_a_typed_error(int seed)
    {
        var mutated = Mutate(_bundle, seed);

        var parsed = PrekeyBundle.Parse(mutated);
        if (!parsed.IsOk)
        {
            Assert.Contains(parsed.Error, s_bundleErrors);
            return;
        }

        var initiated = HybridHandshake.Initiate(Alice, parsed.Value, [], new DeterministicEntropy(seed));
        if (initiated.IsOk)
        {
            initiated.Value.Keys.Dispose();
            Assert.Equal(ProtocolError.None, parsed.Value.Verify());
        }
        else
        {
            Assert.Contains(initiated.Error, s_bundleErrors);
        }
    }

    [Property(MaxTest = 300)]
    public void Mutated_stored_prekey_state_gives_a_value_or_a_typed_error(int seed)
    {
        var mutated = Mutate(_pristineState, seed);

        var restored = ResponderPrekeys.Deserialize(mutated);

        if (restored.IsOk)
        {
            restored.Value.Dispose();
        }
        else
        {
            Assert.NotEqual(ProtocolError.None, restored.Error);
        }
    }

    [Property(MaxTest = 200)]
    public void Arbitrary_bytes_never_make_parsing_throw(byte[] bytes)
    {
        _ = InitialMessage.Parse(bytes ?? []);
        _ = PrekeyBundle.Parse(bytes ?? []);
        Assert.False(HybridHandshake.Respond(_prekeys, bytes ?? []).IsOk);
    }

    public void Dispose() => _prekeys.Dispose();

    private void ResetPrekeys()
    {
        _prekeys.Dispose();
        _prekeys = ResponderPrekeys.Deserialize(_pristineState).Value;
    }

    /// <summary>One to three edits: flip a bit, set a byte, truncate, append, insert or delete a run.</summary>
    private static byte[] Mutate(byte[] original, int seed)
    {
        var random = new Random(seed);
        var bytes = new List<byte>(original);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 or 1 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.AddRange(Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 5:
                    bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(4)).Select(_ => (byte)random.Next(256)));
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(4)));
                    break;
            }
        }

        return [.. bytes];
    }
}
