using Edge.Config;

namespace Edge.Hosting.Cli;

/// <summary>
/// <c>edge check -c FILE</c>: exit 0 with a one-line summary for a valid file; exit 1 with every error
/// as <c>file:line:col: key.path: message</c> (all of them, sorted by position) for an invalid one.
/// </summary>
internal static class CheckCommand
{
    public static int Run(ReadOnlySpan<string> args, CliConsole console)
    {
        if (!CliApp.TryReadConfigPath(args, console, "check", out var path)) return CliApp.ExitUsage;
        var result = ConfigLoader.Load(path);
        if (result.Succeeded)
        {
            console.Out.WriteLine(result.Summary);
            return CliApp.ExitOk;
        }
        foreach (var diagnostic in result.Diagnostics) console.Error.WriteLine(diagnostic.ToString());
        console.Error.WriteLine($"edge check: {result.Summary}");
        return CliApp.ExitRejected;
    }
}
