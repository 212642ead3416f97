using Edge.Snapshot;

namespace Edge.Hosting.Cli;

/// <summary>
/// <c>edge check -c FILE</c>: exit 0 with a one-line summary for a file Edge would run; exit 1 with every
/// error as <c>file:line:col: key.path: message</c> (all of them, sorted by position). It runs the same
/// loader as startup and reload (parse, bind, validate, compile routes, refuse unimplemented features),
/// so a file that passes check is a file Edge accepts.
/// </summary>
internal static class CheckCommand
{
    public static int Run(ReadOnlySpan<string> args, CliConsole console)
    {
        if (!CliApp.TryReadConfigPath(args, console, "check", out var path)) return CliApp.ExitUsage;
        var bytes = CliApp.TryReadConfigFile(path, console);
        if (bytes is null)
        {
            console.Error.WriteLine($"edge check: {path}: 1 error");
            return CliApp.ExitRejected;
        }
        var result = SnapshotLoader.Load(bytes, path, generation: 1, previous: null);
        foreach (var warning in result.Warnings) console.Error.WriteLine(warning);
        if (result.Snapshot is { } snapshot)
        {
            foreach (var cluster in snapshot.Clusters.Values) cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
            console.Out.WriteLine(result.Summary);
            return CliApp.ExitOk;
        }
        foreach (var error in result.Errors) console.Error.WriteLine(error);
        console.Error.WriteLine($"edge check: {result.Summary}");
        return CliApp.ExitRejected;
    }
}
