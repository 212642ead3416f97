using System.Text;

namespace Edge.Throttling;

/// <summary>
/// The configured tiers by name, looked up from a claim's UTF-8 bytes without allocating (the
/// subscription tier arrives in a JWT claim, config <c>[throttle] tier_claim</c>, default "tier").
/// Names match exactly (ordinal): claims are written by a key manager, not typed by people.
/// </summary>
internal sealed class TierCatalog
{
    private readonly ThrottleTier[] _tiers;
    private readonly byte[][] _names;

    public TierCatalog(IEnumerable<ThrottleTier> tiers)
    {
        _tiers = [.. tiers];
        _names = [.. _tiers.Select(t => Encoding.UTF8.GetBytes(t.Name))];
        var duplicate = _tiers.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"tier \"{duplicate.Key}\" is defined twice", nameof(tiers));
    }

    public IReadOnlyList<ThrottleTier> Tiers => _tiers;

    /// <summary>A linear scan: tiers are a config-sized list (a few to a few dozen), compared by length first.</summary>
    /// <summary>The tier's position in <see cref="Tiers"/> (exact, ordinal UTF-8 match), or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (_names[i].AsSpan().SequenceEqual(name)) return i;
        }
        return -1;
    }

    public bool TryGet(ReadOnlySpan<byte> name, out ThrottleTier tier)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (_names[i].AsSpan().SequenceEqual(name))
            {
                tier = _tiers[i];
                return true;
            }
        }
        tier = null!;
        return false;
    }

    public bool TryGet(string name, out ThrottleTier tier) => TryGet(Encoding.UTF8.GetBytes(name), out tier);
}
