using System.Collections.Concurrent;
using System.Diagnostics;

namespace Edge.Http2.Server;

/// <summary>
/// One process-wide 1 s tick for every HTTP/2 server connection (Kestrel's Heartbeat shape): the timers
/// that no frame drives — header block timeout, SETTINGS ACK, idle, zero-window stall, send and body
/// timeouts, the drain's second GOAWAY — are checked here, so a connection owns no timer of its own.
/// The timer runs only while connections are registered.
/// </summary>
internal static class Http2Heartbeat
{
    private static readonly ConcurrentDictionary<Http2ServerConnection, byte> Connections = new();
    private static readonly object Gate = new();
    private static Timer? _timer;

    /// <summary>Tick interval; timeouts are checked at this resolution.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static void Register(Http2ServerConnection connection)
    {
        Connections.TryAdd(connection, 0);
        lock (Gate) _timer ??= new Timer(static _ => Tick(), null, Interval, Interval);
    }

    public static void Unregister(Http2ServerConnection connection)
    {
        Connections.TryRemove(connection, out _);
        lock (Gate)
        {
            if (!Connections.IsEmpty || _timer is null) return;
            _timer.Dispose();
            _timer = null;
        }
    }

    private static void Tick()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var connection in Connections.Keys)
        {
            try
            {
                connection.OnTick(now);
            }
            catch (Exception e)
            {
                // One connection's failure must not stop the others' timers; it is torn down by its own loop.
                Debug.WriteLine($"h2 heartbeat: {e}");
            }
        }
    }
}
