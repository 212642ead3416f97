using Edge.Config.Toml;

namespace Edge.Config.Binding;

/// <summary>
/// Where each bound value came from, keyed by its dotted key path ("apis[0].resources[2].path").
/// Kept beside the model instead of inside it: positions must not take part in the records' value
/// equality (a reload that only moved a block would otherwise look like a change), and a side table
/// keeps the model free of bookkeeping fields. Validation rules rebuild the same paths to look up
/// where to report.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);

    internal void Record(string path, SourcePosition position) => _positions.TryAdd(path, position);

    /// <summary>
    /// The position of <paramref name="path"/>, or of its nearest recorded ancestor (a defaulted key has
    /// no position of its own, so errors about it point at the table that omitted it).
    /// </summary>
    public SourcePosition Get(string path)
    {
        var p = path;
        while (p.Length > 0)
        {
            if (_positions.TryGetValue(p, out var pos)) return pos;
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            if (cut <= 0) break;
            p = p[..cut];
        }
        return _positions.TryGetValue(p, out var root) ? root : new SourcePosition(1, 1);
    }

    public bool Contains(string path) => _positions.ContainsKey(path);
}
