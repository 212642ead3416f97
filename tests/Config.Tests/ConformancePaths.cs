namespace Edge.Config.Tests;

/// <summary>
/// Finds the external conformance vectors: <c>$EDGE_CONFORMANCE_DIR</c> when set, otherwise the
/// <c>shared/conformance</c> folder beside the repository (found by walking up from the test binary).
/// The vectors are never copied into the repository.
/// </summary>
internal static class ConformancePaths
{
    public static string Root { get; } = Find();

    public static string Sub(string name) => Path.Combine(Root, name);

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("EDGE_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(env)) return Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            "conformance vectors not found: set EDGE_CONFORMANCE_DIR or put shared/conformance beside the repository");
    }
}
