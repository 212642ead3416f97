using System.Globalization;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// The IPv4 TCP sockets of this machine as <c>/proc/net/tcp</c> lists them (Linux): ports, state, the
/// bytes queued in the kernel (tx: written but not yet acknowledged by the peer, rx: received but not
/// yet read by the application) and the inode that ties a socket to a process's fds.
/// </summary>
internal static class ProcNetTcp
{
    public const string Established = "01";
    public const string Listen = "0A";

    public sealed record Socket(int LocalPort, int RemotePort, string State, long TxQueue, long RxQueue, string Inode);

    public static List<Socket> Read()
    {
        var sockets = new List<Socket>();
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var queues = f[4].Split(':');
            sockets.Add(new Socket(Port(f[1]), Port(f[2]), f[3], Hex(queues[0]), Hex(queues[1]), f[9]));
        }
        return sockets;
    }

    /// <summary>The fd link targets of a process (<c>socket:[inode]</c>, file paths, ...).</summary>
    public static IEnumerable<string> FdTargets(int pid)
    {
        foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed meanwhile
            }
            if (target is not null) yield return target;
        }
    }

    private static int Port(string address) => (int)Hex(address[(address.IndexOf(':') + 1)..]);

    private static long Hex(string text) => long.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
