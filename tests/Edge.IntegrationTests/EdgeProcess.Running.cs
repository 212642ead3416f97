using System.Diagnostics;
using System.Text;

namespace Edge.IntegrationTests;

internal static partial class EdgeProcess
{
    /// <summary>Starts <c>edge</c> in the background (e.g. <c>run -c FILE</c>); stderr lines are collected as they come.</summary>
    public static Running Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(EdgeDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start edge");
        return new Running(process);
    }

    /// <summary>A running <c>edge</c> child process: its stderr so far, signals, exit.</summary>
    public sealed class Running : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr = new();
        private readonly StringBuilder _stdout = new();

        internal Running(Process process)
        {
            _process = process;
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_stderr) _stderr.Append(e.Data).Append('\n');
            };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_stdout) _stdout.Append(e.Data).Append('\n');
            };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
        }

        public int Pid => _process.Id;
        public bool HasExited => _process.HasExited;
        public int ExitCode => _process.ExitCode;

        public string StdErr
        {
            get
            {
                lock (_stderr) return _stderr.ToString();
            }
        }

        public string StdOut
        {
            get
            {
                lock (_stdout) return _stdout.ToString();
            }
        }

        /// <summary>Waits (bounded) until stderr contains <paramref name="text"/> at least <paramref name="count"/> times.</summary>
        public async Task WaitForStdErrAsync(string text, int count = 1, int timeoutSeconds = 60)
        {
            var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
            while (DateTime.UtcNow < until)
            {
                if (Occurrences(StdErr, text) >= count) return;
                if (_process.HasExited)
                {
                    await Task.Delay(100); // let the last lines arrive
                    if (Occurrences(StdErr, text) >= count) return;
                    throw new InvalidOperationException($"edge exited ({_process.ExitCode}) before writing \"{text}\":\n{StdErr}");
                }
                await Task.Delay(50);
            }
            throw new TimeoutException($"edge did not write \"{text}\" x{count} within {timeoutSeconds} s:\n{StdErr}");
        }

        private static int Occurrences(string haystack, string needle)
        {
            var n = 0;
            for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal)) n++;
            return n;
        }

        /// <summary>Sends a signal with the real <c>kill</c> command (TERM, HUP, INT).</summary>
        public async Task SignalAsync(string signal)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
                ?? throw new InvalidOperationException("could not run kill");
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {Pid} failed with {kill.ExitCode}");
        }

        /// <summary>Waits (bounded) for the process to exit and returns its exit code.</summary>
        public async Task<int> WaitForExitAsync(int timeoutSeconds = 60)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
