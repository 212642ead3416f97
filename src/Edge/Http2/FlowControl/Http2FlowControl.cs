namespace Edge.Http2.FlowControl;

/// <summary>Combines the two send windows every DATA frame passes (§6.9: "both the stream and the connection").</summary>
internal static class Http2FlowControl
{
    /// <summary>How much of <paramref name="wanted"/> may go out now: the smallest of it, both windows and one frame.</summary>
    public static int Sendable(in Http2SendWindow stream, in Http2SendWindow connection, int wanted, int maxFrameSize) =>
        Math.Min(Math.Min(wanted, maxFrameSize), Math.Min(stream.Available, connection.Available));

    /// <summary>Takes <paramref name="bytes"/> from both windows (after <see cref="Sendable"/>).</summary>
    public static void Consume(ref Http2SendWindow stream, ref Http2SendWindow connection, int bytes)
    {
        stream.Consume(bytes);
        connection.Consume(bytes);
    }
}
