using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Identity;

internal static class IdentityTestKeys
{
    public static IdentityKeyPair Pair(int seed) => IdentityKeyPair.Generate(new DeterministicEntropy(seed));
}
