using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>The two KDFs of the Double Ratchet with header encryption (Signal spec §3.1, §4.2).</summary>
internal static class RatchetKdf
{
    private static ReadOnlySpan<byte> MessageKeyConstant => [0x01];

    private static ReadOnlySpan<byte> ChainKeyConstant => [0x02];

    /// <summary>
    /// KDF_RK_HE: HKDF-SHA-256(IKM = <paramref name="dhOutput"/>, salt = <paramref name="rootKey"/>, info =
    /// <see cref="Labels.RatchetRoot"/>, L = 96) split into new root key ‖ chain key ‖ next header key.
    /// <paramref name="rootKey"/> may alias <paramref name="newRootKey"/>.
    /// </summary>
    public static void RootStep(ReadOnlySpan<byte> rootKey, ReadOnlySpan<byte> dhOutput,
        Span<byte> newRootKey, Span<byte> chainKey, Span<byte> nextHeaderKey)
    {
        Span<byte> output = stackalloc byte[3 * RatchetLimits.KeySize];
        try
        {
            Kdf.Hkdf(dhOutput, rootKey, Labels.RatchetRoot, output);
            output[..32].CopyTo(newRootKey);
            output[32..64].CopyTo(chainKey);
            output[64..].CopyTo(nextHeaderKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }

    /// <summary>
    /// KDF_CK: message key = HMAC-SHA-256(ck, 0x01), next chain key = HMAC-SHA-256(ck, 0x02); the chain key
    /// is replaced in place.
    /// </summary>
    public static void ChainStep(Span<byte> chainKey, Span<byte> messageKey)
    {
        RatchetHmac.Compute(chainKey, MessageKeyConstant, messageKey);
        Span<byte> next = stackalloc byte[RatchetLimits.KeySize];
        RatchetHmac.Compute(chainKey, ChainKeyConstant, next);
        next.CopyTo(chainKey);
        CryptographicOperations.ZeroMemory(next);
    }
}
