namespace Edge.Hosting.Cli;

/// <summary>Dispatches <c>edge VERB [options]</c>. Exit codes: 0 ok, 1 the input was rejected, 2 usage error (and, for reload, Edge unreachable).</summary>
internal static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitRejected = 1;
    public const int ExitUsage = 2;

    public static int Run(string[] args, CliConsole console)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
        {
            PrintUsage(args.Length == 0 ? console.Error : console.Out);
            return args.Length == 0 ? ExitUsage : ExitOk;
        }
        var rest = args.AsSpan(1);
        return args[0] switch
        {
            "version" or "--version" => VersionCommand.Run(console),
            "toml-decode" => TomlDecodeCommand.Run(console),
            "check" => CheckCommand.Run(rest, console),
            "run" => RunCommand.Run(rest, console),
            "reload" => ReloadCommand.Run(rest, console),
            "hash-password" => HashPasswordCommand.Run(rest, console),
            _ => UnknownVerb(args[0], console),
        };
    }

    private static int UnknownVerb(string verb, CliConsole console)
    {
        console.Error.WriteLine($"edge: unknown command '{verb}'");
        PrintUsage(console.Error);
        return ExitUsage;
    }

    internal static void PrintUsage(TextWriter w)
    {
        w.WriteLine("usage: edge <command> [options]");
        w.WriteLine();
        w.WriteLine("commands:");
        w.WriteLine("  run -c FILE       serve with the config (SIGHUP reloads, SIGTERM drains and exits)");
        w.WriteLine("  reload -c FILE [--admin HOST:PORT]");
        w.WriteLine("                    ask the running Edge to reload (admin POST /reload); prints every error;");
        w.WriteLine("                    exit 0 reloaded, 1 rejected (old config keeps serving), 2 Edge unreachable");
        w.WriteLine("  check -c FILE     validate a config file; prints a summary, or every error as file:line:col");
        w.WriteLine("  hash-password [--iterations N]");
        w.WriteLine("                    read a password on stdin (no echo at a terminal), print its [[auth.basic_users]] hash");
        w.WriteLine("  toml-decode       read TOML on stdin, write toml-test tagged JSON on stdout");
        w.WriteLine("  version           print version, commit and runtime");
        w.WriteLine("  help              print this text");
    }

    /// <summary>Reads the config file's bytes; an unreadable file is reported like a config error, at 1:1.</summary>
    internal static byte[]? TryReadConfigFile(string path, CliConsole console)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"{path}:1:1: {e.Message}");
            return null;
        }
    }

    /// <summary>Reads <c>-c FILE</c> / <c>--config FILE</c> (default edge.toml); false with a message on bad usage.</summary>
    internal static bool TryReadConfigPath(ReadOnlySpan<string> args, CliConsole console, string verb, out string path)
    {
        path = "edge.toml";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-c" or "--config" when i + 1 < args.Length:
                    path = args[++i];
                    break;
                case "-c" or "--config":
                    console.Error.WriteLine($"edge {verb}: {args[i]} needs a file name");
                    return false;
                default:
                    console.Error.WriteLine($"edge {verb}: unexpected argument '{args[i]}' (usage: edge {verb} -c FILE)");
                    return false;
            }
        }
        return true;
    }
}
