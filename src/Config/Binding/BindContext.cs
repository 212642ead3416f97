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
    // Readers in creation order, chained through TableReader.NextReader: one per table, and a list
    // of tens of thousands would be a large-object allocation on every reload.
    private TableReader? _firstReader;
    private TableReader? _lastReader;

    public BindContext(DiagnosticBag diagnostics)
    {
        Diagnostics = diagnostics;
    }

    public DiagnosticBag Diagnostics { get; }

    public TableReader Reader(TomlTable table, string path)
    {
        return Track(new TableReader(table, path, this));
    }

    /// <summary>A reader whose path is rendered only when something about its table is reported.</summary>
    public TableReader Reader(TomlTable table, PathRef path)
    {
        return Track(new TableReader(table, path, this));
    }

    /// <summary>Where every reader's list of asked-for keys starts (see <see cref="KnownKeys"/>).</summary>
    internal KnownKeys NoKeysKnown { get; } = KnownKeys.CreateRoot();

    private TableReader Track(TableReader reader)
    {
        if (_lastReader is null) _firstReader = reader;
        else _lastReader.NextReader = reader;
        _lastReader = reader;
        return reader;
    }

    /// <summary>Reports unknown keys of every table read in this pass; call once, after binding.</summary>
    public void ReportUnknownKeys()
    {
        for (var reader = _firstReader; reader is not null; reader = reader.NextReader) reader.ReportUnknownKeys();
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

/// <summary>
/// The keys a <see cref="TableReader"/> asked for, in order, as a node of a tree shared by all readers of
/// one pass: a reader's list is the path from its node up to the root. Readers of the same kind ask for
/// the same keys in the same order, so ten thousand resource tables share one short chain of nodes
/// instead of holding ten thousand lists; only unknown-key reports ever turn a path back into a list.
/// </summary>
internal sealed class KnownKeys
{
    private readonly string? _key;
    private readonly KnownKeys? _parent;
    private KnownKeys? _firstChild;
    private List<KnownKeys>? _otherChildren;

    private KnownKeys(string? key, KnownKeys? parent)
    {
        _key = key;
        _parent = parent;
    }

    public static KnownKeys CreateRoot() => new(null, null);

    /// <summary>This list followed by <paramref name="key"/>.</summary>
    public KnownKeys Then(string key)
    {
        if (_firstChild is null) return _firstChild = new KnownKeys(key, this);
        if (string.Equals(_firstChild._key, key, StringComparison.Ordinal)) return _firstChild;
        if (_otherChildren is not null)
        {
            foreach (var child in _otherChildren)
            {
                if (string.Equals(child._key, key, StringComparison.Ordinal)) return child;
            }
        }
        var added = new KnownKeys(key, this);
        (_otherChildren ??= new List<KnownKeys>()).Add(added);
        return added;
    }

    public bool Contains(string key)
    {
        for (var node = this; node._parent is not null; node = node._parent)
        {
            if (string.Equals(node._key, key, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The keys in the order they were asked for (duplicates included).</summary>
    public List<string> ToList()
    {
        var list = new List<string>();
        for (var node = this; node._parent is not null; node = node._parent) list.Add(node._key!);
        list.Reverse();
        return list;
    }
}
