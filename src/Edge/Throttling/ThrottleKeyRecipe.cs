using System.Text;

namespace Edge.Throttling;

/// <summary>One part of a recipe: a kind, and for header, query and claim the name to read.</summary>
internal readonly record struct KeyPart(KeyPartKind Kind, string? Name = null);

/// <summary>
/// How one limit builds its key from a request (config <c>key = "claim:sub+ip"</c>). Immutable with value
/// equality, so it can be part of a <see cref="ThrottleStateKey"/>.
/// </summary>
internal sealed class ThrottleKeyRecipe : IEquatable<ThrottleKeyRecipe>
{
    /// <summary>Config text can join any number of parts; a bound keeps a key within a stack buffer.</summary>
    public const int MaxParts = 16;

    /// <summary>
    /// IPv6 keys keep the /64 by default: an end site gets a whole /64 (RFC 6177), so limiting per /128
    /// would give one client 2^64 buckets to rotate through.
    /// </summary>
    public const int DefaultIPv6Prefix = 64;

    private readonly KeyPart[] _parts;
    private readonly byte[]?[] _names;

    public ThrottleKeyRecipe(IEnumerable<KeyPart> parts, int ipv6PrefixBits = DefaultIPv6Prefix, int ipv4PrefixBits = 32)
    {
        _parts = [.. parts];
        if (_parts.Length is 0 or > MaxParts) throw new ArgumentException($"expected 1 to {MaxParts} key parts", nameof(parts));
        if (ipv6PrefixBits is < 1 or > 128) throw new ArgumentOutOfRangeException(nameof(ipv6PrefixBits));
        if (ipv4PrefixBits is < 1 or > 32) throw new ArgumentOutOfRangeException(nameof(ipv4PrefixBits));
        IPv6PrefixBits = ipv6PrefixBits;
        IPv4PrefixBits = ipv4PrefixBits;
        _names = new byte[]?[_parts.Length];
        for (var i = 0; i < _parts.Length; i++)
        {
            var part = _parts[i];
            var named = part.Kind is KeyPartKind.Header or KeyPartKind.Query or KeyPartKind.Claim;
            if (named != !string.IsNullOrEmpty(part.Name)) throw new ArgumentException($"{part.Kind} {(named ? "needs" : "takes no")} name", nameof(parts));
            // Header names are matched lower-case (HTTP/2 sends them so; the HTTP/1 parser folds them).
            if (named) _names[i] = Encoding.UTF8.GetBytes(part.Kind == KeyPartKind.Header ? part.Name!.ToLowerInvariant() : part.Name!);
        }
        MaxKeyLength = _parts.Length * ThrottleKeyWriter.MaxPartBytes;
    }

    /// <summary>The whole API as one bucket (config key "api", the default).</summary>
    public static ThrottleKeyRecipe ApiWide { get; } = new([new KeyPart(KeyPartKind.Api)]);

    public IReadOnlyList<KeyPart> Parts => _parts;

    public int IPv6PrefixBits { get; }

    public int IPv4PrefixBits { get; }

    /// <summary>A buffer of this size always holds the key (a few hundred bytes: stackalloc it).</summary>
    public int MaxKeyLength { get; }

    /// <summary>
    /// True when every part is api or resource: the key is the same for every request at the limit's
    /// attachment point, so a single <see cref="TokenBucket"/> serves it and no table is needed.
    /// </summary>
    public bool IsConstantPerScope => _parts.All(p => p.Kind is KeyPartKind.Api or KeyPartKind.Resource);

    /// <summary>
    /// Writes the request's key. <paramref name="missing"/> is set when a header, query parameter or claim
    /// was absent (written as a "missing" tag, so such requests share one bucket unless the caller skips
    /// the limit for them). Returns the key's length.
    /// </summary>
    public int Write<TSource>(scoped ref TSource source, Span<byte> destination, out bool missing)
        where TSource : IThrottleKeySource, allows ref struct
    {
        missing = false;
        var writer = new ThrottleKeyWriter(destination);
        for (var i = 0; i < _parts.Length; i++)
        {
            var kind = _parts[i].Kind;
            ReadOnlySpan<byte> value;
            bool found;
            switch (kind)
            {
                case KeyPartKind.Api:
                    writer.Append(kind, source.Api);
                    continue;
                case KeyPartKind.Resource:
                    writer.Append(kind, source.Resource);
                    continue;
                case KeyPartKind.Ip:
                    var address = source.ClientAddress;
                    writer.AppendAddress(address, address.IsIPv4 ? IPv4PrefixBits : IPv6PrefixBits);
                    continue;
                case KeyPartKind.Header:
                    found = source.TryGetHeader(_names[i], out value);
                    break;
                case KeyPartKind.Query:
                    found = source.TryGetQuery(_names[i], out value);
                    break;
                default:
                    found = source.TryGetClaim(_names[i], out value);
                    break;
            }
            if (found)
            {
                writer.Append(kind, value);
            }
            else
            {
                writer.AppendMissing(kind);
                missing = true;
            }
        }
        return writer.Length;
    }

    public bool Equals(ThrottleKeyRecipe? other) =>
        other is not null && IPv6PrefixBits == other.IPv6PrefixBits && IPv4PrefixBits == other.IPv4PrefixBits && _parts.AsSpan().SequenceEqual(other._parts);

    public override bool Equals(object? obj) => Equals(obj as ThrottleKeyRecipe);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in _parts) hash.Add(part);
        hash.Add(IPv6PrefixBits);
        hash.Add(IPv4PrefixBits);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join("+", _parts.Select(p => p.Name is null ? p.Kind.ToString().ToLowerInvariant() : p.Kind.ToString().ToLowerInvariant() + ":" + p.Name));
}
