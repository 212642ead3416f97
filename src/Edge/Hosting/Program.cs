using Edge.Hosting.Cli;

namespace Edge.Hosting;

internal static class Program
{
    private static int Main(string[] args)
    {
        var console = new CliConsole(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError());
        return CliApp.Run(args, console);
    }
}
