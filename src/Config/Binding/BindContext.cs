using System.Globalization;
using Edge.Config.Diagnostics;
using Edge.Config.Toml;

namespace Edge.Config.Binding;

/// <summary>
/// State shared by one binding pass: where diagnostics go, the source map being filled, and every
/// <see cref="TableReader"/> handed out (so unknown keys are reported for all of them at the end, even
/// for tables a binder forgot to finish).
/// </summary>
internal sealed class BindContext
{
    private readonly List<TableReader> _readers = new();

    public BindContext(DiagnosticBag diagnostics)
    {
        Diagnostics = diagnostics;
    }

    public DiagnosticBag Diagnostics { get; }

    public TableReader Reader(TomlTable table, string path)
    {
        var reader = new TableReader(table, path, this);
        _readers.Add(reader);
        return reader;
    }

    /// <summary>A reader whose path is rendered only when something about its table is reported.</summary>
    public TableReader Reader(TomlTable table, PathRef path)
    {
        var reader = new TableReader(table, path, this);
        _readers.Add(reader);
        return reader;
    }

    // The keys each reader asked for, as one linked list per reader in a shared arena: a large config has
    // tens of thousands of tables, and a list of its own for each would be most of binding's allocations.
    private (string Key, int Next)[] _known = new (string, int)[256];
    private int _knownCount;

    /// <summary>Appends <paramref name="key"/> to the list that ends at <paramref name="tail"/> (-1: a new list); returns the new tail.</summary>
    internal int AddKnown(int tail, string key)
    {
        if (_knownCount == _known.Length) Array.Resize(ref _known, _known.Length * 2);
        var index = _knownCount++;
        _known[index] = (key, -1);
        if (tail >= 0) _known[tail].Next = index;
        return index;
    }

    /// <summary>True when the list starting at <paramref name="head"/> holds <paramref name="key"/>.</summary>
    internal bool ContainsKnown(int head, string key)
    {
        for (var i = head; i >= 0; i = _known[i].Next)
        {
            if (string.Equals(_known[i].Key, key, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The list starting at <paramref name="head"/>, in the order the keys were asked for.</summary>
    internal List<string> KnownList(int head)
    {
        var list = new List<string>();
        for (var i = head; i >= 0; i = _known[i].Next) list.Add(_known[i].Key);
        return list;
    }

    /// <summary>Reports unknown keys of every table read in this pass; call once, after binding.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var reader in _readers) reader.ReportUnknownKeys();
    }

    public void Error(SourcePosition position, string path, string message) => Diagnostics.Add(position, path, message);

    public void Error(SourcePosition position, PathRef path, string message) => Diagnostics.Add(position, path.ToString(), message);

    public void TypeError(TomlNode node, PathRef path, string expected) =>
        Error(node.Position, path, $"expected {expected}, found {Describe(node)}");

    /// <summary>Reads a string-valued node of <paramref name="kind"/>; reports and returns false when it is not one.</summary>
    public bool TryRead<T>(TomlNode node, PathRef path, ValueKind<T> kind, out T value)
    {
        value = default!;
        if (node is TomlValue { Kind: TomlValueKind.Integer } iv && kind.FromInteger is { } fromInteger)
        {
            var (ok, converted) = fromInteger(iv.AsInteger);
            if (!ok)
            {
                Error(node.Position, path, $"bad {kind.What} {iv.AsInteger.ToString(CultureInfo.InvariantCulture)}: {kind.Expected}");
                return false;
            }
            value = converted;
            return true;
        }
        if (node is not TomlValue { Kind: TomlValueKind.String } sv)
        {
            TypeError(node, path, kind.FromInteger is null ? "a string" : "a string or integer");
            return false;
        }
        var text = sv.AsString;
        if (kind.Parse(text, out value, out var reason)) return true;
        Error(node.Position, path, $"bad {kind.What} \"{text}\": {reason ?? kind.Expected}");
        return false;
    }

    /// <summary>Reads an integer node within [min, max].</summary>
    public bool TryReadInteger(TomlNode node, PathRef path, long min, long max, out long value)
    {
        value = 0;
        if (node is not TomlValue { Kind: TomlValueKind.Integer } iv)
        {
            TypeError(node, path, "an integer");
            return false;
        }
        value = iv.AsInteger;
        if (value >= min && value <= max) return true;
        Error(node.Position, path, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range: expected an integer from " +
            $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return false;
    }

    /// <summary>"integer", or "array" / "table" / "bool" — the TOML type a user would recognise.</summary>
    private static string Describe(TomlNode node) => node switch
    {
        TomlValue v => v.Kind switch
        {
            TomlValueKind.Boolean => "boolean",
            TomlValueKind.OffsetDateTime or TomlValueKind.LocalDateTime or TomlValueKind.LocalDate or TomlValueKind.LocalTime => "date-time",
            _ => v.TypeName,
        },
        _ => node.TypeName,
    };
}
