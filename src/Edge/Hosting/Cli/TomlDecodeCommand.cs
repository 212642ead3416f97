using Edge.Config.Toml;

namespace Edge.Hosting.Cli;

/// <summary>
/// <c>edge toml-decode</c>: the decoder interface of toml-test. TOML on stdin → tagged JSON on stdout
/// (exit 0); invalid TOML → <c>line:column: message</c> on stderr (exit 1).
/// </summary>
internal static class TomlDecodeCommand
{
    public static int Run(CliConsole console)
    {
        using var input = new MemoryStream();
        console.StdIn.CopyTo(input);
        TomlTable document;
        try
        {
            document = TomlParser.Parse(input.GetBuffer().AsSpan(0, (int)input.Length));
        }
        catch (TomlException e)
        {
            console.Error.WriteLine(e.Message);
            return CliApp.ExitRejected;
        }
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        TomlTaggedJson.Write(document, output);
        console.StdOut.Write(output.WrittenSpan);
        console.StdOut.Write("\n"u8);
        console.StdOut.Flush();
        return CliApp.ExitOk;
    }
}
