using System.Buffers.Binary;

namespace Edge.Throttling;

internal sealed partial class KeyedBucketTable
{
    /// <summary>
    /// One shard: an index, slot metadata, a key arena and the bucket cells. Readers go lock-free under
    /// <see cref="_version"/> (odd while a writer is inside); writers hold <see cref="_lock"/>.
    /// </summary>
    private sealed partial class Shard
    {
        private const int SegmentBits = 6; // 64 cells (1 KiB) per segment
        private const int SegmentSize = 1 << SegmentBits;
        private const int RecordHeader = 8; // [int slot][int stored length], before each key in the arena
        private const int DigestFlag = 1 << 30; // set in a stored length when the bytes are a SHA-256 digest
        private const int FreeSlot = -1;
        private const int OptimisticTries = 3;

        private readonly KeyedBucketTable _table;
        private readonly Lock _lock = new();
        private readonly int _capacity;
        private readonly int _maxArena;
        private readonly int _maxIndex;
        // Cells never move once allocated: a reader may be CASing one while a writer rearranges the shard.
        private readonly BucketCell[]?[] _segments;

        private int _version;
        private long[] _index; // (hash << 32) | (slot + 1); 0 = empty. Power-of-two length, load ≤ 1/2.
        private SlotMeta[] _meta;
        private byte[] _arena;
        private int _arenaUsed;
        private int _arenaLive;
        private int _allocated; // slots handed out so far (0.._allocated-1); never shrinks
        private int _freeHead = -1; // free slots, chained through SlotMeta.KeyOffset
        private int _count;
        private int _hand; // the eviction sweep's position over slots

        public Shard(KeyedBucketTable table, int capacity, int keyBytesPerKey)
        {
            _table = table;
            _capacity = capacity;
            // Room for the largest stored key even in a tiny shard, so an insert can always succeed.
            _maxArena = (int)Math.Min(int.MaxValue / 2, Math.Max((long)capacity * keyBytesPerKey, 2 * (RecordHeader + BucketTableOptions.MaxStoredKeyBytes)));
            _maxIndex = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2));
            _segments = new BucketCell[]?[(capacity + SegmentSize - 1) / SegmentSize];
            _index = new long[Math.Min(16, _maxIndex)];
            _meta = new SlotMeta[Math.Min(16, capacity)];
            _arena = new byte[Math.Min(_maxArena, 1024)];
        }

        public int Count => Volatile.Read(ref _count);

        public long MemoryBytes
        {
            get
            {
                lock (_lock)
                {
                    long cells = 0;
                    foreach (var segment in _segments) cells += segment?.Length ?? 0;
                    return _index.Length * 8L + _meta.Length * 12L + _arena.Length + cells * 16 + _segments.Length * 8L;
                }
            }
        }

        public long MaxMemoryBytes =>
            _maxIndex * 8L + _capacity * 12L + _maxArena + (long)_segments.Length * SegmentSize * 16 + _segments.Length * 8L;

        /// <summary>Lock-free lookup. False when the key is absent or a writer got in the way.</summary>
        public bool TryFind(ReadOnlySpan<byte> key, bool digested, int hash, out BucketHandle handle)
        {
            for (var attempt = 0; attempt < OptimisticTries; attempt++)
            {
                var before = Volatile.Read(ref _version);
                if ((before & 1) != 0) continue; // a writer is inside
                var found = Probe(key, digested, hash, out handle, validate: true);
#if NET10_0_OR_GREATER
                Volatile.ReadBarrier(); // the probe's reads complete before the version is read again
#else
                Interlocked.MemoryBarrier();
#endif
                if (Volatile.Read(ref _version) == before) return found;
            }
            handle = default;
            return false;
        }

        public bool FindLocked(ReadOnlySpan<byte> key, bool digested, int hash, out BucketHandle handle)
        {
            lock (_lock) return Probe(key, digested, hash, out handle, validate: false);
        }

        public BucketHandle FindOrInsert(ReadOnlySpan<byte> key, bool digested, int hash, long nowMicros)
        {
            lock (_lock)
            {
                if (Probe(key, digested, hash, out var handle, validate: false)) return handle;
                BeginWrite();
                try
                {
                    return Insert(key, digested, hash, nowMicros);
                }
                finally
                {
                    EndWrite();
                }
            }
        }

        /// <summary>
        /// Finds the key's slot. Without the lock (<paramref name="validate"/>) every value read may be torn
        /// by a concurrent writer, so each is bounds-checked before use; the caller's version check then
        /// throws away any answer built from such values.
        /// </summary>
        private bool Probe(ReadOnlySpan<byte> key, bool digested, int hash, out BucketHandle handle, bool validate)
        {
            handle = default;
            var index = _index;
            var meta = _meta;
            var arena = _arena;
            var mask = index.Length - 1;
            var storedLength = key.Length | (digested ? DigestFlag : 0);
            var position = hash & mask;
            for (var probes = 0; probes <= mask; probes++)
            {
                var entry = Volatile.Read(ref index[position]);
                if (entry == 0) return false;
                if ((int)(entry >> 32) == hash)
                {
                    var slot = (int)(uint)entry - 1;
                    if ((uint)slot >= (uint)meta.Length) return false;
                    var m = meta[slot];
                    if (m.KeyLength == storedLength)
                    {
                        if (validate && (uint)m.KeyOffset > (uint)(arena.Length - key.Length)) return false;
                        if (arena.AsSpan(m.KeyOffset, key.Length).SequenceEqual(key))
                        {
                            var segment = _segments[slot >> SegmentBits];
                            if (segment is null) return false;
                            var cell = slot & (SegmentSize - 1);
                            handle = new BucketHandle(segment, cell, Volatile.Read(ref segment[cell].Generation), _table.Limit);
                            return true;
                        }
                    }
                }
                position = (position + 1) & mask;
            }
            return false;
        }

        private BucketHandle Insert(ReadOnlySpan<byte> key, bool digested, int hash, long nowMicros)
        {
            var record = RecordHeader + key.Length;
            while (_count >= _capacity) EvictOne(nowMicros);
            EnsureArena(record, nowMicros);
            if ((_count + 1) * 2 > _index.Length) GrowIndex();

            var slot = AllocateSlot();
            var offset = _arenaUsed;
            var storedLength = key.Length | (digested ? DigestFlag : 0);
            BinaryPrimitives.WriteInt32LittleEndian(_arena.AsSpan(offset), slot);
            BinaryPrimitives.WriteInt32LittleEndian(_arena.AsSpan(offset + 4), storedLength);
            key.CopyTo(_arena.AsSpan(offset + RecordHeader));
            _arenaUsed += record;
            _arenaLive += record;
            _meta[slot] = new SlotMeta(hash, offset + RecordHeader, storedLength);

            // A new key starts with a full bucket (state 0). The cell's generation already moved on when its
            // previous key was evicted, so stale handles to it cannot mistake this key's bucket for theirs.
            var segment = _segments[slot >> SegmentBits]!;
            var cell = slot & (SegmentSize - 1);
            Volatile.Write(ref segment[cell].State, 0);

            var mask = _index.Length - 1;
            var position = hash & mask;
            while (_index[position] != 0) position = (position + 1) & mask;
            _index[position] = ((long)hash << 32) | (uint)(slot + 1);
            _count++;
            _table.Counters.OnInsert();
            if (digested) _table.Counters.OnDigested();
            return new BucketHandle(segment, cell, segment[cell].Generation, _table.Limit);
        }

        private int AllocateSlot()
        {
            if (_freeHead >= 0)
            {
                var slot = _freeHead;
                _freeHead = _meta[slot].KeyOffset;
                return slot;
            }
            var next = _allocated++;
            if (next >= _meta.Length) Array.Resize(ref _meta, (int)Math.Min(_capacity, (long)_meta.Length * 2));
            _segments[next >> SegmentBits] ??= new BucketCell[SegmentSize];
            return next;
        }

        private void GrowIndex()
        {
            var grown = new long[Math.Min(_maxIndex, _index.Length * 2)];
            var mask = grown.Length - 1;
            foreach (var entry in _index)
            {
                if (entry == 0) continue;
                var position = (int)(entry >> 32) & mask;
                while (grown[position] != 0) position = (position + 1) & mask;
                grown[position] = entry;
            }
            _index = grown;
        }

        // Seqlock: odd while writing. Interlocked.Increment is a full fence, so no write of the mutation can
        // become visible before the odd version; Volatile.Write releases the mutation before the even one.
        private void BeginWrite() => Interlocked.Increment(ref _version);

        private void EndWrite() => Volatile.Write(ref _version, _version + 1);

        private readonly record struct SlotMeta(int Hash, int KeyOffset, int KeyLength);
    }
}
