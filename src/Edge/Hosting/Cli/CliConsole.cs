using System.Text;

namespace Edge.Hosting.Cli;

/// <summary>The streams a CLI verb talks to; tests pass memory streams, Program the process's own.</summary>
internal sealed class CliConsole
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public CliConsole(Stream stdin, Stream stdout, Stream stderr)
    {
        StdIn = stdin;
        StdOut = stdout;
        Out = new StreamWriter(stdout, Utf8NoBom) { AutoFlush = true, NewLine = "\n" };
        Error = new StreamWriter(stderr, Utf8NoBom) { AutoFlush = true, NewLine = "\n" };
    }

    public Stream StdIn { get; }

    /// <summary>Stdin is an interactive terminal (secrets are then read without echo); false for pipes, files and tests.</summary>
    public bool StdInIsTerminal { get; init; }
    public Stream StdOut { get; }
    public TextWriter Out { get; }
    public TextWriter Error { get; }
}
