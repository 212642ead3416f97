namespace Edge.Config.Toml;

/// <summary>
/// A TOML table: keys in source order, each with the position of the key itself (so errors about a
/// key point at the key, and errors about a value point at the value).
/// </summary>
/// <remarks>
/// Entries live in one array in source order and are found by a linear scan; a hash index is added
/// only once a table grows past <see cref="IndexThreshold"/> keys. Config tables are small and a large
/// config has tens of thousands of them, so a dictionary per table would cost more than it saves.
/// </remarks>
public sealed class TomlTable : TomlNode
{
    private const int IndexThreshold = 8;

    private Entry[] _entries = [];
    private int _count;
    private Dictionary<string, int>? _index;

    internal TomlTable(SourcePosition position, TomlTableOrigin origin) : base(position) => Origin = origin;

    /// <summary>How the table came to be; decides which later definitions are allowed (TOML 1.0 §Table).</summary>
    public TomlTableOrigin Origin { get; internal set; }

    /// <summary>True once a <c>[header]</c> for exactly this table has been seen.</summary>
    internal bool HeaderDefined { get; set; }

    /// <summary>True for a table whose keys were all set by dotted keys within a single table body.</summary>
    internal bool DefinedByDottedKeys => Origin == TomlTableOrigin.DottedKey;

    public int Count => _count;

    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return _entries[i].Key;
        }
    }

    public IEnumerable<KeyValuePair<string, TomlNode>> Entries
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return new(_entries[i].Key, _entries[i].Node);
        }
    }

    public override string TypeName => "table";

    /// <summary>The key of the <paramref name="index"/>th entry in source order (for allocation-free walks).</summary>
    internal string KeyAt(int index) => _entries[index].Key;

    /// <summary>The position of the <paramref name="index"/>th key in source order.</summary>
    internal SourcePosition KeyPositionAt(int index) => _entries[index].KeyPosition;

    public bool TryGet(string key, out TomlNode node)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            node = _entries[i].Node;
            return true;
        }
        node = null!;
        return false;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>The position of the key token that introduced <paramref name="key"/>.</summary>
    public SourcePosition KeyPosition(string key) => IndexOf(key) is var i and >= 0 ? _entries[i].KeyPosition : Position;

    internal void Add(string key, SourcePosition keyPosition, TomlNode node)
    {
        if (IndexOf(key) >= 0) throw new ArgumentException($"An item with the same key has already been added. Key: {key}", nameof(key));
        if (_count == _entries.Length) Array.Resize(ref _entries, _count == 0 ? 4 : _count * 2);
        _entries[_count] = new Entry(key, node, keyPosition);
        if (_index is not null) _index.Add(key, _count);
        else if (_count == IndexThreshold)
        {
            _index = new Dictionary<string, int>(IndexThreshold * 2, StringComparer.Ordinal);
            for (var i = 0; i <= _count; i++) _index.Add(_entries[i].Key, i);
        }
        _count++;
    }

    private int IndexOf(string key)
    {
        if (_index is not null) return _index.TryGetValue(key, out var found) ? found : -1;
        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private readonly record struct Entry(string Key, TomlNode Node, SourcePosition KeyPosition);
}

/// <summary>Where a table came from. TOML forbids redefining tables in ways that depend on this.</summary>
public enum TomlTableOrigin : byte
{
    /// <summary>The document root.</summary>
    Root,
    /// <summary>Created implicitly as the parent of a header (<c>[a.b]</c> creates <c>a</c>); may be defined later.</summary>
    ImplicitByHeader,
    /// <summary>Defined by its own <c>[header]</c>.</summary>
    Header,
    /// <summary>Created by a dotted key (<c>a.b = 1</c> creates <c>a</c>); cannot be reopened by a header.</summary>
    DottedKey,
    /// <summary>An inline table <c>{ ... }</c>; sealed once closed.</summary>
    Inline,
    /// <summary>An element of an array of tables.</summary>
    ArrayElement,
}
