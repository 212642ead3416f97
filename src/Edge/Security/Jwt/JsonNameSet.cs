using System.Text.Json;

namespace Edge.Security.Jwt;

/// <summary>
/// Detects a repeated member name in one JSON object (RFC 7515 §4 and RFC 7519 §4: names MUST be
/// unique; a parser must reject duplicates or take the last, and Edge rejects, so a crafted token can
/// never be read one way by Edge and another way by the backend). Names are compared after
/// unescaping ("a" and "\u0061" are the same name) by their 64-bit hash in a caller-provided open
/// table: O(1) per name, no allocation. A hash collision between two different names can only
/// reject the token that contains both, which is safe.
/// </summary>
internal ref struct JsonNameSet
{
    /// <summary>Escaped names longer than this are refused outright: no real claim name needs it.</summary>
    public const int MaxEscapedNameLength = 256;

    private readonly Span<ulong> _table;
    private int _count;

    /// <param name="table">A power-of-two number of slots; at most half of them are used.</param>
    public JsonNameSet(Span<ulong> table)
    {
        table.Clear();
        _table = table;
        _count = 0;
    }

    /// <summary>The hash of the (unescaped) property name the reader is on; false for an escaped
    /// name over <see cref="MaxEscapedNameLength"/> bytes.</summary>
    public static bool TryHash(scoped ref Utf8JsonReader reader, out ulong hash)
    {
        hash = 0;
        if (reader.ValueIsEscaped)
        {
            if (reader.ValueSpan.Length > MaxEscapedNameLength) return false;
            Span<byte> name = stackalloc byte[MaxEscapedNameLength];
            var length = reader.CopyString(name);
            hash = Hash64.Compute(name[..length], 0);
        }
        else
        {
            hash = Hash64.Compute(reader.ValueSpan, 0);
        }
        hash |= 1; // 0 marks an empty slot
        return true;
    }

    /// <summary>False if the name was already added or the object has too many members.</summary>
    public bool TryAdd(ulong hash)
    {
        if (_count >= _table.Length / 2) return false;
        var mask = _table.Length - 1;
        for (var i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            if (_table[i] == 0)
            {
                _table[i] = hash;
                _count++;
                return true;
            }
            if (_table[i] == hash) return false;
        }
    }
}
