using System.ComponentModel;
using System.Diagnostics;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// Runs a script with the real <c>node</c> binary (a client independent of .NET) and captures its output.
/// Null when node is not installed: the tests using it are an optional second opinion.
/// </summary>
internal static class Node
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static async Task<Result?> RunAsync(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        }
        catch (Win32Exception)
        {
            return null;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("node did not exit within 60 s");
            }
            return new Result(process.ExitCode, await stdout, await stderr);
        }
    }
}
