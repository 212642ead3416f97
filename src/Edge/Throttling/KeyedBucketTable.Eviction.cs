using System.Buffers.Binary;

namespace Edge.Throttling;

internal sealed partial class KeyedBucketTable
{
    private sealed partial class Shard
    {
        /// <summary>Occupied slots one eviction looks at before settling for the least-active one.</summary>
        private const int SweepWindow = 32;

        /// <summary>
        /// Frees one slot. A clock hand sweeps the slots: the first full bucket it meets is evicted — a full
        /// bucket is exactly what a new key would get, so forgetting it loses nothing. If none of the next
        /// <see cref="SweepWindow"/> buckets is full, the one closest to full goes (lossy by its deficit,
        /// counted): the table never refuses a key and never fails open, and the keys kept are the ones whose
        /// state says the most. The window bounds the work a flood of new keys can cause per insert.
        /// </summary>
        private void EvictOne(long nowMicros)
        {
            var limit = _table.Limit;
            int victim = -1, seen = 0;
            var leastDeficit = long.MaxValue;
            for (var visited = 0; visited < _allocated && seen < SweepWindow; visited++)
            {
                var slot = _hand;
                _hand = _hand + 1 >= _allocated ? 0 : _hand + 1;
                if (_meta[slot].KeyLength == FreeSlot) continue;
                seen++;
                var deficit = TokenBucketMath.Deficit(Volatile.Read(ref CellOf(slot).State), limit, nowMicros);
                if (deficit < leastDeficit)
                {
                    leastDeficit = deficit;
                    victim = slot;
                    if (deficit == 0) break;
                }
            }
            if (victim < 0) throw new InvalidOperationException("eviction found no key in a full shard");
            Remove(victim);
            _table.Counters.OnEvicted(idle: leastDeficit == 0);
        }

        /// <summary>Makes room for a record in the arena: grow it (up to its bound), else compact, else evict.</summary>
        private void EnsureArena(int record, long nowMicros)
        {
            while (_arenaUsed + record > _arena.Length)
            {
                if (_arena.Length < _maxArena)
                {
                    var size = (int)Math.Min(_maxArena, Math.Max((long)_arena.Length * 2, _arenaUsed + record));
                    Array.Resize(ref _arena, size);
                }
                else if (_arenaLive + record <= _arena.Length && _arenaUsed - _arenaLive >= _arena.Length / 8)
                {
                    // Compact only when at least 1/8 of the arena is garbage, so the O(arena) slide is
                    // amortised over many inserts; otherwise evicting frees space faster.
                    Compact();
                }
                else if (_count > 0)
                {
                    EvictOne(nowMicros);
                }
                else
                {
                    Compact(); // nothing live: compaction empties the arena, which fits any one key
                }
            }
        }

        /// <summary>Slides the live records to the front of the arena (a memmove each), fixing their offsets.</summary>
        private void Compact()
        {
            var arena = _arena.AsSpan();
            int read = 0, write = 0;
            while (read < _arenaUsed)
            {
                var slot = BinaryPrimitives.ReadInt32LittleEndian(arena[read..]);
                var length = BinaryPrimitives.ReadInt32LittleEndian(arena[(read + 4)..]) & ~DigestFlag;
                var size = RecordHeader + length;
                if (slot != FreeSlot)
                {
                    if (write != read) arena.Slice(read, size).CopyTo(arena[write..]);
                    _meta[slot] = _meta[slot] with { KeyOffset = write + RecordHeader };
                    write += size;
                }
                read += size;
            }
            _arenaUsed = write;
            _arenaLive = write;
            _table.Counters.OnCompacted();
        }

        /// <summary>Forgets a slot's key: index entry, arena record, and the bucket (new generation, full).</summary>
        private void Remove(int slot)
        {
            var m = _meta[slot];
            RemoveFromIndex(m.Hash, slot);
            var recordStart = m.KeyOffset - RecordHeader;
            BinaryPrimitives.WriteInt32LittleEndian(_arena.AsSpan(recordStart), FreeSlot);
            _arenaLive -= RecordHeader + (m.KeyLength & ~DigestFlag);

            // Generation first, then the reset: a request that CASes the cell after the reset is bound to
            // see the new generation and give its token back (BucketHandle).
            ref var cell = ref CellOf(slot);
            Interlocked.Increment(ref cell.Generation);
            Interlocked.Exchange(ref cell.State, 0);

            _meta[slot] = new SlotMeta(0, _freeHead, FreeSlot);
            _freeHead = slot;
            _count--;
        }

        /// <summary>Linear-probing delete with backward shift, so no tombstones pile up under churn.</summary>
        private void RemoveFromIndex(int hash, int slot)
        {
            var index = _index;
            var mask = index.Length - 1;
            var target = ((long)hash << 32) | (uint)(slot + 1);
            var hole = hash & mask;
            while (index[hole] != target)
            {
                if (index[hole] == 0) throw new InvalidOperationException("slot missing from the index");
                hole = (hole + 1) & mask;
            }
            var next = (hole + 1) & mask;
            while (index[next] != 0)
            {
                var home = (int)(index[next] >> 32) & mask;
                // The entry at `next` may move into the hole unless its home lies cyclically in (hole, next].
                var stays = hole <= next ? home > hole && home <= next : home > hole || home <= next;
                if (!stays)
                {
                    index[hole] = index[next];
                    hole = next;
                }
                next = (next + 1) & mask;
            }
            index[hole] = 0;
        }

        private ref BucketCell CellOf(int slot) => ref _segments[slot >> SegmentBits]![slot & (SegmentSize - 1)];
    }
}
