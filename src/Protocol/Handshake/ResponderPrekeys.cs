using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>
/// The responder's private prekey state: the current signed X25519 + ML-KEM prekey generation (and the
/// one it replaced, for initial messages in flight), a pool of one-time hybrid prekeys, and per generation
/// a bounded replay cache. It never holds the identity seed: the operations that sign take it as an
/// argument. Not thread-safe — one owner (the profile's actor) at a time. Its <see cref="Serialize"/>d form
/// holds private keys and must be sealed at rest.
/// </summary>
public sealed partial class ResponderPrekeys : IDisposable
{
    /// <summary>Prekey ids are drawn from one counter, never reissued; it starts at a random point below this.</summary>
    private const uint FirstIdRange = 1u << 31;

    private readonly byte[] _identityKey;
    private readonly List<SignedPrekeyGeneration> _generations;
    private readonly SortedDictionary<uint, OneTimePrekey> _oneTimePrekeys;
    private uint _nextPrekeyId;
    private bool _disposed;

    private ResponderPrekeys(byte[] identityKey, uint nextPrekeyId, List<SignedPrekeyGeneration> generations,
        SortedDictionary<uint, OneTimePrekey> oneTimePrekeys)
    {
        _identityKey = identityKey;
        _nextPrekeyId = nextPrekeyId;
        _generations = generations;
        _oneTimePrekeys = oneTimePrekeys;
    }

    /// <summary>The responder's Ed25519 identity public key.</summary>
    public ReadOnlySpan<byte> IdentityKey => _identityKey;

    /// <summary>Id of the current signed X25519 prekey.</summary>
    public uint SignedPrekeyId => Current.X25519Id;

    /// <summary>Id of the current signed ML-KEM-768 prekey.</summary>
    public uint MlKemPrekeyId => Current.MlKemId;

    /// <summary>One-time prekeys not yet consumed.</summary>
    public int OneTimePrekeyCount => _oneTimePrekeys.Count;

    /// <summary>Entries in the current generation's replay cache; rotate before it reaches its bound.</summary>
    public int ReplayCacheCount => Current.Replay.Count;

    private SignedPrekeyGeneration Current
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _generations[^1];
        }
    }

    /// <summary>Fresh state: one signed prekey generation and <paramref name="oneTimePrekeyCount"/> one-time prekeys.</summary>
    public static ResponderPrekeys Generate(ReadOnlySpan<byte> identitySeed, int oneTimePrekeyCount, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        RequireSeed(identitySeed);
        ArgumentOutOfRangeException.ThrowIfNegative(oneTimePrekeyCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oneTimePrekeyCount, HandshakeLimits.MaxOneTimePrekeys);

        var identityKey = new byte[Ed25519.PublicKeySize];
        Ed25519.DerivePublicKey(identitySeed, identityKey);
        Span<byte> start = stackalloc byte[4];
        entropy.Fill(start);
        var firstId = 1 + (BinaryPrimitives.ReadUInt32BigEndian(start) % (FirstIdRange - 1));
        var prekeys = new ResponderPrekeys(identityKey, firstId, [], new SortedDictionary<uint, OneTimePrekey>());
        prekeys.RotateSignedPrekeys(identitySeed, entropy);
        prekeys.AddOneTimePrekeys(identitySeed, oneTimePrekeyCount, entropy);
        return prekeys;
    }

    /// <summary>
    /// Starts a new signed prekey generation. The previous one is kept (so initial messages in flight still
    /// work) and the one before it is zeroed and forgotten, together with its replay cache.
    /// </summary>
    public void RotateSignedPrekeys(ReadOnlySpan<byte> identitySeed, IEntropy entropy)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(entropy);
        RequireOwnSeed(identitySeed);
        var x25519Id = AllocateId();
        var mlKemId = AllocateId();
        _generations.Add(SignedPrekeyGeneration.Generate(identitySeed, x25519Id, mlKemId, entropy));
        while (_generations.Count > HandshakeLimits.RetainedSignedPrekeyGenerations)
        {
            _generations[0].Dispose();
            _generations.RemoveAt(0);
        }
    }

    /// <summary>Adds <paramref name="count"/> one-time prekeys; the pool never exceeds <see cref="HandshakeLimits.MaxOneTimePrekeys"/>.</summary>
    public void AddOneTimePrekeys(ReadOnlySpan<byte> identitySeed, int count, IEntropy entropy)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(entropy);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, HandshakeLimits.MaxOneTimePrekeys - _oneTimePrekeys.Count);
        RequireOwnSeed(identitySeed);
        for (var i = 0; i < count; i++)
        {
            var prekey = OneTimePrekey.Generate(identitySeed, AllocateId(), entropy);
            _oneTimePrekeys.Add(prekey.Id, prekey);
        }
    }

    /// <summary>
    /// A bundle with the current signed prekeys and one unconsumed one-time prekey: the lowest-id one not
    /// yet handed out, else the lowest-id one (handed out again), else none when the pool is empty. Marks
    /// the chosen prekey as handed out, so store the state afterwards.
    /// </summary>
    public PrekeyBundle CreateBundle()
    {
        var current = Current;
        OneTimePrekey? chosen = null;
        foreach (var prekey in _oneTimePrekeys.Values)
        {
            chosen ??= prekey;
            if (!prekey.HandedOut)
            {
                chosen = prekey;
                break;
            }
        }

        if (chosen is not null)
        {
            chosen.HandedOut = true;
        }

        return new PrekeyBundle(_identityKey,
            current.X25519Id, current.X25519Public, current.X25519Signature,
            current.MlKemId, current.MlKemEncapsulationKey, current.MlKemSignature,
            chosen is not null, chosen?.Id ?? 0, chosen is null ? default : chosen.X25519Public,
            chosen is null ? default : chosen.MlKemEncapsulationKey, chosen is null ? default : chosen.Signature);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        foreach (var generation in _generations)
        {
            generation.Dispose();
        }

        foreach (var prekey in _oneTimePrekeys.Values)
        {
            prekey.Dispose();
        }

        _generations.Clear();
        _oneTimePrekeys.Clear();
        _disposed = true;
    }

    public override string ToString() =>
        _disposed ? "ResponderPrekeys(disposed)" : $"ResponderPrekeys(spk {SignedPrekeyId}, pq {MlKemPrekeyId}, {OneTimePrekeyCount} one-time)";

    /// <summary>
    /// Test-only: the secret buffers (X25519 private key, ML-KEM seed, ML-KEM decapsulation key) of every
    /// generation and one-time prekey this state still holds; empty once disposed. Tests check that what
    /// it listed before <see cref="Dispose"/> is all zeros afterwards. Changes nothing.
    /// </summary>
    internal List<byte[]> SecretBuffersForTest()
    {
        var buffers = new List<byte[]>();
        foreach (var generation in _generations)
        {
            buffers.AddRange([generation.X25519Private, generation.MlKemSeed, generation.MlKemDecapsulationKey]);
        }

        foreach (var prekey in _oneTimePrekeys.Values)
        {
            buffers.AddRange([prekey.X25519Private, prekey.MlKemSeed, prekey.MlKemDecapsulationKey]);
        }

        return buffers;
    }

    /// <summary>Every retained signed-prekey generation, newest first (for trial-opening intro envelopes).</summary>
    internal IEnumerable<SignedPrekeyGeneration> RetainedGenerations
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var i = _generations.Count - 1; i >= 0; i--)
            {
                yield return _generations[i];
            }
        }
    }

    /// <summary>The generation whose signed X25519 prekey has this id, if it is still retained.</summary>
    internal SignedPrekeyGeneration? FindGeneration(uint signedPrekeyId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var generation in _generations)
        {
            if (generation.X25519Id == signedPrekeyId)
            {
                return generation;
            }
        }

        return null;
    }

    /// <summary>
    /// Looks a one-time prekey up without changing anything. Ids are never reissued, so an id that was
    /// issued but is no longer in the pool was consumed: <see cref="ProtocolError.OneTimePrekeyAlreadyUsed"/>.
    /// </summary>
    internal ProtocolError FindOneTimePrekey(uint id, out OneTimePrekey? prekey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_oneTimePrekeys.TryGetValue(id, out prekey))
        {
            return ProtocolError.None;
        }

        return id != 0 && id < _nextPrekeyId && !IsSignedPrekeyId(id) ? ProtocolError.OneTimePrekeyAlreadyUsed : ProtocolError.UnknownPrekeyId;
    }

    /// <summary>Removes and zeroes a one-time prekey: it can never be used again.</summary>
    internal void ConsumeOneTimePrekey(OneTimePrekey prekey)
    {
        if (_oneTimePrekeys.Remove(prekey.Id))
        {
            prekey.Dispose();
        }
    }

    private bool IsSignedPrekeyId(uint id)
    {
        foreach (var generation in _generations)
        {
            if (generation.X25519Id == id || generation.MlKemId == id)
            {
                return true;
            }
        }

        return false;
    }

    private uint AllocateId()
    {
        if (_nextPrekeyId == uint.MaxValue)
        {
            throw new InvalidOperationException("Prekey ids exhausted.");
        }

        return _nextPrekeyId++;
    }

    private void RequireOwnSeed(ReadOnlySpan<byte> identitySeed)
    {
        RequireSeed(identitySeed);
        Span<byte> publicKey = stackalloc byte[Ed25519.PublicKeySize];
        Ed25519.DerivePublicKey(identitySeed, publicKey);
        if (!CryptographicOperations.FixedTimeEquals(publicKey, _identityKey))
        {
            throw new ArgumentException("The identity seed does not belong to these prekeys.", nameof(identitySeed));
        }
    }

    private static void RequireSeed(ReadOnlySpan<byte> identitySeed)
    {
        if (identitySeed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"Expected {Ed25519.SeedSize} bytes.", nameof(identitySeed));
        }
    }
}
