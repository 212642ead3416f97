namespace Edge.Upstream;

/// <summary>How a tunnel ended (first reason wins), for the exchange's result and the access log.</summary>
internal enum TunnelEndReason : byte
{
    None = 0,

    /// <summary>Both sides closed their sending side (FIN each way): a clean end.</summary>
    Closed,

    /// <summary>The client reset the connection, or stopped taking bytes for good.</summary>
    ClientReset,

    /// <summary>The upstream reset the connection, or stopped taking bytes for good.</summary>
    UpstreamReset,

    /// <summary>No byte moved either way for the idle timeout.</summary>
    IdleTimeout,

    /// <summary>The server cut the connection (drain deadline, listener removed by a reload).</summary>
    Aborted,
}
