using System.Text.RegularExpressions;

namespace Edge.Tests.Architecture;

/// <summary>
/// DESIGN.md §2 dependency direction: Hosting → Snapshot → {Policies, Upstream, Routing, Security,
/// Throttling, Observability} → {Http1, Http2} → Http → Transport; in the middle tier only Policies →
/// {Security, Throttling, Observability} and Upstream → Observability; Routing, Security, Throttling and
/// Hpack use only the BCL and Http; only Snapshot and Hosting reference Edge.Config. Every
/// <c>using Edge.*</c> and every qualified <c>Edge.X.</c> reference in src/Edge is checked.
/// </summary>
public sealed partial class DependencyDirectionTests
{
    private static readonly string[] Protocol = ["Http1", "Http2", "Http", "Transport"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Transport"] = [],
        ["Http"] = ["Transport"],
        ["Http1"] = ["Http", "Transport"],
        ["Http2"] = ["Http", "Transport"],
        ["Routing"] = ["Http"],
        ["Security"] = ["Http"],
        ["Throttling"] = ["Http"],
        ["Observability"] = Protocol,
        ["Policies"] = [.. Protocol, "Security", "Throttling", "Observability"],
        ["Upstream"] = [.. Protocol, "Observability"],
        ["Snapshot"] = [.. Protocol, "Policies", "Upstream", "Routing", "Security", "Throttling", "Observability", "Config"],
        ["Hosting"] = [.. Protocol, "Policies", "Upstream", "Routing", "Security", "Throttling", "Observability", "Config", "Snapshot"],
    };

    public static TheoryData<string> Folders()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(SourceRoot).Select(Path.GetFileName).Order())
        {
            if (dir is "bin" or "obj") continue;
            data.Add(dir!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_ReferencesOnlyAllowedLayers(string folder)
    {
        Assert.True(Allowed.TryGetValue(folder, out var allowed), $"src/Edge/{folder} is not in DESIGN.md's layer list; add it to this test deliberately");
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SourceRoot, folder), "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Reference().Matches(text))
            {
                var target = m.Groups[1].Value;
                if (target == folder || allowed.Contains(target)) continue;
                violations.Add($"{Path.GetRelativePath(SourceRoot, file)}: references Edge.{target}");
            }
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    // `using Edge.X`, `Edge.X.Type`, and `global::Edge.X` — but not `Edge.X` inside a longer identifier.
    [GeneratedRegex(@"(?<![\w.])(?:global::)?Edge\.(Transport|Http1|Http2|Http|Routing|Security|Throttling|Observability|Policies|Upstream|Snapshot|Hosting|Config)\b")]
    private static partial Regex Reference();

    private static string SourceRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "src", "Edge");
                if (Directory.Exists(Path.Combine(candidate, "Transport"))) return candidate;
            }
            throw new DirectoryNotFoundException("src/Edge not found above the test binaries");
        }
    }
}
