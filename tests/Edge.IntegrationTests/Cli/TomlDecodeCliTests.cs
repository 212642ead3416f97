using System.Text;
using System.Text.Json;

namespace Edge.IntegrationTests.Cli;

/// <summary><c>edge toml-decode</c> as toml-test drives it: stdin → tagged JSON, or line:col on stderr.</summary>
public sealed class TomlDecodeCliTests
{
    [Fact]
    public async Task TomlDecode_ValidInput_WritesTaggedJsonAndExitsZero()
    {
        var input = "key = 42\n[tbl]\ns = \"hé\"\nd = 1979-05-27T07:32:00Z\n"u8.ToArray();
        var result = await EdgeProcess.RunAsync(["toml-decode"], input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal("integer", root.GetProperty("key").GetProperty("type").GetString());
        Assert.Equal("42", root.GetProperty("key").GetProperty("value").GetString());
        Assert.Equal("hé", root.GetProperty("tbl").GetProperty("s").GetProperty("value").GetString());
        Assert.Equal("datetime", root.GetProperty("tbl").GetProperty("d").GetProperty("type").GetString());
    }

    [Fact]
    public async Task TomlDecode_InvalidInput_WritesLineColumnToStderrAndExitsOne()
    {
        var result = await EdgeProcess.RunAsync(["toml-decode"], Encoding.UTF8.GetBytes("a = 1\nb = = 2\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.StartsWith("2:5: ", result.StdErr);
    }

    [Fact]
    public async Task Version_PrintsVersionCommitAndRuntime()
    {
        var result = await EdgeProcess.RunAsync(["version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^edge \d+\.\d+\.\d+ \(commit ([0-9a-f]{7,}|unknown)\) (JIT|native AOT), \.NET ", result.StdOut);
    }

    [Fact]
    public async Task UnknownVerb_PrintsUsageAndExitsTwo()
    {
        var result = await EdgeProcess.RunAsync(["frobnicate"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", result.StdErr);
        Assert.Contains("usage: edge", result.StdErr);
    }
}
