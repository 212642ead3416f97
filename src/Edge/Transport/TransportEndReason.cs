namespace Edge.Transport;

/// <summary>Why a socket connection ended, recorded once (first reason wins) for logs and metrics.</summary>
internal enum TransportEndReason : byte
{
    None,
    /// <summary>The peer sent FIN.</summary>
    PeerClosed,
    /// <summary>The peer reset the connection (RST) or it broke.</summary>
    PeerReset,
    /// <summary>We closed it after finishing normally.</summary>
    LocalClose,
    /// <summary>We aborted it (protocol error, timeout, shutdown deadline).</summary>
    Aborted,
    /// <summary>A timeout closed it.</summary>
    Timeout,
    SocketError,
}
