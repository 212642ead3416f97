namespace Edge.Http;

/// <summary>A client connection as the server's lifecycle sees it, whatever the protocol (drain on SIGTERM, cut at the deadline).</summary>
internal interface IServerConnection
{
    /// <summary>
    /// Graceful drain, called repeatedly while the server drains: HTTP/1.1 closes an idle connection and
    /// answers the request in flight with Connection: close; HTTP/2 sends GOAWAY(2^31−1), then GOAWAY(last id).
    /// </summary>
    void RequestDrain();

    /// <summary>Cuts the connection at once (drain deadline, removed listener); requests in flight are abandoned.</summary>
    void AbortTransport();
}
