namespace Edge.Config.Model;

/// <summary><c>[server.limits]</c>: protocol safety limits. Defaults are DESIGN.md §6.</summary>
public sealed record LimitsConfig(
    ByteSize RequestHead,
    ByteSize RequestLine,
    int Headers,
    ByteSize Body,
    Duration HeaderTimeout,
    Duration IdleTimeout,
    int H2MaxStreams,
    ByteSize H2HeaderList,
    int MaxConnections,
    Duration BodyTimeout,
    Duration SendTimeout,
    int H2MaxRequests)
{
    // DESIGN.md §6: head 32 KiB, line 8 KiB, 100 headers, body 10 MiB, header read 10 s, idle 60 s,
    // 100 h2 streams, 16 KiB decoded header list; 10,000 connections per listener; 60 s without a body
    // byte from the client (nginx client_body_timeout) or without the client taking output (nginx send_timeout);
    // 1,000 streams per h2 connection, then a graceful GOAWAY (nginx keepalive_requests).
    public static LimitsConfig Default { get; } = new(
        ByteSize.FromKiB(32), ByteSize.FromKiB(8), 100, ByteSize.FromMiB(10),
        Duration.FromSeconds(10), Duration.FromSeconds(60), 100, ByteSize.FromKiB(16), 10_000,
        Duration.FromSeconds(60), Duration.FromSeconds(60), 1000);
}
