using System.Globalization;
using System.Text;
using Edge.Security.Basic;

namespace Edge.Hosting.Cli;

/// <summary>
/// <c>edge hash-password [--iterations N]</c>: prints the <c>[[auth.basic_users]] hash</c> string for a
/// password — <c>pbkdf2-sha256$600000$&lt;salt&gt;$&lt;hash&gt;</c> (PBKDF2-HMAC-SHA256, random 16-byte salt).
/// The password is read from stdin: at a terminal it is prompted for twice without echo; from a pipe the
/// first line is taken (<c>printf '%s' "$PW" | edge hash-password</c>), without its line ending. The
/// password is never an argument (it would be visible in the process list and shell history).
/// Exit 0 with the hash on stdout; 1 for an empty password or a mismatch; 2 for bad usage.
/// </summary>
internal static class HashPasswordCommand
{
    /// <summary>Longest password read (bytes of UTF-8); PBKDF2 hashes any length, this bounds the read.</summary>
    public const int MaxPasswordBytes = 4096;

    public static int Run(ReadOnlySpan<string> args, CliConsole console)
    {
        var iterations = Pbkdf2Hash.DefaultIterations;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--iterations" or "-i" && i + 1 < args.Length
                && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Pbkdf2Hash.MaxIterations)
            {
                iterations = n;
                i++;
                continue;
            }
            console.Error.WriteLine($"edge hash-password: unexpected argument '{args[i]}' (usage: edge hash-password [--iterations 1..{Pbkdf2Hash.MaxIterations}]; the password is read from stdin)");
            return CliApp.ExitUsage;
        }

        byte[]? password;
        if (console.StdInIsTerminal)
        {
            var first = ReadHidden(console, "Password: ");
            var second = ReadHidden(console, "Repeat password: ");
            if (first != second)
            {
                console.Error.WriteLine("edge hash-password: the passwords differ");
                return CliApp.ExitRejected;
            }
            password = Encoding.UTF8.GetBytes(first);
        }
        else
        {
            password = ReadLine(console.StdIn);
        }
        if (password is null || password.Length == 0)
        {
            console.Error.WriteLine("edge hash-password: empty password (expected one line on stdin)");
            return CliApp.ExitRejected;
        }
        if (password.Length > MaxPasswordBytes)
        {
            console.Error.WriteLine($"edge hash-password: password longer than {MaxPasswordBytes} bytes");
            return CliApp.ExitRejected;
        }
        var hash = Pbkdf2Hash.Create(password, iterations);
        Array.Clear(password);
        console.Out.WriteLine(hash.Format());
        return CliApp.ExitOk;
    }

    /// <summary>The first line of a piped stdin, without "\n" or "\r\n"; null when it is empty.</summary>
    private static byte[]? ReadLine(Stream input)
    {
        var buffer = new MemoryStream();
        Span<byte> one = stackalloc byte[1];
        while (buffer.Length <= MaxPasswordBytes && input.Read(one) == 1)
        {
            if (one[0] == (byte)'\n') break;
            buffer.WriteByte(one[0]);
        }
        var bytes = buffer.ToArray();
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r') bytes = bytes[..^1];
        return bytes;
    }

    /// <summary>Reads a line at the terminal without echoing it (backspace edits; Enter ends).</summary>
    private static string ReadHidden(CliConsole console, string prompt)
    {
        console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) text.Length--;
                continue;
            }
            if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        console.Error.WriteLine();
        return text.ToString();
    }
}
