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

    /// <summary>tests/node/node_modules of this checkout, found upwards from the test binaries; null when absent.</summary>
    public static string? ModulesDirectory { get; } = FindModules();

    private static string? FindModules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "node", "node_modules");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static async Task<Result?> RunAsync(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Scripts require packages (jose, @grpc/grpc-js) from tests/node/node_modules, installed by
        // build/install-deps.sh from tests/node/package-lock.json.
        if (ModulesDirectory is { } modules) psi.Environment["NODE_PATH"] = modules;
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
