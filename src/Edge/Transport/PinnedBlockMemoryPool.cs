using System.Buffers;
using System.Collections.Concurrent;

namespace Edge.Transport;

/// <summary>
/// A bounded pool of fixed-size pinned blocks for the socket pipes (the shape of Kestrel's pinned block
/// pool and Garnet's LimitedFixedBufferPool). Blocks are allocated on the pinned object heap so the
/// socket layer never pins per operation; at most <see cref="MaxRetained"/> idle blocks are kept, the
/// rest are left to the GC, so a burst cannot pin memory forever.
/// </summary>
internal sealed class PinnedBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>4 KiB: one page, the size Kestrel uses; a typical request head fits in one block.</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> _blocks = new();
    private int _retained;
    private long _rented;
    private long _allocated;

    public PinnedBlockMemoryPool(int maxRetained = 16 * 1024) => MaxRetained = maxRetained;

    public static PinnedBlockMemoryPool Instance { get; } = new();

    /// <summary>The most idle blocks kept for reuse (16k × 4 KiB = 64 MiB at most).</summary>
    public int MaxRetained { get; }

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks currently handed out (for leak checks in tests and for metrics).</summary>
    public long Outstanding => Interlocked.Read(ref _rented);

    /// <summary>Blocks ever allocated (a steady state stops growing this).</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), $"blocks are {BlockSize} bytes");
        Interlocked.Increment(ref _rented);
        if (_blocks.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            return block;
        }
        Interlocked.Increment(ref _allocated);
        return new Block(this, GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true));
    }

    private void Return(Block block)
    {
        Interlocked.Decrement(ref _rented);
        if (Interlocked.Increment(ref _retained) <= MaxRetained)
        {
            _blocks.Enqueue(block);
            return;
        }
        Interlocked.Decrement(ref _retained);
    }

    protected override void Dispose(bool disposing)
    {
        // Blocks are plain pinned arrays; the GC reclaims them once unreferenced.
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly PinnedBlockMemoryPool _pool;
        private readonly byte[] _array;

        public Block(PinnedBlockMemoryPool pool, byte[] array)
        {
            _pool = pool;
            _array = array;
        }

        public Memory<byte> Memory => _array;

        public void Dispose() => _pool.Return(this);
    }
}
