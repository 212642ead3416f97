using System.Globalization;

namespace Edge.Config.Binding;

/// <summary>
/// A key path that is only turned into a string when a diagnostic needs it: "parent.key",
/// "parent.key[3]" or "parent[3]". Binding reads hundreds of thousands of values in a large config and
/// almost never reports one, so building every path eagerly would dominate its allocations.
/// </summary>
internal readonly struct PathRef
{
    private readonly string _parent;
    private readonly string? _key;
    private readonly int _index;

    private PathRef(string parent, string? key, int index)
    {
        _parent = parent;
        _key = key;
        _index = index;
    }

    public static PathRef Of(string path) => new(path, null, -1);
    public static PathRef Key(string parent, string key) => new(parent, key, -1);
    public static PathRef Item(string parent, string? key, int index) => new(parent, key, index);

    public override string ToString()
    {
        var p = _key is null ? _parent : KeyPath.Child(_parent, _key);
        return _index < 0 ? p : p + "[" + _index.ToString(CultureInfo.InvariantCulture) + "]";
    }
}
