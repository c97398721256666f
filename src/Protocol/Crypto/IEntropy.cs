namespace Pvtcoms.Protocol.Crypto;

/// <summary>
/// The only source of randomness Protocol code uses: it is always handed in by the caller, so tests can
/// make every protocol run reproducible. Implementations must fill the whole span.
/// </summary>
public interface IEntropy
{
    void Fill(Span<byte> destination);
}

/// <summary>The operating system's CSPRNG. Hosts hand this in; Protocol never reaches for it itself.</summary>
public sealed class SystemEntropy : IEntropy
{
    public static SystemEntropy Instance { get; } = new();

    private SystemEntropy()
    {
    }

    public void Fill(Span<byte> destination) =>
        System.Security.Cryptography.RandomNumberGenerator.Fill(destination);
}
