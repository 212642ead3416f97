using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Security.ApiKeys;
using Edge.Security.Basic;

namespace Edge.Benchmarks.Security;

/// <summary>API key lookup among 1,000 keys (one SHA-256 of the presented key) and a cached Basic check (one HMAC). Target 0 B.</summary>
[MemoryDiagnoser]
public class CredentialCheckBenchmarks
{
    private ApiKeyStore _keys = null!;
    private byte[] _presentedKey = null!;
    private byte[] _unknownKey = null!;
    private BasicUserStore _users = null!;
    private byte[] _basicPair = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = new ApiKeyStore(Enumerable.Range(0, 1000).Select(i => ($"app{i}", Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes($"k-{i}-3f9a8b7c6d5e4f30"))))));
        _presentedKey = Encoding.ASCII.GetBytes("k-500-3f9a8b7c6d5e4f30");
        _unknownKey = Encoding.ASCII.GetBytes("k-x00-3f9a8b7c6d5e4f30");
        _users = new BasicUserStore([new BasicUser("alice", Pbkdf2Hash.Create("wonderland"u8, 1000))], 1000, TimeSpan.FromHours(1), TimeProvider.System);
        _basicPair = "alice:wonderland"u8.ToArray();
        if (_users.Verify(_basicPair, 5) is null) throw new InvalidOperationException("setup");
    }

    [Benchmark(Baseline = true)]
    public bool ApiKeyFound() => _keys.Find(_presentedKey) is not null;

    [Benchmark]
    public bool ApiKeyUnknown() => _keys.Find(_unknownKey) is not null;

    [Benchmark]
    public bool BasicCached() => _users.Verify(_basicPair, 5) is not null;
}
