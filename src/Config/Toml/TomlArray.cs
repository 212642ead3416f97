namespace Edge.Config.Toml;

/// <summary>
/// A TOML array: either a static array written with brackets (immutable once closed) or an array of
/// tables built by <c>[[name]]</c> headers (which later headers may extend).
/// </summary>
public sealed class TomlArray : TomlNode
{
    private readonly List<TomlNode> _items = new();

    internal TomlArray(SourcePosition position, bool isArrayOfTables) : base(position) => IsArrayOfTables = isArrayOfTables;

    /// <summary>True for an array made by <c>[[header]]</c> tables.</summary>
    public bool IsArrayOfTables { get; }

    public int Count => _items.Count;
    public TomlNode this[int index] => _items[index];
    public IReadOnlyList<TomlNode> Items => _items;

    public override string TypeName => "array";

    internal void Add(TomlNode node) => _items.Add(node);
}
