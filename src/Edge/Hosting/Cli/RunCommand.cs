using System.Net.Sockets;
using System.Runtime.InteropServices;
using Edge.Snapshot;

namespace Edge.Hosting.Cli;

/// <summary>
/// <c>edge run -c FILE</c>: validates the config (every error reported, exit 1), binds every listener
/// (one log line each), serves until SIGTERM or SIGINT, then drains gracefully within
/// <c>server.drain_timeout</c> and exits 0. SIGHUP reloads the file without dropping a request.
/// Operational messages go to stderr; stdout carries the access log.
/// </summary>
internal static class RunCommand
{
    public static int Run(ReadOnlySpan<string> args, CliConsole console)
    {
        if (!CliApp.TryReadConfigPath(args, console, "run", out var path)) return CliApp.ExitUsage;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var bytes = CliApp.TryReadConfigFile(path, console);
        if (bytes is null) return CliApp.ExitRejected;
        // TLS handshake failures (listeners and upstreams) are operational lines on stderr, rate-limited.
        var loaded = SnapshotLoader.Load(bytes, path, generation: 1, previous: null, tlsLog: new Edge.Transport.Tls.TlsFailureLog(console.Error));
        foreach (var warning in loaded.Warnings) console.Error.WriteLine(warning);
        if (loaded.Snapshot is not { } snapshot)
        {
            foreach (var e in loaded.Errors) console.Error.WriteLine(e);
            console.Error.WriteLine($"edge run: {loaded.Summary}");
            return CliApp.ExitRejected;
        }
        var config = snapshot.Config;

        EdgeServer server;
        try
        {
            server = EdgeServer.Start(snapshot, path, console.Error);
        }
        catch (SocketException e)
        {
            console.Error.WriteLine($"edge run: cannot bind: {e.Message}");
            return CliApp.ExitRejected;
        }
        console.Error.WriteLine($"edge: ready in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1} ms ({VersionCommand.Describe()})");
        return RunUntilStopped(server, config.Server.DrainTimeout.ToTimeSpan(), console).GetAwaiter().GetResult();
    }

    private static async Task<int> RunUntilStopped(EdgeServer server, TimeSpan drainTimeout, CliConsole console)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.TrySetResult(); });
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
        {
            ctx.Cancel = true;
            _ = server.ReloadAsync();
        });
        await stop.Task.ConfigureAwait(false);

        console.Error.WriteLine($"edge: draining ({server.OpenConnections} open connections, deadline {drainTimeout.TotalSeconds:F0} s)");
        var clean = await server.DrainAsync(drainTimeout).ConfigureAwait(false);
        await server.DisposeAsync().ConfigureAwait(false);
        console.Error.WriteLine(clean ? "edge: stopped" : "edge: stopped at the drain deadline; remaining connections were closed");
        return CliApp.ExitOk;
    }
}
