using Edge.Config.Model;
using Edge.Config.Toml;

namespace Edge.Config.Binding;

/// <summary>
/// Typed, reflection-free access to one TOML table. Every getter records the key as known (so
/// <see cref="ReportUnknownKeys"/> can flag typos) and reports problems at the offending value with its
/// full key path. Getters never throw: a bad or missing value yields the default and one diagnostic.
/// </summary>
internal sealed class TableReader
{
    // The keys asked for, as a node of the pass's shared tree (see KnownKeys): a large config has tens of
    // thousands of tables, and a list per table would dominate binding's allocations.
    private KnownKeys _known;
    private List<string>? _missing;
    private readonly BindContext _ctx;
    private string? _path;
    private readonly PathRef _lazyPath;

    public TableReader(TomlTable table, string path, BindContext ctx)
    {
        Table = table;
        _path = path;
        _ctx = ctx;
        _known = ctx.NoKeysKnown;
    }

    /// <summary>A reader whose path is rendered on first use (most tables never report anything).</summary>
    internal TableReader(TomlTable table, PathRef path, BindContext ctx)
    {
        Table = table;
        _lazyPath = path;
        _ctx = ctx;
        _known = ctx.NoKeysKnown;
    }

    /// <summary>The next reader of the pass, in creation order (kept by <see cref="BindContext"/>).</summary>
    internal TableReader? NextReader { get; set; }

    public TomlTable Table { get; }
    public string Path => _path ??= _lazyPath.ToString();
    public BindContext Context => _ctx;
    public SourcePosition Position => Table.Position;

    public string PathOf(string key) => KeyPath.Child(Path, key);

    /// <summary>The lazy path of <paramref name="key"/>: rendered only if something is reported.</summary>
    public PathRef Ref(string key) => PathRef.Key(this, key);

    /// <summary>The raw node for <paramref name="key"/> (marking it known), or null when absent.</summary>
    public TomlNode? Node(string key)
    {
        Known(key);
        return Table.TryGet(key, out var node) ? node : null;
    }

    private void Known(string key) => _known = _known.Then(key);

    public bool Has(string key) => Table.ContainsKey(key);

    /// <summary>
    /// Reports a missing required key — deferred to <see cref="ReportUnknownKeys"/>, because when the key
    /// is merely misspelt ("endpoint" for "endpoints") the unknown-key diagnostic with its suggestion
    /// already says everything, and one mistake should produce one diagnostic.
    /// </summary>
    public void MissingRequired(string key)
    {
        Known(key);
        (_missing ??= new()).Add(key);
    }

    public void Error(string key, string message) =>
        _ctx.Error(Table.TryGet(key, out var n) ? n.Position : Table.Position, Ref(key), message);

    /// <summary>The string at <paramref name="key"/> without any type check or report (for defaults derived from text).</summary>
    public string? RawString(string key) =>
        Table.TryGet(key, out var n) && n is TomlValue { Kind: TomlValueKind.String } v ? v.AsString : null;

    public string? String(string key)
    {
        var node = Node(key);
        if (node is null) return null;
        if (node is TomlValue { Kind: TomlValueKind.String } v) return v.AsString;
        _ctx.TypeError(node, Ref(key), "a string");
        return null;
    }

    /// <summary>A required string; returns "" (after reporting) when missing or wrong, so binding can go on.</summary>
    public string RequiredString(string key)
    {
        if (Has(key)) return String(key) ?? "";
        MissingRequired(key);
        return "";
    }

    public bool TryGet<T>(string key, ValueKind<T> kind, out T value)
    {
        value = default!;
        var node = Node(key);
        return node is not null && _ctx.TryRead(node, Ref(key), kind, out value);
    }

    public T Get<T>(string key, ValueKind<T> kind, T @default) => TryGet(key, kind, out T v) ? v : @default;

    public T? Optional<T>(string key, ValueKind<T> kind) where T : struct => TryGet(key, kind, out T v) ? v : null;

    public T? Required<T>(string key, ValueKind<T> kind) where T : struct
    {
        if (Has(key)) return Optional(key, kind);
        MissingRequired(key);
        return null;
    }

    /// <summary>A required string of <paramref name="kind"/>; "" (after reporting) when missing or bad.</summary>
    public string RequiredText(string key, ValueKind<string> kind)
    {
        if (Has(key)) return Get(key, kind, "");
        MissingRequired(key);
        return "";
    }

    public Duration Duration(string key, Duration @default) => Get(key, Kinds.Duration, @default);

    public ByteSize ByteSize(string key, ByteSize @default) => Get(key, Kinds.ByteSize, @default);

    public long? OptionalLong(string key, long min, long max)
    {
        var node = Node(key);
        return node is not null && _ctx.TryReadInteger(node, Ref(key), min, max, out var v) ? v : null;
    }

    public int Int(string key, int @default, int min, int max) => (int)(OptionalLong(key, min, max) ?? @default);

    public long Long(string key, long @default, long min, long max) => OptionalLong(key, min, max) ?? @default;

    public bool? OptionalBool(string key)
    {
        var node = Node(key);
        if (node is null) return null;
        if (node is TomlValue { Kind: TomlValueKind.Boolean } v) return v.AsBoolean;
        _ctx.TypeError(node, Ref(key), "a boolean (true or false)");
        return null;
    }

    public bool Bool(string key, bool @default) => OptionalBool(key) ?? @default;

    /// <summary>A float in [min, max]; integers are accepted too because "budget = 1" should not be a type error.</summary>
    public double Float(string key, double @default, double min, double max)
    {
        var node = Node(key);
        if (node is null) return @default;
        double value;
        if (node is TomlValue { Kind: TomlValueKind.Float } f) value = f.AsFloat;
        else if (node is TomlValue { Kind: TomlValueKind.Integer } i) value = i.AsInteger;
        else
        {
            _ctx.TypeError(node, Ref(key), "a number");
            return @default;
        }
        if (value >= min && value <= max) return value;
        _ctx.Error(node.Position, Ref(key), FormattableString.Invariant($"{value} is out of range: expected a number from {min} to {max}"));
        return @default;
    }

    /// <summary>The items of an array value with their paths, or null when absent (a non-array is reported).</summary>
    public IReadOnlyList<(TomlNode Node, PathRef Path)>? Items(string key)
    {
        var node = Node(key);
        if (node is null) return null;
        if (node is not TomlArray array)
        {
            _ctx.TypeError(node, Ref(key), "an array");
            return null;
        }
        var result = new List<(TomlNode, PathRef)>(array.Count);
        for (var i = 0; i < array.Count; i++) result.Add((array[i], PathRef.Item(this, key, i)));
        return result;
    }

    /// <summary>An array of values of one kind; bad items are reported and skipped.</summary>
    public ValueList<T>? List<T>(string key, ValueKind<T> kind)
    {
        var node = Node(key);
        if (node is null) return null;
        if (node is not TomlArray array)
        {
            _ctx.TypeError(node, Ref(key), "an array");
            return null;
        }
        var result = array.Count == 0 ? [] : new T[array.Count];
        var n = 0;
        for (var i = 0; i < array.Count; i++)
        {
            if (_ctx.TryRead(array[i], PathRef.Item(this, key, i), kind, out var v)) result[n++] = v;
        }
        if (n != result.Length) Array.Resize(ref result, n);
        return ValueList<T>.Wrap(result);
    }

    public ValueList<string> StringList(string key) => List(key, Kinds.String) ?? default;

    /// <summary>A sub-table (header or inline), or null when absent (a non-table is reported).</summary>
    public TableReader? SubTable(string key)
    {
        var node = Node(key);
        if (node is null) return null;
        if (node is TomlTable t) return _ctx.Reader(t, Ref(key));
        _ctx.TypeError(node, Ref(key), "a table");
        return null;
    }

    /// <summary>An array of tables (<c>[[key]]</c> or an inline array of inline tables); non-table items are reported and skipped.</summary>
    public IReadOnlyList<TableReader> ArrayOfTables(string key)
    {
        var node = Node(key);
        if (node is null) return [];
        if (node is not TomlArray array)
        {
            _ctx.TypeError(node, Ref(key), "an array");
            return [];
        }
        var result = array.Count == 0 ? [] : new TableReader[array.Count];
        var n = 0;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is TomlTable t) result[n++] = _ctx.Reader(t, PathRef.Item(this, key, i));
            else _ctx.TypeError(array[i], PathRef.Item(this, key, i), "a table");
        }
        if (n != result.Length) Array.Resize(ref result, n);
        return result;
    }

    /// <summary>
    /// Reports every key of the table that no getter asked for (suggesting the closest known key), then
    /// the required keys that are missing and not explained by such a typo.
    /// </summary>
    public void ReportUnknownKeys()
    {
        HashSet<string>? explained = null;
        for (var i = 0; i < Table.Count; i++)
        {
            var key = Table.KeyAt(i);
            if (_known.Contains(key)) continue;
            var suggestion = EditDistance.Closest(key, _known.ToList());
            if (suggestion is not null) (explained ??= new HashSet<string>(StringComparer.Ordinal)).Add(suggestion);
            var message = suggestion is null
                ? $"unknown key '{key}'"
                : $"unknown key '{key}': did you mean '{suggestion}'?";
            _ctx.Error(Table.KeyPosition(key), Ref(key), message);
        }
        if (_missing is null) return;
        foreach (var key in _missing)
        {
            if (explained is null || !explained.Contains(key)) _ctx.Error(Table.Position, Path, $"missing required key '{key}'");
        }
    }

    /// <summary>Marks every key as known: for tables whose keys are user data (tiers, header maps).</summary>
    public void AcceptAllKeys()
    {
        for (var i = 0; i < Table.Count; i++) Known(Table.KeyAt(i));
    }
}
