using System.Globalization;
using System.Text;

namespace Edge.Config.Tests.Loading;

/// <summary>Large configs load (no timing is asserted: performance lives in bench/).</summary>
public sealed class ScaleTests
{
    [Fact]
    public void Load_TenThousandResources_LoadsWithoutDiagnostics()
    {
        var sb = new StringBuilder(TestConfig.Minimal);
        for (var a = 0; a < 1000; a++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"[[apis]]\nname = \"api{a}\"\nbase_path = \"/api{a}\"\nupstream = \"coffee\"\n");
            for (var r = 0; r < 10; r++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"[[apis.resources]]\npath = \"/r{r}/{{id}}\"\nmethods = [\"GET\", \"POST\"]\n");
            }
        }
        var result = TestConfig.Load(sb.ToString());
        Assert.Empty(result.Diagnostics);
        Assert.Equal("edge.toml: ok — 1 listener, 1 upstream, 1000 apis, 10000 resources, 0 tiers", result.Summary);
    }
}
