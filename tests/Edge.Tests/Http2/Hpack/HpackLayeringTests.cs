using System.Text.RegularExpressions;

namespace Edge.Tests.Http2.Hpack;

/// <summary>
/// DESIGN.md §2: Hpack is a leaf that uses only the BCL and Http's enums, so it can be tested and
/// benchmarked alone. The folder-level architecture test sees Hpack only as part of Http2; this checks
/// the stricter rule for the Hpack folder itself.
/// </summary>
public sealed partial class HpackLayeringTests
{
    [Fact]
    public void Hpack_ReferencesNothingOfEdgeButHttp()
    {
        var folder = Path.Combine(SourceRoot(), "Http2", "Hpack");
        Assert.True(Directory.Exists(folder), folder);
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in Reference().Matches(File.ReadAllText(file)))
            {
                if (m.Groups[1].Value is "Http2.Hpack" or "Http")
                    continue;
                violations.Add($"{Path.GetFileName(file)}: references Edge.{m.Groups[1].Value}");
            }
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [GeneratedRegex(@"(?<![\w.])(?:global::)?Edge\.((?:Http2\.Hpack)|\w+)\b")]
    private static partial Regex Reference();

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Edge");
            if (Directory.Exists(Path.Combine(candidate, "Transport")))
                return candidate;
        }
        throw new DirectoryNotFoundException("src/Edge not found above the test binaries");
    }
}
