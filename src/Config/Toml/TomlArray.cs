namespace Edge.Config.Toml;

/// <summary>
/// A TOML array: either a static array written with brackets (immutable once closed) or an array of
/// tables built by <c>[[name]]</c> headers (which later headers may extend).
/// </summary>
public sealed class TomlArray : TomlNode
{
    private TomlNode[] _items = [];
    private int _count;

    internal TomlArray(SourcePosition position, bool isArrayOfTables) : base(position) => IsArrayOfTables = isArrayOfTables;

    /// <summary>True for an array made by <c>[[header]]</c> tables.</summary>
    public bool IsArrayOfTables { get; }

    public int Count => _count;
    public TomlNode this[int index] => (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));
    public IReadOnlyList<TomlNode> Items => new ArraySegment<TomlNode>(_items, 0, _count);

    public override string TypeName => "array";

    internal void Add(TomlNode node)
    {
        if (_count == _items.Length) Array.Resize(ref _items, _count == 0 ? 4 : _count * 2);
        _items[_count++] = node;
    }
}
