using Pvtcoms.Protocol.DirectoryRecords;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// The fixed state the targets parse against (a responder's prekeys, an established session, a directory record
/// identity), built from <see cref="FixedEntropy"/> so that it is the same in every process: the generator that
/// writes the corpus, the fuzzing process and the replay test. Built once per process, before fuzzing starts.
/// </summary>
internal sealed class FuzzFixture
{
    public const ulong DirectoryEpoch = 7;
    public const ulong DirectoryExpiryEpoch = 9;

    private static readonly Lazy<FuzzFixture> s_instance = new(() => new FuzzFixture(), LazyThreadSafetyMode.ExecutionAndPublication);

    private FuzzFixture()
    {
        var entropy = new FixedEntropy("fuzz fixture");
        var aliceSeed = entropy.Next(32);
        var bobSeed = entropy.Next(32);
        Relay = RelayEndpoint.Parse("127.0.0.1:8443").Value;
        IntroToken = entropy.Next(Invite.IntroTokenSize);

        BobPrekeys = ResponderPrekeys.Generate(bobSeed, 2, entropy);
        BobPrekeyState = BobPrekeys.Serialize();
        BundleBytes = BobPrekeys.CreateBundle().Serialize();
        var bundle = PrekeyBundle.Parse(BundleBytes).Value;
        var handshake = HybridHandshake.Initiate(aliceSeed, bundle, "first"u8, entropy).Value;
        InitialMessageBytes = handshake.Message.Serialize();
        handshake.Keys.Dispose();

        var (envelope, aliceSession) = FirstContact.Initiate(aliceSeed, bundle, "hello bob"u8, entropy).Value;
        IntroEnvelopeBytes = envelope;
        using (var bobSession = FirstContact.Accept(BobPrekeys, envelope, entropy).Value.Session)
        {
            BobSessionState = bobSession.Serialize();
        }

        RatchetMessages = [aliceSession.Encrypt("to bob"u8, entropy), aliceSession.Encrypt("again"u8, entropy)];
        aliceSession.Dispose();

        AliceIdentity = IdentityKeyPair.FromSeed(aliceSeed);
        using var newIdentity = IdentityKeyPair.FromSeed(bobSeed);
        MigrationBytes = IdentityMigration.Create(AliceIdentity, newIdentity, 1).Serialize();
        Directory = DirectoryRecord.Create(AliceIdentity, DirectoryEpoch, DirectoryExpiryEpoch, BundleBytes, Relay, IntroToken, entropy);
        InviteText = Invite.Create(Relay, IntroToken, BundleBytes, "alice").Encode();
    }

    public static FuzzFixture Instance => s_instance.Value;

    /// <summary>Bob's prekeys: the responder side for initial messages and intro envelopes (only read by targets).</summary>
    public ResponderPrekeys BobPrekeys { get; }

    /// <summary>Bob's prekeys as stored before any first contact: a target restores a fresh copy per input.</summary>
    public byte[] BobPrekeyState { get; }

    public byte[] BundleBytes { get; }

    public byte[] InitialMessageBytes { get; }

    public byte[] IntroEnvelopeBytes { get; }

    /// <summary>Bob's established session; a target deserializes a fresh copy per input so every run starts alike.</summary>
    public byte[] BobSessionState { get; }

    /// <summary>Alice's first two ratchet messages to Bob.</summary>
    public IReadOnlyList<byte[]> RatchetMessages { get; }

    public IdentityKeyPair AliceIdentity { get; }

    public byte[] MigrationBytes { get; }

    public SealedDirectoryRecord Directory { get; }

    public RelayEndpoint Relay { get; }

    public byte[] IntroToken { get; }

    public string InviteText { get; }
}
