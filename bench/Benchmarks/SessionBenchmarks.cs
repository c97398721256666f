using BenchmarkDotNet.Attributes;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Benchmarks;

/// <summary>
/// Whole-protocol costs, each benchmark one unit per invocation:
/// <list type="bullet">
/// <item><c>Handshake</c>: one session set-up against a bundle with the signed X25519 and signed ML-KEM-768
/// prekeys (the PQ prekey; libsignal's "set-up with a PQ prekey" is the same shape) — bundle parsed and its
/// signatures verified, Initiate, both ratchets started, the first 100-byte message encrypted, Respond, and
/// that message decrypted. The bundle is made beforehand.</item>
/// <item><c>HandshakeWithOneTimePrekey</c>: the same with a one-time hybrid prekey in the bundle as well (one
/// more signature, X25519 agreement and ML-KEM encapsulation/decapsulation on each side).</item>
/// <item><c>OneDirection</c>: one 100-byte message encrypted and decrypted, always the same sender.</item>
/// <item><c>PingPong</c>: one 100-byte message encrypted and decrypted, senders alternating, so every message
/// is a DH ratchet step.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class SessionBenchmarks
{
    /// <summary>One-time handshakes per iteration: each consumes a one-time prekey made in IterationSetup (at most 200 per pool).</summary>
    private const int OneTimeHandshakesPerIteration = 200;

    /// <summary>Signed-prekey handshakes per iteration: each leaves a replay tag (at most 4,096 per signed prekey).</summary>
    private const int SignedHandshakesPerIteration = 2000;

    private readonly byte[] _message = new byte[100];
    private readonly byte[] _aliceSeed = new byte[32];
    private readonly byte[] _bobSeed = new byte[32];
    private ResponderPrekeys? _bobPrekeys;
    private Queue<byte[]> _bundles = new();
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
    public void MakeSignedBundle() => MakeBundles(oneTime: 0, count: SignedHandshakesPerIteration);

    [IterationSetup(Target = nameof(HandshakeWithOneTimePrekey))]
    public void MakeOneTimeBundles() => MakeBundles(oneTime: OneTimeHandshakesPerIteration, count: OneTimeHandshakesPerIteration);

    private void MakeBundles(int oneTime, int count)
    {
        _bobPrekeys?.Dispose();
        _bobPrekeys = ResponderPrekeys.Generate(_bobSeed, oneTime, SystemEntropy.Instance);
        _bundles = new Queue<byte[]>();
        for (var i = 0; i < count; i++)
        {
            _bundles.Enqueue(_bobPrekeys.CreateBundle().Serialize());
        }
    }

    [Benchmark]
    [InvocationCount(SignedHandshakesPerIteration)]
    public byte[] Handshake() => SetUpSession();

    [Benchmark]
    [InvocationCount(OneTimeHandshakesPerIteration)]
    public byte[] HandshakeWithOneTimePrekey() => SetUpSession();

    private byte[] SetUpSession()
    {
        var bundle = PrekeyBundle.Parse(_bundles.Dequeue()).Value;
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
