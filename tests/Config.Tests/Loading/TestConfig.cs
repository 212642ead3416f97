using System.Text;
using Edge.Config.Model;

namespace Edge.Config.Tests.Loading;

/// <summary>Helpers shared by the loader, binding and validation tests.</summary>
internal static class TestConfig
{
    public const string FileName = "edge.toml";

    /// <summary>A minimal valid config body that other tests append to.</summary>
    public const string Minimal = """
        [[listeners]]
        bind = "0.0.0.0:8080"

        [[upstreams]]
        name = "coffee"
        endpoints = ["http://127.0.0.1:9001"]

        """;

    public static ConfigLoadResult Load(string toml) => ConfigLoader.LoadFromBytes(Encoding.UTF8.GetBytes(toml), FileName);

    public static string[] Lines(ConfigLoadResult r) => r.Diagnostics.Select(d => d.ToString()).ToArray();

    /// <summary>Loads and asserts success, printing the diagnostics when it fails.</summary>
    public static EdgeConfig LoadOk(string toml)
    {
        var r = Load(toml);
        Assert.True(r.Config is not null, string.Join("\n", Lines(r)));
        return r.Config!;
    }

    /// <summary>Loads and asserts exactly one diagnostic, returning its rendered text.</summary>
    public static string LoadSingleError(string toml)
    {
        var r = Load(toml);
        Assert.Null(r.Config);
        var lines = Lines(r);
        Assert.True(lines.Length == 1, "expected one diagnostic, got:\n" + string.Join("\n", lines));
        return lines[0];
    }
}
