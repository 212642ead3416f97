namespace Edge.Http;

/// <summary>Per-listener protocol settings; defaults are DESIGN.md §6 (all configurable in [server.limits]).</summary>
internal sealed record HttpServerOptions
{
    public HttpParserLimits Limits { get; init; } = HttpParserLimits.Default;

    /// <summary>Absolute deadline for a whole request head from its first byte (SECURITY.md case 37: 10 s, HAProxy's `timeout http-request` shape).</summary>
    public TimeSpan HeaderTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An idle keep-alive connection is closed silently after this (SECURITY.md case 40: 60 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>No body byte from the client for this long → 408 and close (nginx client_body_timeout, 60 s).</summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The client has not taken any queued output for this long → close (nginx send_timeout, 60 s).</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Unread request body bytes Edge will drain to keep a connection after an early response.</summary>
    public long MaxDrainBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Lingering close (RFC 9112 §9.6, nginx's lingering_time): after a response that ends the connection
    /// while the client may still be sending (an unread body, a refused head), Edge sends its FIN, then
    /// reads and discards for at most this long (or <see cref="LingerMaxBytes"/>) before closing, so the
    /// client's stack does not reset away the response it has not read yet.
    /// </summary>
    public TimeSpan LingerTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes discarded while lingering before the connection is closed anyway.</summary>
    public long LingerMaxBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>"http" or "https" for this listener.</summary>
    public bool IsHttps { get; init; }

    /// <summary>
    /// Honour <c>Upgrade: h2c</c> from HTTP/1.1 (RFC 7540 §3.2; listener key <c>h2c_upgrade</c>, off by default:
    /// RFC 9113 deprecates it). Off, such requests are answered over HTTP/1.1 (SECURITY.md case 20).
    /// </summary>
    public bool H2cUpgrade { get; init; }
}
