using System.ComponentModel;
using System.Diagnostics;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// A long-running <c>node</c> script (an HTTP/2 or gRPC backend) that prints <c>PORT &lt;n&gt;</c> once it
/// listens. Null from <see cref="StartAsync"/> when node (or tests/node/node_modules) is missing. Killed
/// (its own process only) on dispose.
/// </summary>
internal sealed class NodeServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stderr = new();

    private NodeServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url(string scheme = "http") => $"{scheme}://127.0.0.1:{Port}";

    public string StdErr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    public static async Task<NodeServer?> StartAsync(string script, params string[] args)
    {
        if (Node.ModulesDirectory is null) return null;
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["NODE_PATH"] = Node.ModulesDirectory;
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
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await process.WaitForExitAsync(timeout.Token);
                lock (errors) throw new InvalidOperationException("node backend exited: " + errors);
            }
            if (line.StartsWith("PORT ", StringComparison.Ordinal))
            {
                var server = new NodeServer(process, int.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture));
                lock (errors) server._stderr.Append(errors);
                return server;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
