using Edge.Config.Binding;
using Edge.Config.Diagnostics;
using Edge.Config.Model;
using Edge.Config.Toml;

namespace Edge.Config.Validation;

/// <summary>
/// What a rule sees: the bound model, the side table of positions, and the bag to report into. Rules
/// name values by key path ("apis[0].upstream"); the source map turns the path into a position.
/// </summary>
internal sealed class ValidationContext
{
    public ValidationContext(EdgeConfig config, SourceMap map, DiagnosticBag diagnostics)
    {
        Config = config;
        Map = map;
        Diagnostics = diagnostics;
    }

    public EdgeConfig Config { get; }
    public SourceMap Map { get; }
    public DiagnosticBag Diagnostics { get; }

    public void Report(string path, string message) => Diagnostics.Add(Map.Get(path), path, message);

    public SourcePosition PositionOf(string path) => Map.Get(path);

    /// <summary>"apis[0].resources[1] (line 12, column 3)": how a message points at an earlier definition.</summary>
    public string Describe(string path)
    {
        var p = Map.Get(path);
        return FormattableString.Invariant($"{path} (line {p.Line}, column {p.Column})");
    }

    public static string Api(int i) => KeyPath.Index("apis", i);
    public static string Resource(int api, int resource) => KeyPath.Index(Api(api) + ".resources", resource);
    public static string Listener(int i) => KeyPath.Index("listeners", i);
    public static string Upstream(int i) => KeyPath.Index("upstreams", i);
}
