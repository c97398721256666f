using BenchmarkDotNet.Attributes;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Benchmarks;

/// <summary>
/// Whole-protocol costs, each benchmark one unit per invocation:
/// <list type="bullet">
/// <item><c>Handshake</c>: one session set-up with a PQ one-time prekey — Initiate, both ratchets started,
/// the first 100-byte message encrypted, Respond, and that message decrypted. The bundle is made beforehand.</item>
/// <item><c>OneDirection</c>: one 100-byte message encrypted and decrypted, always the same sender.</item>
/// <item><c>PingPong</c>: one 100-byte message encrypted and decrypted, senders alternating, so every message
/// is a DH ratchet step.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class SessionBenchmarks
{
    /// <summary>Handshake invocations per iteration: each consumes one one-time prekey made in IterationSetup.</summary>
    private const int HandshakesPerIteration = 200;

    private readonly byte[] _message = new byte[100];
    private readonly byte[] _aliceSeed = new byte[32];
    private readonly byte[] _bobSeed = new byte[32];
    private ResponderPrekeys? _bobPrekeys;
    private Queue<PrekeyBundle> _bundles = new();
    private RatchetSession _alice = null!;
    private RatchetSession _bob = null!;
    private byte[] _associatedData = null!;
    private bool _aliceSends;

    [GlobalSetup]
    public void Setup()
    {
        SystemEntropy.Instance.Fill(_message);
        SystemEntropy.Instance.Fill(_aliceSeed);
        SystemEntropy.Instance.Fill(_bobSeed);
        using var prekeys = ResponderPrekeys.Generate(_bobSeed, 1, SystemEntropy.Instance);
        var bundle = prekeys.CreateBundle();
        var (message, aliceKeys) = HybridHandshake.Initiate(_aliceSeed, bundle, [], SystemEntropy.Instance).Value;
        var (bobKeys, _, _) = HybridHandshake.Respond(prekeys, message.Serialize()).Value;
        _associatedData = aliceKeys.TranscriptHash.ToArray();
        _alice = RatchetSession.InitializeInitiator(aliceKeys.RootKey, aliceKeys.SharedHeaderKeyA, aliceKeys.SharedNextHeaderKeyB,
            aliceKeys.ResponderRatchetPublicKey, SystemEntropy.Instance);
        _bob = RatchetSession.InitializeResponder(bobKeys.RootKey, bobKeys.SharedHeaderKeyA, bobKeys.SharedNextHeaderKeyB,
            bobKeys.ResponderRatchetPrivateKey);
        aliceKeys.Dispose();
        bobKeys.Dispose();
        // Open Bob's sending chain so both directions are live.
        _ = _bob.TryDecrypt(_alice.Encrypt(_message, _associatedData, SystemEntropy.Instance), _associatedData).Value;
    }

    [IterationSetup(Target = nameof(Handshake))]
    public void MakeBundles()
    {
        _bobPrekeys?.Dispose();
        _bobPrekeys = ResponderPrekeys.Generate(_bobSeed, HandshakesPerIteration, SystemEntropy.Instance);
        _bundles = new Queue<PrekeyBundle>();
        for (var i = 0; i < HandshakesPerIteration; i++)
        {
            _bundles.Enqueue(_bobPrekeys.CreateBundle());
        }
    }

    [Benchmark]
    [InvocationCount(HandshakesPerIteration)]
    public byte[] Handshake()
    {
        var bundle = _bundles.Dequeue();
        var (message, aliceKeys) = HybridHandshake.Initiate(_aliceSeed, bundle, [], SystemEntropy.Instance).Value;
        using var alice = RatchetSession.InitializeInitiator(aliceKeys.RootKey, aliceKeys.SharedHeaderKeyA,
            aliceKeys.SharedNextHeaderKeyB, aliceKeys.ResponderRatchetPublicKey, SystemEntropy.Instance);
        var first = alice.Encrypt(_message, aliceKeys.TranscriptHash, SystemEntropy.Instance);
        var wire = message.WithFirstPayload(first).Serialize();
        aliceKeys.Dispose();

        var (bobKeys, payload, _) = HybridHandshake.Respond(_bobPrekeys!, wire).Value;
        using var bob = RatchetSession.InitializeResponder(bobKeys.RootKey, bobKeys.SharedHeaderKeyA,
            bobKeys.SharedNextHeaderKeyB, bobKeys.ResponderRatchetPrivateKey);
        var plaintext = bob.TryDecrypt(payload, bobKeys.TranscriptHash).Value;
        bobKeys.Dispose();
        return plaintext;
    }

    [Benchmark]
    public byte[] OneDirection() =>
        _bob.TryDecrypt(_alice.Encrypt(_message, _associatedData, SystemEntropy.Instance), _associatedData).Value;

    [Benchmark]
    public byte[] PingPong()
    {
        _aliceSends = !_aliceSends;
        var (from, to) = _aliceSends ? (_alice, _bob) : (_bob, _alice);
        return to.TryDecrypt(from.Encrypt(_message, _associatedData, SystemEntropy.Instance), _associatedData).Value;
    }
}
