using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
using Edge.Security.Revocation;

namespace Edge.Benchmarks.Security;

/// <summary>
/// One revocation check against 1,000,000 revoked ids (issue 6: under 100 ns, 0 B), loaded as the gateway
/// loads the <c>revoked</c> file: one batch into a small list, which sizes itself from the batch (the
/// setup prints the structure's bytes: under 16 MB). The checked ids
/// rotate over 4,096 different fingerprints so each check lands on its own filter block, as real
/// traffic would. Fingerprint: the jti is hashed (what a first-seen token pays); the cached path has
/// the fingerprint already.
/// </summary>
[MemoryDiagnoser]
public class RevocationCheckBenchmarks
{
    private const int Ids = 4096;
    private RevocationList _list = null!;
    private ulong[] _notRevoked = null!;
    private ulong[] _revoked = null!;
    private byte[][] _jtis = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        Span<byte> id = stackalloc byte[48];
        var entries = new List<RevocationEntry>(1_000_000);
        for (var i = 0; i < 1_000_000; i++) entries.Add(new RevocationEntry(RevocationKind.TokenId, Format("r-", i, id).ToArray(), 4_000_000_000));
        _list = new RevocationList(1024);
        _list.AddRange(entries);
        var stats = _list.GetStats();
        Console.WriteLine($"// revocation list: {stats.TokenIds:N0} ids, {stats.MemoryBytes:N0} bytes, capacity {stats.Capacity:N0}, estimated false-positive rate {stats.EstimatedFalsePositiveRate:P2}");
        _notRevoked = new ulong[Ids];
        _revoked = new ulong[Ids];
        _jtis = new byte[Ids][];
        for (var i = 0; i < Ids; i++)
        {
            _jtis[i] = Format("6f1c2d9e-41a7-4b6e-9d3c-", i, id).ToArray();
            _notRevoked[i] = RevocationList.Fingerprint(_jtis[i]);
            _revoked[i] = RevocationList.Fingerprint(Format("r-", i * 241, id));
        }
    }

    [Benchmark(Baseline = true)]
    public bool NotRevoked() => _list.IsTokenIdRevoked(_notRevoked[_next++ & (Ids - 1)]);

    [Benchmark]
    public bool Revoked() => _list.IsTokenIdRevoked(_revoked[_next++ & (Ids - 1)]);

    [Benchmark]
    public bool NotRevokedWithHashing() => _list.IsTokenIdRevoked(_jtis[_next++ & (Ids - 1)]);

    private static ReadOnlySpan<byte> Format(string prefix, int i, Span<byte> buffer)
    {
        var p = System.Text.Encoding.ASCII.GetBytes(prefix, buffer);
        Utf8Formatter.TryFormat(i, buffer[p..], out var n);
        return buffer[..(p + n)];
    }
}
