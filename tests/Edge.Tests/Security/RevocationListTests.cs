using System.Buffers.Text;
using Edge.Security.Revocation;
using Xunit.Abstractions;

namespace Edge.Tests.Security;

/// <summary>JTI and subject revocation: exactness despite the Bloom filter, expiry, memory, concurrency.</summary>
public sealed class RevocationListTests(ITestOutputHelper output)
{
    private const long Now = 1_800_000_000;

    private static byte[] Id(string prefix, int i)
    {
        Span<byte> digits = stackalloc byte[11];
        Utf8Formatter.TryFormat(i, digits, out var n);
        return [.. System.Text.Encoding.ASCII.GetBytes(prefix), .. digits[..n]];
    }

    [Fact]
    public void BloomFalsePositives_AreAboutOnePercent_AndNeverRefuse()
    {
        const int N = 100_000;
        var list = new RevocationList(N);
        for (var i = 0; i < N; i++) list.RevokeTokenId(Id("revoked-", i), Now + 3600);

        var set = new JtiSet(N);
        for (var i = 0; i < N; i++) set.Add(RevocationList.Fingerprint(Id("revoked-", i)), Now + 3600);
        var falsePositives = 0;
        const int Probes = 1_000_000;
        for (var i = 0; i < Probes; i++)
        {
            var fp = RevocationList.Fingerprint(Id("valid-", i));
            if (set.Filter.MayContain(fp)) falsePositives++;
            // The exact table settles every filter hit: an unrevoked id is never reported.
            Assert.False(list.IsTokenIdRevoked(fp));
        }
        var rate = falsePositives / (double)Probes;
        Assert.InRange(rate, 0.001, 0.02);
        // The structure's own estimate is close to what was measured.
        Assert.InRange(set.Filter.EstimateFalsePositiveRate(), rate * 0.7, rate * 1.3);
        for (var i = 0; i < N; i++) Assert.True(list.IsTokenIdRevoked(Id("revoked-", i)));
    }

    [Fact]
    public void OneMillionRevokedIds_FitInUnderSixteenMegabytes()
    {
        const int N = 1_000_000;
        var list = new RevocationList(N);
        Span<byte> id = stackalloc byte[16];
        "jti-"u8.CopyTo(id);
        for (var i = 0; i < N; i++)
        {
            Utf8Formatter.TryFormat(i, id[4..], out var n);
            list.RevokeTokenId(id[..(4 + n)], Now + 3600);
        }
        var stats = list.GetStats();
        Assert.Equal(N, stats.TokenIds);
        Assert.True(stats.MemoryBytes < 16_000_000, $"{stats.MemoryBytes:N0} bytes");
        Assert.InRange(stats.EstimatedFalsePositiveRate, 0.001, 0.02);
        for (var i = 0; i < N; i += 997) Assert.True(list.IsTokenIdRevoked(Id("jti-", i)));
        Assert.False(list.IsTokenIdRevoked("jti-x"u8));
    }

    private static List<RevocationEntry> FileEntries(int n) =>
        [.. Enumerable.Range(0, n).Select(i => new RevocationEntry(RevocationKind.TokenId, Id("jti-", i), Now + 3600))];

    /// <summary>
    /// The <c>revoked</c> file's path: a list made small (as the gateway makes it) is sized from the batch,
    /// so 1,000,000 ids from a file stay under 16 MB by the structure's accounting and by what the
    /// runtime allocated for them; loading the same file again does not grow it.
    /// </summary>
    [Fact]
    public void OneMillionIdsFromAFile_AreSizedFromTheFile_UnderSixteenMegabytes()
    {
        var entries = FileEntries(1_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var list = new RevocationList(1024);
        list.AddRange(entries);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var stats = list.GetStats();
        Assert.Equal(1_000_000, stats.TokenIds);
        Assert.True(stats.MemoryBytes < 16_000_000, $"{stats.MemoryBytes:N0} bytes retained");
        Assert.True(allocated < 16_000_000, $"{allocated:N0} bytes allocated");
        output.WriteLine($"1,000,000 ids from a file: {stats.MemoryBytes:N0} bytes retained, {allocated:N0} bytes allocated, capacity {stats.Capacity:N0}, estimated false positives {stats.EstimatedFalsePositiveRate:P3}");
        Assert.InRange(stats.EstimatedFalsePositiveRate, 0.001, 0.02);

        // A reload re-reads the same file: nothing new, so no rebuild and no growth.
        list.AddRange(entries);
        Assert.Equal(stats.Capacity, list.GetStats().Capacity);
        Assert.Equal(1_000_000, list.GetStats().TokenIds);
    }

    [Fact]
    public void OneMillionAndOneIdsFromAFile_StayUnderSixteenMegabytes()
    {
        var list = new RevocationList(1024);
        list.AddRange(FileEntries(1_000_001));
        var stats = list.GetStats();
        Assert.Equal(1_000_001, stats.TokenIds);
        Assert.True(stats.MemoryBytes < 16_000_000, $"{stats.MemoryBytes:N0} bytes");
    }

    /// <summary>Single additions (the admin endpoint) past a large table grow it by 1/8, not by half.</summary>
    [Fact]
    public void SingleAdditionsToAFullLargeTable_GrowByAnEighth()
    {
        var list = new RevocationList(1024);
        list.AddRange(FileEntries(200_000));
        var capacity = list.GetStats().Capacity;
        for (var i = 0; list.GetStats().Capacity == capacity; i++) list.RevokeTokenId(Id("admin-", i), Now + 3600);
        var stats = list.GetStats();
        Assert.InRange(stats.Capacity, stats.TokenIds + stats.TokenIds / 8 - 16, stats.TokenIds + stats.TokenIds / 8 + 16);
        for (var i = 0; i < 200_000; i += 499) Assert.True(list.IsTokenIdRevoked(Id("jti-", i)));
    }

    [Fact]
    public void Entries_LeaveAtExpiry_AndTheTableIsRebuilt()
    {
        var list = new RevocationList(100);
        for (var i = 0; i < 80; i++) list.RevokeTokenId(Id("a", i), Now + (i < 60 ? 10 : 1000));
        Assert.Equal(0, list.Sweep(Now));
        Assert.True(list.IsTokenIdRevoked(Id("a", 0)));
        Assert.Equal(60, list.Sweep(Now + 11));
        Assert.False(list.IsTokenIdRevoked(Id("a", 0)));
        Assert.True(list.IsTokenIdRevoked(Id("a", 79)));
        var stats = list.GetStats();
        Assert.Equal(20, stats.TokenIds);
        Assert.Equal(0, stats.Tombstones); // 60 tombstones > 25 %: rebuilt
    }

    [Fact]
    public void ReRevokingAnId_KeepsTheLaterExpiry()
    {
        var list = new RevocationList();
        list.RevokeTokenId("x"u8, Now + 10);
        list.RevokeTokenId("x"u8, Now + 100);
        list.RevokeTokenId("x"u8, Now + 50);
        Assert.Equal(1, list.GetStats().TokenIds);
        list.Sweep(Now + 60);
        Assert.True(list.IsTokenIdRevoked("x"u8));
        list.Sweep(Now + 101);
        Assert.False(list.IsTokenIdRevoked("x"u8));
    }

    [Fact]
    public void GrowsBeyondItsFirstSize()
    {
        var list = new RevocationList(16);
        for (var i = 0; i < 10_000; i++) list.RevokeTokenId(Id("g", i), Now + 60);
        for (var i = 0; i < 10_000; i++) Assert.True(list.IsTokenIdRevoked(Id("g", i)));
        Assert.Equal(10_000, list.GetStats().TokenIds);
    }

    [Fact]
    public void Subject_RevokesTokensIssuedBeforeTheCutoff()
    {
        var list = new RevocationList();
        list.RevokeSubject("alice"u8, Now, dropAfter: Now + 3600);
        var alice = RevocationList.Fingerprint("alice"u8);
        Assert.True(list.IsSubjectRevoked(alice, hasIssuedAt: true, Now - 1));
        Assert.False(list.IsSubjectRevoked(alice, hasIssuedAt: true, Now));
        Assert.True(list.IsSubjectRevoked(alice, hasIssuedAt: false, 0)); // no iat: cannot prove it is newer
        Assert.False(list.IsSubjectRevoked(RevocationList.Fingerprint("bob"u8), true, Now - 1));
        list.RevokeSubject("alice"u8, Now - 100, dropAfter: Now + 60); // an earlier cut-off never weakens a later one
        Assert.True(list.IsSubjectRevoked(alice, true, Now - 1));
        Assert.Equal(1, list.Sweep(Now + 3601));
        Assert.False(list.IsSubjectRevoked(alice, true, Now - 1));
    }

    [Fact]
    public void Check_AllocatesNothing()
    {
        var list = new RevocationList();
        list.RevokeTokenId("x"u8, Now + 10);
        list.RevokeSubject("s"u8, Now);
        var check = RevocationCheck.For("y"u8, true, "t"u8, true, Now, true);
        list.IsRevoked(check);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) list.IsRevoked(check);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Writers add (and force several rebuilds) while readers check: an id revoked before the
    /// readers started is always seen, an unrevoked one never, and every added id is seen afterwards.</summary>
    [Fact]
    public async Task ConcurrentWritersAndReaders()
    {
        var list = new RevocationList(16);
        for (var i = 0; i < 100; i++) list.RevokeTokenId(Id("old", i), Now + 60);
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested || n < 1000)
            {
                if (!list.IsTokenIdRevoked(Id("old", n % 100))) Interlocked.Increment(ref failures);
                if (list.IsTokenIdRevoked(Id("never", n))) Interlocked.Increment(ref failures);
                n++;
            }
        })).ToArray();
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++) list.RevokeTokenId(Id($"new{w}-", i), Now + 60);
        })).ToArray();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(0, failures);
        for (var w = 0; w < 2; w++)
        {
            for (var i = 0; i < 20_000; i++) Assert.True(list.IsTokenIdRevoked(Id($"new{w}-", i)));
        }
        Assert.Equal(40_100, list.GetStats().TokenIds);
    }
}
