using System.Diagnostics;

namespace Edge.IntegrationTests.Kit;

/// <summary>Runs the real <c>openssl</c> binary (s_client), a TLS client independent of .NET, with a bounded wait.</summary>
internal static class OpenSsl
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + "\n" + StdErr;
    }

    /// <summary>
    /// Runs <c>openssl s_client -connect 127.0.0.1:PORT</c> with <paramref name="args"/>, sending
    /// <paramref name="input"/> (s_client exits at the end of its input; -ign_eof is not used, so a
    /// closed connection ends it too).
    /// </summary>
    public static async Task<Result> SClientAsync(int port, string input, params string[] args)
    {
        var psi = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("s_client");
        psi.ArgumentList.Add("-connect");
        psi.ArgumentList.Add($"127.0.0.1:{port}");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start openssl");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl s_client {string.Join(' ', args)} did not exit within 60 s");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
