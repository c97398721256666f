using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto;

public sealed class MlKem768SmokeTests
{
    [Fact]
    public void Encapsulated_secret_decapsulates_to_the_same_secret()
    {
        var entropy = new DeterministicEntropy(1);
        var ek = new byte[MlKem768.EncapsulationKeySize];
        var dk = new byte[MlKem768.DecapsulationKeySize];
        MlKem768.GenerateKeyPair(entropy, ek, dk);

        var ct = new byte[MlKem768.CiphertextSize];
        var ss1 = new byte[32];
        var ss2 = new byte[32];
        Assert.True(MlKem768.TryEncapsulate(entropy, ek, ct, ss1));
        Assert.True(MlKem768.TryDecapsulate(dk, ct, ss2));
        Assert.Equal(ss1, ss2);
        Assert.NotEqual(new byte[32], ss1);
    }
}
