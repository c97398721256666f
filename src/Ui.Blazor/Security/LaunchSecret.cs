using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Pvtcoms.Ui.Blazor.Security;

/// <summary>
/// The per-launch secrets of one UI host (ADR 0090): a one-time launch token that goes in the URL the user opens,
/// and the session secret the browser gets back as an HttpOnly, SameSite=Strict cookie in exchange. Both are 32
/// random bytes, base64url; both are compared in fixed time. The launch token works once. Nothing here is ever
/// logged; <see cref="ToString"/> reveals nothing.
/// </summary>
public sealed class LaunchSecret : IDisposable
{
    public const int SecretSize = 32;

    private readonly Lock _gate = new();
    private readonly byte[] _launchToken;
    private readonly byte[] _sessionSecret;
    private bool _launchTokenConsumed;

    public LaunchSecret()
    {
        _launchToken = Encode(RandomNumberGenerator.GetBytes(SecretSize));
        _sessionSecret = Encode(RandomNumberGenerator.GetBytes(SecretSize));
    }

    /// <summary>The one-time token for the launch URL (until it is consumed).</summary>
    internal string LaunchToken => Encoding.ASCII.GetString(_launchToken);

    /// <summary>The cookie value; handed out only through <see cref="TryConsumeLaunchToken"/>.</summary>
    internal string SessionSecret => Encoding.ASCII.GetString(_sessionSecret);

    /// <summary>True exactly once: for the first presentation of the right launch token.</summary>
    public bool TryConsumeLaunchToken(string? presented)
    {
        var matches = FixedTimeMatches(_launchToken, presented);
        lock (_gate)
        {
            if (!matches || _launchTokenConsumed)
            {
                return false;
            }

            _launchTokenConsumed = true;
            return true;
        }
    }

    public bool IsSessionSecret(string? presented) => FixedTimeMatches(_sessionSecret, presented);

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_launchToken);
        CryptographicOperations.ZeroMemory(_sessionSecret);
    }

    public override string ToString() => "LaunchSecret";

    private static bool FixedTimeMatches(byte[] expected, string? presented)
    {
        if (presented is null || presented.Length != expected.Length)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[expected.Length];
        for (var i = 0; i < presented.Length; i++)
        {
            // Non-ASCII characters become a byte that never appears in base64url, so they never match.
            actual[i] = presented[i] < 128 ? (byte)presented[i] : (byte)0;
        }

        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static byte[] Encode(byte[] random)
    {
        var text = Base64Url.EncodeToUtf8(random);
        CryptographicOperations.ZeroMemory(random);
        return text;
    }
}
