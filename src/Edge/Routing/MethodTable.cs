using System.Text;

namespace Edge.Routing;

/// <summary>
/// Maps the distinct method names used by a trie to bit positions, so a node's method set is one
/// <see cref="ulong"/> and a 405's <c>Allow</c> set is the OR of the masks seen during the lookup.
/// </summary>
internal sealed class MethodTable
{
    /// <summary>Bits in a <see cref="ulong"/> mask.</summary>
    public const int MaxMethods = 64;

    // Allow lists read best in the RFC 9110 §9.3 order; custom methods follow, ordinally.
    private static readonly string[] CanonicalOrder =
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"];

    private readonly byte[][] _names;

    public MethodTable(IEnumerable<string> names)
    {
        var sorted = names.Distinct(StringComparer.Ordinal)
            .OrderBy(static n => Array.IndexOf(CanonicalOrder, n) is var i and >= 0 ? i : CanonicalOrder.Length)
            .ThenBy(static n => n, StringComparer.Ordinal)
            .ToArray();
        if (sorted.Length > MaxMethods)
        {
            throw new ArgumentException($"at most {MaxMethods} distinct methods", nameof(names));
        }

        _names = [.. sorted.Select(static n => Encoding.ASCII.GetBytes(n))];
        var max = 0;
        foreach (var name in _names)
        {
            max += name.Length + 2;
        }

        MaxAllowLength = Math.Max(0, max - 2);
    }

    public int Count => _names.Length;

    /// <summary>Bytes needed to format any mask with <see cref="FormatAllow"/>.</summary>
    public int MaxAllowLength { get; }

    /// <summary>Bit index of <paramref name="method"/>, or -1 when no route names it (case-sensitive).</summary>
    public int IndexOf(ReadOnlySpan<byte> method)
    {
        // A linear scan: typical configs use under ten methods and most lookups hit GET or POST first.
        var names = _names;
        for (var i = 0; i < names.Length; i++)
        {
            if (method.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public int IndexOf(string method)
    {
        // Names are ASCII bytes (ASCII.GetBytes writes '?' for anything else), so byte i is char i.
        for (var i = 0; i < _names.Length; i++)
        {
            var name = _names[i];
            if (name.Length != method.Length)
            {
                continue;
            }

            var same = true;
            for (var j = 0; j < name.Length && same; j++)
            {
                same = method[j] == (char)name[j];
            }

            if (same)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Writes <c>GET, POST</c> for a mask; returns the bytes written, or -1 if too small.</summary>
    public int FormatAllow(ulong mask, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < _names.Length; i++)
        {
            if ((mask & (1UL << i)) == 0)
            {
                continue;
            }

            var name = _names[i];
            var needed = name.Length + (written == 0 ? 0 : 2);
            if (destination.Length - written < needed)
            {
                return -1;
            }

            if (written != 0)
            {
                destination[written++] = (byte)',';
                destination[written++] = (byte)' ';
            }

            name.CopyTo(destination[written..]);
            written += name.Length;
        }

        return written;
    }
}
