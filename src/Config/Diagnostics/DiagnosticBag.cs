using Edge.Config.Toml;

namespace Edge.Config.Diagnostics;

/// <summary>Collects every diagnostic of one load so all of them are reported at once, never just the first.</summary>
public sealed class DiagnosticBag
{
    private readonly List<ConfigDiagnostic> _items = new();

    public DiagnosticBag(string file) => File = file;

    /// <summary>The file name the diagnostics are reported against (as the user passed it).</summary>
    public string File { get; }

    public IReadOnlyList<ConfigDiagnostic> Items => _items;
    public bool HasErrors => _items.Count > 0;

    public void Add(SourcePosition position, string keyPath, string message) =>
        _items.Add(new ConfigDiagnostic(File, position, keyPath, message));

    /// <summary>Diagnostics sorted by position, the order a reader fixes them in.</summary>
    public IReadOnlyList<ConfigDiagnostic> Sorted() =>
        _items.OrderBy(d => d.Position.Line).ThenBy(d => d.Position.Column).ToList();
}
