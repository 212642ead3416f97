namespace Edge.Config.Tests.Loading;

/// <summary>The key acceptance test: independent mistakes are all reported, each exactly once, with position and path.</summary>
public sealed class AcceptanceTests
{
    private const string ThreeMistakes = """
        [[listeners]]
        bind = "0.0.0.0:8080"

        [[upstreams]]
        name = "coffee"
        endpoints = ["http://127.0.0.1:9001"]
        connect_timout = "5s"
        response_timeout = "5 seconds"

        [[apis]]
        name = "coffeebar"
        base_path = "/coffeebar/v1"
        upstream = "tea"
        """;

    [Fact]
    public void Load_ThreeMistakes_ReportsExactlyThreePositionedDiagnostics()
    {
        var r = TestConfig.Load(ThreeMistakes);

        Assert.Null(r.Config);
        Assert.Equal(
            [
                "edge.toml:7:1: upstreams[0].connect_timout: unknown key 'connect_timout': did you mean 'connect_timeout'?",
                "edge.toml:8:20: upstreams[0].response_timeout: bad duration \"5 seconds\": expected a number followed by ms, s, m, h or d (e.g. \"250ms\", \"5s\"), at most 24d",
                "edge.toml:13:12: apis[0].upstream: undefined upstream \"tea\": expected the name of an [[upstreams]] entry (defined: \"coffee\")",
            ],
            TestConfig.Lines(r));
        Assert.Equal("edge.toml: 3 errors", r.Summary);
    }

    [Fact]
    public void Load_MisspeltRequiredKey_ReportsOnlyTheTypo()
    {
        // "endpoint" for "endpoints" is one mistake: the unknown-key suggestion replaces "missing required key".
        var r = TestConfig.Load("""
            [[upstreams]]
            name = "coffee"
            endpoint = ["http://127.0.0.1:9001"]

            [[apis]]
            name = "coffeebar"
            base_path = "/coffeebar/v1"
            upstream = "cofee"
            """);

        Assert.Equal(
            [
                "edge.toml:3:1: upstreams[0].endpoint: unknown key 'endpoint': did you mean 'endpoints'?",
                "edge.toml:8:12: apis[0].upstream: undefined upstream \"cofee\" (did you mean \"coffee\"?): expected the name of an [[upstreams]] entry (defined: \"coffee\")",
            ],
            TestConfig.Lines(r));
    }

    [Fact]
    public void Load_SyntaxError_ReportsOneDiagnosticWithoutKeyPath()
    {
        var r = TestConfig.Load("[server]\nadmin = \"127.0.0.1:9901\n");
        Assert.Null(r.Config);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("", d.KeyPath);
        Assert.Equal(2, d.Position.Line);
        Assert.StartsWith("edge.toml:2:", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ReportsOneDiagnosticAtOneOne()
    {
        var path = Path.Combine(Path.GetTempPath(), "edge-config-tests-" + Guid.NewGuid().ToString("N"), "nope.toml");
        var r = ConfigLoader.Load(path);
        Assert.Null(r.Config);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(new Edge.Config.Toml.SourcePosition(1, 1), d.Position);
        Assert.Equal(path, d.File);
        Assert.Contains("nope.toml", d.Message, StringComparison.Ordinal);
        Assert.Equal(path + ": 1 error", r.Summary);
    }

    [Fact]
    public void Load_FileOnDisk_LoadsLikeBytes()
    {
        var path = Path.Combine(Path.GetTempPath(), "edge-config-test-" + Guid.NewGuid().ToString("N") + ".toml");
        File.WriteAllText(path, FullExampleTests.Example);
        try
        {
            var r = ConfigLoader.Load(path);
            Assert.Empty(r.Diagnostics);
            Assert.Equal(TestConfig.LoadOk(FullExampleTests.Example), r.Config);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
