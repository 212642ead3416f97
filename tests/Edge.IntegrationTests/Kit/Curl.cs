using System.Diagnostics;
using System.Text;

namespace Edge.IntegrationTests.Kit;

/// <summary>Runs the real curl binary (a client independent of .NET) and captures its output.</summary>
internal static class Curl
{
    public sealed record Result(int ExitCode, byte[] StdOut, string StdErr)
    {
        public string Text => Encoding.UTF8.GetString(StdOut);
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Never a proxy from the environment; never wait forever.
        psi.ArgumentList.Add("--noproxy");
        psi.ArgumentList.Add("*");
        psi.ArgumentList.Add("--max-time");
        psi.ArgumentList.Add("60");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start curl");
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"curl {string.Join(' ', args)} did not exit within 90 s");
        }
        await copy;
        return new Result(process.ExitCode, stdout.ToArray(), await stderr);
    }
}
