using Edge.Config.Binding;
using Edge.Config.Diagnostics;
using Edge.Config.Model;

namespace Edge.Config;

/// <summary>The outcome of loading a config file: the model when there were no errors, and every diagnostic.</summary>
public sealed class ConfigLoadResult
{
    internal ConfigLoadResult(string fileName, EdgeConfig? config, SourceMap? sourceMap, IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        FileName = fileName;
        Config = config;
        SourceMap = sourceMap;
        Diagnostics = diagnostics;
    }

    public string FileName { get; }

    /// <summary>The bound, validated config; null when any diagnostic was reported.</summary>
    public EdgeConfig? Config { get; }

    /// <summary>
    /// Positions of bound values by key path (null when the file did not parse). It keeps the parsed
    /// TOML document alive, so hold on to it only while positions are needed (e.g. snapshot compile errors).
    /// </summary>
    public SourceMap? SourceMap { get; }

    /// <summary>All problems, sorted by position.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    public bool Succeeded => Config is not null;

    /// <summary>One line for <c>edge check</c>: "edge.toml: ok — 2 listeners, 3 upstreams, ..." or "edge.toml: 3 errors".</summary>
    public string Summary
    {
        get
        {
            if (Config is not { } c)
            {
                return FileName + ": " + Count(Diagnostics.Count, "error");
            }
            var resources = c.Apis.Sum(a => a.Resources.Count);
            return $"{FileName}: ok — {Count(c.Listeners.Count, "listener")}, {Count(c.Upstreams.Count, "upstream")}, " +
                   $"{Count(c.Apis.Count, "api")}, {Count(resources, "resource")}, {Count(c.Throttle.Tiers.Count, "tier")}";
        }
    }

    private static string Count(int n, string noun) =>
        n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");
}
