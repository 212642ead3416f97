using System.Globalization;
using Edge.Config.Toml;

namespace Edge.Config.Binding;

/// <summary>
/// Where each bound value came from, looked up by its dotted key path ("apis[0].resources[2].path").
/// Positions are kept beside the model instead of inside it: they must not take part in the records'
/// value equality (a reload that only moved a block would otherwise look like a change), and the model
/// stays free of bookkeeping fields. The map resolves a path by walking the parsed TOML tree on demand,
/// so binding pays nothing for it: paths are only resolved when there is something to report.
/// </summary>
public sealed class SourceMap
{
    private static readonly SourcePosition Start = new(1, 1);
    private readonly TomlTable _root;

    internal SourceMap(TomlTable root) => _root = root;

    /// <summary>
    /// The position of the value at <paramref name="path"/>, or of its nearest existing ancestor (a
    /// defaulted key has no position of its own, so errors about it point at the table that omitted it).
    /// </summary>
    public SourcePosition Get(string path) => Resolve(path, out var pos) ? pos : pos;

    /// <summary>True when <paramref name="path"/> names a value that is present in the file.</summary>
    public bool Contains(string path) => Resolve(path, out _);

    private bool Resolve(string path, out SourcePosition position)
    {
        TomlNode node = _root;
        position = Start;
        var i = 0;
        while (i < path.Length)
        {
            TomlNode? next;
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return false;
                next = node is TomlArray a && index < a.Count ? a[index] : null;
                i = close + 1;
            }
            else
            {
                if (path[i] == '.') i++;
                var key = ReadKey(path, ref i);
                next = node is TomlTable t && t.TryGet(key, out var child) ? child : null;
            }
            if (next is null) return false;
            node = next;
            position = node.Position;
        }
        return true;
    }

    /// <summary>Reads a bare key or a "quoted" key (as <see cref="KeyPath"/> writes them).</summary>
    private static string ReadKey(string path, ref int i)
    {
        if (i < path.Length && path[i] == '"')
        {
            var sb = new System.Text.StringBuilder();
            i++;
            while (i < path.Length && path[i] != '"')
            {
                if (path[i] == '\\' && i + 1 < path.Length) i++;
                sb.Append(path[i++]);
            }
            i++;
            return sb.ToString();
        }
        var start = i;
        while (i < path.Length && path[i] != '.' && path[i] != '[') i++;
        return path[start..i];
    }
}
