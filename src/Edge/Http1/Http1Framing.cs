namespace Edge.Http1;

/// <summary>
/// What the head says about the body and the connection, decided by <see cref="Http1MessageFraming"/>.
/// </summary>
/// <param name="Body">How the body is delimited.</param>
/// <param name="ContentLength">The length for <see cref="Http1BodyKind.ContentLength"/>, else -1.</param>
/// <param name="KeepAlive">Whether the connection may carry another message after this one (RFC 9112 §9.3).</param>
/// <param name="UpgradeRequested">A request with <c>Connection: upgrade</c> and an <c>Upgrade</c> field (RFC 9110 §7.8).</param>
/// <param name="Tunnel">After this message's body the connection carries another protocol: a CONNECT request,
/// a 2xx answer to CONNECT, or a 101 response.</param>
/// <param name="Interim">A 1xx response other than 101: the final response follows on the same connection.</param>
internal readonly record struct Http1Framing(
    Http1BodyKind Body,
    long ContentLength,
    bool KeepAlive,
    bool UpgradeRequested,
    bool Tunnel,
    bool Interim);
