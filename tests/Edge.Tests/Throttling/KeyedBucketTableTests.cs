using System.Text;
using Edge.Throttling;
using static Edge.Tests.Throttling.ThrottleTime;

namespace Edge.Tests.Throttling;

/// <summary>Keyed tables: lookups, the bounds under a flood, and which keys eviction picks.</summary>
public class KeyedBucketTableTests
{
    private static byte[] Key(string text) => Encoding.UTF8.GetBytes(text);

    private static long Left(KeyedBucketTable table, string key, long now)
    {
        Assert.True(table.TryGet(Key(key), out var handle), $"{key} is gone");
        handle.Peek(now, out var reading);
        return reading.Remaining;
    }

    [Fact]
    public void Each_key_has_its_own_bucket()
    {
        var table = new KeyedBucketTable(ThrottleLimit.Create(3, 60, 3), new BucketTableOptions(100));
        for (var i = 0; i < 3; i++) Assert.True(table.TryTake(Key("alice"), 0, out _));
        Assert.False(table.TryTake(Key("alice"), 0, out var refused));
        Assert.Equal(20 * Second, refused.MicrosUntilToken);
        Assert.True(table.TryTake(Key("bob"), 0, out var bob));
        Assert.Equal(2, bob.Remaining);
        Assert.Equal(2, table.Count);
        Assert.Equal(2, table.Counters.Inserts);
        Assert.False(table.TryGet(Key("carol"), out _));
    }

    [Fact]
    public void Keys_are_compared_in_full_not_by_hash_or_prefix()
    {
        var table = new KeyedBucketTable(ThrottleLimit.Create(1, 60, 1), new BucketTableOptions(100));
        string[] keys = ["", "a", "ab", "abc", "b", "ba", "\0", "\0\0"];
        foreach (var key in keys) Assert.True(table.TryTake(Key(key), 0, out _), $"'{key}'");
        foreach (var key in keys) Assert.False(table.TryTake(Key(key), 0, out _), $"'{key}'");
        Assert.Equal(keys.Length, table.Count);
    }

    [Fact]
    public void Long_keys_are_stored_as_digests_and_stay_distinct()
    {
        var table = new KeyedBucketTable(ThrottleLimit.Create(1, 60, 1), new BucketTableOptions(100));
        var a = new byte[5000];
        var b = new byte[5000];
        b[^1] = 1;
        var exactlyMax = new byte[BucketTableOptions.MaxStoredKeyBytes];
        Assert.True(table.TryTake(a, 0, out _));
        Assert.True(table.TryTake(b, 0, out _));
        Assert.True(table.TryTake(exactlyMax, 0, out _));
        Assert.False(table.TryTake(a, 0, out _));
        Assert.False(table.TryTake(b, 0, out _));
        Assert.Equal(2, table.Counters.DigestedKeys);
    }

    [Fact]
    public void A_flood_of_a_million_unique_keys_stays_within_max_keys_and_memory()
    {
        var options = new BucketTableOptions(10_000);
        var table = new KeyedBucketTable(ThrottleLimit.Create(100, 60, 100), options);
        Span<byte> key = stackalloc byte[20];
        "flood:"u8.CopyTo(key);
        long now = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            BitConverter.TryWriteBytes(key[6..], i);
            BitConverter.TryWriteBytes(key[10..], i * 31L);
            Assert.True(table.TryTake(key, now, out _)); // every new key starts full
            now += 100; // a key is full again 600 ms after its one request; the table turns over in ~1 s
            if (i % 100_000 == 0) Assert.True(table.Count <= options.MaxKeys);
        }
        Assert.True(table.Count <= options.MaxKeys);
        Assert.Equal(1_000_000, table.Counters.Inserts);
        var evicted = table.Counters.EvictedIdle + table.Counters.EvictedActive;
        Assert.Equal(1_000_000 - table.Count, evicted);
        Assert.True(table.Counters.EvictedIdle > evicted * 0.99, $"{table.Counters.EvictedIdle} of {evicted} evictions were lossless");
        Assert.True(table.MemoryBytes <= table.MaxMemoryBytes);
        // The bound itself is modest: under 200 bytes a key, all arrays included.
        Assert.True(table.MaxMemoryBytes < options.MaxKeys * 200L, $"{table.MaxMemoryBytes} bytes");
    }

    [Fact]
    public void A_flood_at_a_frozen_clock_evicts_active_keys_but_never_exceeds_the_bound()
    {
        var table = new KeyedBucketTable(ThrottleLimit.Create(1, 86_400, 1), new BucketTableOptions(1000));
        for (var i = 0; i < 50_000; i++) Assert.True(table.TryTake(BitConverter.GetBytes(i), Second, out _));
        Assert.True(table.Count <= 1000);
        Assert.Equal(0, table.Counters.EvictedIdle);
        Assert.Equal(49_000, table.Counters.EvictedActive);
    }

    [Fact]
    public void Idle_keys_are_evicted_first_and_active_keys_keep_their_state()
    {
        // One shard of 64. 32 "hot" keys drained; 32 "cold" keys used once; an hour later the cold ones are
        // full again (idle) and the hot ones were just drained again. 32 new keys must evict only cold ones.
        var table = new KeyedBucketTable(ThrottleLimit.Create(2, 3600, 2), new BucketTableOptions(64));
        for (var i = 0; i < 32; i++)
        {
            Assert.True(table.TryTake(Key($"cold{i}"), 0, out _));
            Assert.True(table.TryTake(Key($"hot{i}"), 0, out _));
        }
        var later = 1 * Hour;
        for (var i = 0; i < 32; i++)
        {
            while (table.TryTake(Key($"hot{i}"), later, out _))
            {
            }
        }
        for (var i = 0; i < 32; i++) Assert.True(table.TryTake(Key($"new{i}"), later, out _));
        Assert.Equal(32, table.Counters.EvictedIdle);
        Assert.Equal(0, table.Counters.EvictedActive);
        for (var i = 0; i < 32; i++)
        {
            Assert.Equal(0, Left(table, $"hot{i}", later)); // still drained: their state survived
            Assert.False(table.TryGet(Key($"cold{i}"), out _));
        }
    }

    [Fact]
    public void With_no_idle_key_the_one_closest_to_full_is_evicted()
    {
        var table = new KeyedBucketTable(ThrottleLimit.Create(1, 86_400, 10), new BucketTableOptions(4));
        // Deficits: a = 4 tokens, b = 1, c = 3, d = 2. A fifth key must evict b.
        foreach (var (key, takes) in new[] { ("a", 4), ("b", 1), ("c", 3), ("d", 2) })
        {
            for (var i = 0; i < takes; i++) Assert.True(table.TryTake(Key(key), 0, out _));
        }
        Assert.True(table.TryTake(Key("e"), 0, out _));
        Assert.False(table.TryGet(Key("b"), out _));
        Assert.Equal(6, Left(table, "a", 0));
        Assert.Equal(7, Left(table, "c", 0));
        Assert.Equal(8, Left(table, "d", 0));
        Assert.Equal(1, table.Counters.EvictedActive);
    }

    [Fact]
    public void A_handle_to_an_evicted_key_never_charges_the_key_that_reuses_its_cell()
    {
        var table = new KeyedBucketTable(ThrottleLimit.Create(1, 86_400, 5), new BucketTableOptions(1));
        var stale = table.GetOrAdd(Key("old"), 0);
        Assert.True(table.TryTake(Key("new"), 0, out _)); // evicts "old" (full) and reuses its cell
        Assert.True(stale.TryTake(0, out var reading)); // answered as a fresh bucket would be …
        Assert.Equal(4, reading.Remaining);
        stale.Refund(0);
        Assert.Equal(4, Left(table, "new", 0)); // … and "new" lost nothing to it, nor gained
    }

    [Fact]
    public void Churn_with_keys_of_every_length_compacts_the_arena_and_loses_no_key()
    {
        // A reference model checks every lookup while keys of 1–300 bytes come and go.
        var table = new KeyedBucketTable(ThrottleLimit.Create(1, 86_400, 1000), new BucketTableOptions(200, KeyBytesPerKey: 32));
        var random = new Random(7);
        var model = new Dictionary<string, int>();
        for (var round = 0; round < 20_000; round++)
        {
            var key = new string((char)('a' + random.Next(26)), 1 + random.Next(300)) + random.Next(400);
            if (!table.TryTake(Key(key), 0, out var reading)) Assert.Fail("a bucket of 1000 ran dry");
            if (reading.Remaining == 999)
            {
                model[key] = 1; // new, or back after an eviction
            }
            else
            {
                // Still held: its bucket must show exactly the takes made since it was inserted.
                Assert.True(model.TryGetValue(key, out var used), key);
                Assert.Equal(999 - used, reading.Remaining);
                model[key] = used + 1;
            }
        }
        Assert.True(table.Count <= 200);
        Assert.True(table.Counters.Compactions > 0);
        Assert.True(table.MemoryBytes <= table.MaxMemoryBytes);
    }

    [Fact]
    public void Concurrent_inserts_and_lookups_keep_every_count_exact()
    {
        // Threads share 5,000 keys in a table big enough to hold them all: no eviction, so every key must
        // end with exactly the number of takes made on it.
        var table = new KeyedBucketTable(ThrottleLimit.Create(1, 86_400, 1_000_000), new BucketTableOptions(8192));
        const int keys = 5000, threads = 4, rounds = 20_000;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            Span<byte> key = stackalloc byte[4];
            for (var i = 0; i < rounds; i++)
            {
                BitConverter.TryWriteBytes(key, random.Next(keys));
                Assert.True(table.TryTake(key, 0, out _));
            }
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        long taken = 0;
        for (var k = 0; k < keys; k++)
        {
            if (!table.TryGet(BitConverter.GetBytes(k), out var handle)) continue;
            handle.Peek(0, out var reading);
            taken += 1_000_000 - reading.Remaining;
        }
        Assert.Equal(threads * rounds, taken);
        Assert.Equal(0, table.Counters.EvictedIdle + table.Counters.EvictedActive);
    }

    [Fact]
    public void Options_are_bounded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyedBucketTable(ThrottleLimit.Create(1, 1, 1), new BucketTableOptions(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyedBucketTable(ThrottleLimit.Create(1, 1, 1), new BucketTableOptions(100_000_001)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyedBucketTable(ThrottleLimit.Create(1, 1, 1), new BucketTableOptions(10, 8)));
    }
}
