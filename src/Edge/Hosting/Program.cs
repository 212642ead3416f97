using Edge.Hosting.Cli;

namespace Edge.Hosting;

internal static class Program
{
    /// <summary>The runtime's switch for running socket completions on the epoll threads (Linux).</summary>
    internal const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private static int Main(string[] args)
    {
        // Edge never blocks on a socket thread (every I/O is async, parsing and forwarding run inline on
        // the pipes), so socket completions can run on the epoll threads — one event loop per core —
        // instead of hopping to the thread pool for each receive and send. Measured on the 2-core VM:
        // 55 → 35 µs of CPU per proxied request (docs/performance.md). The engine reads the variable when
        // the first socket is made, so it is set before anything else; an explicit setting wins.
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        var console = new CliConsole(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError())
        {
            StdInIsTerminal = !Console.IsInputRedirected,
        };
        return CliApp.Run(args, console);
    }
}
