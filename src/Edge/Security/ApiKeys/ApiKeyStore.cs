using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Edge.Security.ApiKeys;

/// <summary>
/// API keys as configured: only their SHA-256 digests (<c>[[auth.api_keys]] sha256</c>), never the
/// keys. A presented key is hashed, and the digest is looked up in an open-addressing table keyed
/// by the digest's first 8 bytes, then compared in full with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>.
///
/// Why this is constant-time where it matters: the secret is the stored key, and the attacker
/// controls only the presented key. Every timing difference (which slot, how many probes, where a
/// compare stops) depends on SHA-256(presented), which the attacker can compute anyway; learning
/// that a digest prefix collides with a stored one reveals nothing useful about a key without a
/// SHA-256 preimage. A byte-by-byte compare of the raw key would leak the key a prefix at a time;
/// hashing first removes that channel, and the full compare is fixed-time for good measure.
/// </summary>
internal sealed class ApiKeyStore
{
    /// <summary>Longer presented keys are refused before hashing (they would only cost CPU).</summary>
    public const int MaxKeyBytes = 1024;

    private readonly Slot[] _slots;

    /// <param name="keys">Names and lower- or upper-case hex SHA-256 digests.</param>
    public ApiKeyStore(IEnumerable<(string Name, string Sha256Hex)> keys)
    {
        var list = keys.Select(k => new ApiKey(k.Name, Convert.FromHexString(k.Sha256Hex))).ToList();
        if (list.Exists(k => k.Digest.Length != 32)) throw new ArgumentException("an API key digest is not 32 bytes of hex", nameof(keys));
        // Load at most 1/2: a miss ends at an empty slot after one or two probes.
        _slots = new Slot[Math.Max(2, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)list.Count * 2))];
        foreach (var key in list)
        {
            var prefix = Prefix(key.Digest);
            var i = (int)(prefix & (uint)(_slots.Length - 1));
            while (_slots[i].Key is not null)
            {
                if (_slots[i].Key!.Digest.AsSpan().SequenceEqual(key.Digest))
                    throw new ArgumentException($"API keys '{_slots[i].Key!.Name}' and '{key.Name}' have the same digest", nameof(keys));
                i = (i + 1) & (_slots.Length - 1);
            }
            _slots[i] = new Slot(prefix, key);
        }
        Count = list.Count;
    }

    public int Count { get; }

    /// <summary>The key's entry, or null. No allocation.</summary>
    public ApiKey? Find(ReadOnlySpan<byte> presentedKey)
    {
        if (presentedKey.IsEmpty || presentedKey.Length > MaxKeyBytes || Count == 0) return null;
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(presentedKey, digest);
        var prefix = Prefix(digest);
        var mask = _slots.Length - 1;
        for (var i = (int)(prefix & (uint)mask); ; i = (i + 1) & mask)
        {
            ref readonly var slot = ref _slots[i];
            if (slot.Key is null) return null;
            if (slot.Prefix == prefix && CryptographicOperations.FixedTimeEquals(slot.Key.Digest, digest)) return slot.Key;
        }
    }

    private static ulong Prefix(ReadOnlySpan<byte> digest) => MemoryMarshal.Read<ulong>(digest);

    private readonly record struct Slot(ulong Prefix, ApiKey? Key);
}
