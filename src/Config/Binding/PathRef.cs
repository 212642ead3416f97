using System.Globalization;

namespace Edge.Config.Binding;

/// <summary>
/// A key path that is only turned into a string when a diagnostic needs it: "parent.key",
/// "parent.key[3]" or "parent[3]". Binding reads hundreds of thousands of values in a large config and
/// almost never reports one, so building every path eagerly would dominate its allocations.
/// </summary>
/// <remarks>The parent is a rendered path or a <see cref="TableReader"/> whose own path is still lazy.</remarks>
internal readonly struct PathRef
{
    private readonly object _parent;
    private readonly string? _key;
    private readonly int _index;

    private PathRef(object parent, string? key, int index)
    {
        _parent = parent;
        _key = key;
        _index = index;
    }

    public static PathRef Of(string path) => new(path, null, -1);
    public static PathRef Key(string parent, string key) => new(parent, key, -1);
    public static PathRef Item(string parent, string? key, int index) => new(parent, key, index);

    /// <summary>A path below <paramref name="parent"/>, rendering the parent's path only if this one is.</summary>
    internal static PathRef Key(TableReader parent, string key) => new(parent, key, -1);

    /// <inheritdoc cref="Key(TableReader, string)"/>
    internal static PathRef Item(TableReader parent, string? key, int index) => new(parent, key, index);

    public override string ToString()
    {
        var parent = _parent as string ?? ((TableReader)_parent).Path;
        var p = _key is null ? parent : KeyPath.Child(parent, _key);
        return _index < 0 ? p : p + "[" + _index.ToString(CultureInfo.InvariantCulture) + "]";
    }
}
