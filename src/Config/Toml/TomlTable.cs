namespace Edge.Config.Toml;

/// <summary>
/// A TOML table: keys in source order, each with the position of the key itself (so errors about a
/// key point at the key, and errors about a value point at the value).
/// </summary>
public sealed class TomlTable : TomlNode
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    internal TomlTable(SourcePosition position, TomlTableOrigin origin) : base(position) => Origin = origin;

    /// <summary>How the table came to be; decides which later definitions are allowed (TOML 1.0 §Table).</summary>
    public TomlTableOrigin Origin { get; internal set; }

    /// <summary>True once a <c>[header]</c> for exactly this table has been seen.</summary>
    internal bool HeaderDefined { get; set; }

    /// <summary>True for a table whose keys were all set by dotted keys within a single table body.</summary>
    internal bool DefinedByDottedKeys => Origin == TomlTableOrigin.DottedKey;

    public int Count => _order.Count;
    public IEnumerable<string> Keys => _order;

    public IEnumerable<KeyValuePair<string, TomlNode>> Entries
    {
        get
        {
            foreach (var k in _order) yield return new(k, _entries[k].Node);
        }
    }

    public override string TypeName => "table";

    public bool TryGet(string key, out TomlNode node)
    {
        if (_entries.TryGetValue(key, out var e))
        {
            node = e.Node;
            return true;
        }
        node = null!;
        return false;
    }

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    /// <summary>The position of the key token that introduced <paramref name="key"/>.</summary>
    public SourcePosition KeyPosition(string key) => _entries.TryGetValue(key, out var e) ? e.KeyPosition : Position;

    internal void Add(string key, SourcePosition keyPosition, TomlNode node)
    {
        _entries.Add(key, new Entry(node, keyPosition));
        _order.Add(key);
    }

    private readonly record struct Entry(TomlNode Node, SourcePosition KeyPosition);
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
