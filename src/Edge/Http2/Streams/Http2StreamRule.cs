using Edge.Http2.Frames;

namespace Edge.Http2.Streams;

/// <summary>One cell of the stream state table: the disposition, and for errors the code and reason.</summary>
internal readonly record struct Http2StreamRule(Http2FrameDisposition Disposition, Http2ErrorCode Code, Http2ErrorReason Reason)
{
    public static Http2StreamRule Accept => new(Http2FrameDisposition.Accept, Http2ErrorCode.NoError, Http2ErrorReason.None);

    public static Http2StreamRule Ignore => new(Http2FrameDisposition.Ignore, Http2ErrorCode.NoError, Http2ErrorReason.None);

    public static Http2StreamRule StreamError(Http2ErrorCode code, Http2ErrorReason reason) => new(Http2FrameDisposition.StreamError, code, reason);

    public static Http2StreamRule ConnectionError(Http2ErrorCode code, Http2ErrorReason reason) => new(Http2FrameDisposition.ConnectionError, code, reason);

    /// <summary>The error to act on (none for Accept and Ignore).</summary>
    public Http2Error ToError(int streamId) => Disposition switch
    {
        Http2FrameDisposition.StreamError => Http2Error.Stream(streamId, Code, Reason),
        Http2FrameDisposition.ConnectionError => Http2Error.Connection(Code, Reason),
        _ => Http2Error.None,
    };
}
