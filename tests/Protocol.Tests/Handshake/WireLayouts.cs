using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;

namespace Pvtcoms.Protocol.Tests.Handshake;

/// <summary>Field offsets of the serialized formats, written from docs/CRYPTO_SPEC.md part 2 (not from the code).</summary>
internal sealed class InitialMessageLayout
{
    private readonly Dictionary<string, (int Offset, int Length)> _fields = [];

    public static InitialMessageLayout Of(InitialMessage message)
    {
        var layout = new InitialMessageLayout();
        var at = 0;
        layout.Add("version", ref at, 1, 0);
        layout.Add("initiator identity key", ref at, Ed25519.PublicKeySize, 2);
        layout.Add("initiator ephemeral key", ref at, X25519.PublicKeySize, 2);
        layout.Add("signed prekey id", ref at, 4, 0);
        layout.Add("ML-KEM prekey id", ref at, 4, 0);
        layout.Add("ML-KEM ciphertext", ref at, MlKem768.CiphertextSize, 2);
        layout.Add("one-time presence flag", ref at, 1, 0);
        if (message.HasOneTimePrekey)
        {
            layout.Add("one-time prekey id", ref at, 4, 0);
            layout.Add("one-time ML-KEM ciphertext", ref at, MlKem768.CiphertextSize, 2);
        }

        layout.Add("signature", ref at, Ed25519.SignatureSize, 2);
        layout.Add("first payload", ref at, message.FirstPayload.Length, 4);
        return layout;
    }

    /// <summary>Offset of the field's value (after its length prefix, if any).</summary>
    public int Offset(string field) => _fields[field].Offset;

    public int Length(string field) => _fields[field].Length;

    /// <summary>Offset of the field's length prefix.</summary>
    public int PrefixOffset(string field, int prefixSize) => _fields[field].Offset - prefixSize;

    private void Add(string name, ref int at, int length, int prefix)
    {
        _fields[name] = (at + prefix, length);
        at += prefix + length;
    }
}

/// <summary>Offsets of a bundle that carries a one-time prekey.</summary>
internal static class BundleLayout
{
    private static readonly Dictionary<string, (int Offset, int Length)> s_fields = Build();

    public static int Offset(string field) => s_fields[field].Offset;

    public static int Length(string field) => s_fields[field].Length;

    private static Dictionary<string, (int Offset, int Length)> Build()
    {
        var fields = new Dictionary<string, (int Offset, int Length)>();
        var at = 0;
        void Add(string name, int length, int prefix)
        {
            fields[name] = (at + prefix, length);
            at += prefix + length;
        }

        Add("version", 1, 0);
        Add("responder identity key", Ed25519.PublicKeySize, 2);
        Add("signed prekey id", 4, 0);
        Add("signed prekey", X25519.PublicKeySize, 2);
        Add("signed prekey signature", Ed25519.SignatureSize, 2);
        Add("ML-KEM prekey id", 4, 0);
        Add("ML-KEM encapsulation key", MlKem768.EncapsulationKeySize, 2);
        Add("ML-KEM prekey signature", Ed25519.SignatureSize, 2);
        Add("one-time presence flag", 1, 0);
        Add("one-time prekey id", 4, 0);
        Add("one-time X25519 prekey", X25519.PublicKeySize, 2);
        Add("one-time ML-KEM encapsulation key", MlKem768.EncapsulationKeySize, 2);
        Add("one-time prekey signature", Ed25519.SignatureSize, 2);
        return fields;
    }
}
