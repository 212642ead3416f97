using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edge.Security;

/// <summary>
/// A fast, well-mixed 64-bit hash for table indexes and fingerprints (xxHash64-style rounds with the
/// murmur3 finalizer). Not cryptographic: every table that uses it either compares the full key on a
/// match (token cache) or treats a 64-bit collision as a harmless fail-closed event (revocation
/// fingerprints, JSON duplicate-name detection), so predictability cannot make Edge accept anything.
/// </summary>
internal static class Hash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;

    /// <summary>The fixed seed of revocation fingerprints: stable within and across processes.</summary>
    public const ulong FingerprintSeed = 0x5EC0_0000_0000_0001UL;

    public static ulong Compute(ReadOnlySpan<byte> data, ulong seed)
    {
        var h = seed + Prime5 + (ulong)data.Length;
        while (data.Length >= 8)
        {
            h ^= Round(BinaryPrimitives.ReadUInt64LittleEndian(data));
            h = BitOperations.RotateLeft(h, 27) * Prime1 + Prime4;
            data = data[8..];
        }
        if (data.Length >= 4)
        {
            h ^= BinaryPrimitives.ReadUInt32LittleEndian(data) * Prime1;
            h = BitOperations.RotateLeft(h, 23) * Prime2 + Prime3;
            data = data[4..];
        }
        foreach (var b in data)
        {
            h ^= b * Prime5;
            h = BitOperations.RotateLeft(h, 11) * Prime1;
        }
        return Mix(h);
    }

    /// <summary>The murmur3 64-bit finalizer: every input bit affects every output bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }

    /// <summary>Maps a 32-bit hash onto [0, n) without division (Lemire's multiply-shift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Reduce(uint hash, int n) => (int)(((ulong)hash * (uint)n) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong input) => BitOperations.RotateLeft(input * Prime2, 31) * Prime1;
}
