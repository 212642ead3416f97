using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Edge.Security.Basic;

/// <summary>
/// Recently verified Basic credentials, so a client that sends the same <c>user:password</c> on every
/// request pays PBKDF2 (hundreds of milliseconds at 600,000 iterations) once per
/// <see cref="BasicUserStore"/> TTL instead of every time. The key is HMAC-SHA256 under a random
/// per-process key over the decoded pair: the plaintext is never stored, and the stored MACs are
/// useless for offline guessing without the in-memory key. Only successes are cached.
/// Bounded, set-associative like <see cref="Jwt.VerifiedJwtCache"/>; lock-free reads, no allocation on a hit.
/// </summary>
internal sealed class VerifiedCredentialCache
{
    private const int Ways = 4;

    private readonly Entry?[] _slots;
    private readonly int _buckets;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public VerifiedCredentialCache(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _buckets = Math.Max(1, maxEntries / Ways);
        _slots = new Entry?[_buckets * Ways];
    }

    public int Capacity => _slots.Length;

    /// <summary>The MAC of a decoded <c>user:password</c>; <paramref name="mac"/> is 32 bytes.</summary>
    public void ComputeKey(ReadOnlySpan<byte> credentials, Span<byte> mac) => HMACSHA256.HashData(_key, credentials, mac);

    public BasicUser? Find(ReadOnlySpan<byte> mac, long nowTicks)
    {
        var first = Bucket(mac);
        for (var i = first; i < first + Ways; i++)
        {
            var entry = Volatile.Read(ref _slots[i]);
            if (entry is not null && entry.ExpiresAtTicks > nowTicks && CryptographicOperations.FixedTimeEquals(entry.Mac, mac)) return entry.User;
        }
        return null;
    }

    public void Add(ReadOnlySpan<byte> mac, BasicUser user, long expiresAtTicks, long nowTicks)
    {
        var first = Bucket(mac);
        var victim = first + (int)(MemoryMarshal.Read<uint>(mac[8..]) % Ways);
        for (var i = first; i < first + Ways; i++)
        {
            var entry = Volatile.Read(ref _slots[i]);
            if (entry is null || entry.ExpiresAtTicks <= nowTicks)
            {
                victim = i;
                break;
            }
        }
        Volatile.Write(ref _slots[victim], new Entry(mac.ToArray(), user, expiresAtTicks));
    }

    private int Bucket(ReadOnlySpan<byte> mac) => Hash64.Reduce(MemoryMarshal.Read<uint>(mac), _buckets) * Ways;

    private sealed record Entry(byte[] Mac, BasicUser User, long ExpiresAtTicks);
}
