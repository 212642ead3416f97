using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// PUSH_PROMISE (RFC 9113 §6.6) is never accepted by Edge. As a server: "A client cannot push. Thus,
/// servers MUST treat the receipt of a PUSH_PROMISE frame as a connection error of type PROTOCOL_ERROR"
/// (§8.4). As an upstream client Edge announces SETTINGS_ENABLE_PUSH = 0, and a PUSH_PROMISE after that
/// is the same connection error (§6.6). So there is nothing to parse: the frame is its own error. Its
/// field block is not decoded either, since the connection ends.
/// </summary>
internal static class Http2PushPromiseFrame
{
    public static Http2Error Parse(in Http2Frame frame)
    {
        Debug.Assert(frame.Type == Http2FrameType.PushPromise);
        return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.PushPromiseReceived);
    }
}
