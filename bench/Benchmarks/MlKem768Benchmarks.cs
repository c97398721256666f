using BenchmarkDotNet.Attributes;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Benchmarks;

/// <summary>ML-KEM-768 on BouncyCastle: one key generation, encapsulation or decapsulation per invocation.</summary>
[MemoryDiagnoser]
public class MlKem768Benchmarks
{
    private readonly byte[] _seed = new byte[MlKem768.SeedSize];
    private readonly byte[] _m = new byte[MlKem768.EncapsulationRandomSize];
    private readonly byte[] _ek = new byte[MlKem768.EncapsulationKeySize];
    private readonly byte[] _dk = new byte[MlKem768.DecapsulationKeySize];
    private readonly byte[] _ct = new byte[MlKem768.CiphertextSize];
    private readonly byte[] _ss = new byte[MlKem768.SharedSecretSize];

    [GlobalSetup]
    public void Setup()
    {
        SystemEntropy.Instance.Fill(_seed);
        SystemEntropy.Instance.Fill(_m);
        MlKem768.GenerateKeyPair(_seed, _ek, _dk);
        _ = MlKem768.TryEncapsulate(_ek, _m, _ct, _ss);
    }

    [Benchmark]
    public void KeyGen() => MlKem768.GenerateKeyPair(_seed, _ek, _dk);

    [Benchmark]
    public bool Encaps() => MlKem768.TryEncapsulate(_ek, _m, _ct, _ss);

    [Benchmark]
    public bool Decaps() => MlKem768.TryDecapsulate(_dk, _ct, _ss);
}
