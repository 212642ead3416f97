namespace Edge.Http2.Frames;

/// <summary>
/// Short, fixed English text per <see cref="Http2ErrorReason"/>: the log message and the GOAWAY debug
/// data (ASCII; never includes peer bytes, so nothing the peer sent is reflected back or logged raw).
/// </summary>
internal static class Http2ErrorReasons
{
    public static string Message(Http2ErrorReason reason) => reason switch
    {
        Http2ErrorReason.None => "no error",
        Http2ErrorReason.FrameTooLarge => "frame larger than SETTINGS_MAX_FRAME_SIZE",
        Http2ErrorReason.StreamIdZero => "frame requires a stream id",
        Http2ErrorReason.StreamIdNotZero => "connection frame on a stream",
        Http2ErrorReason.FrameTooShort => "frame too short for its fields",
        Http2ErrorReason.PaddingTooLong => "padding exceeds payload",
        Http2ErrorReason.PriorityLength => "PRIORITY length is not 5",
        Http2ErrorReason.SelfDependency => "stream depends on itself",
        Http2ErrorReason.RstStreamLength => "RST_STREAM length is not 4",
        Http2ErrorReason.SettingsAckWithPayload => "SETTINGS ACK with payload",
        Http2ErrorReason.SettingsLength => "SETTINGS length not a multiple of 6",
        Http2ErrorReason.SettingsTooManyEntries => "too many SETTINGS entries",
        Http2ErrorReason.SettingsEnablePush => "invalid SETTINGS_ENABLE_PUSH",
        Http2ErrorReason.SettingsInitialWindowSize => "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1",
        Http2ErrorReason.SettingsMaxFrameSize => "invalid SETTINGS_MAX_FRAME_SIZE",
        Http2ErrorReason.SettingsEnableConnectProtocol => "invalid SETTINGS_ENABLE_CONNECT_PROTOCOL",
        Http2ErrorReason.SettingsNoRfc7540Priorities => "invalid SETTINGS_NO_RFC7540_PRIORITIES",
        Http2ErrorReason.PushPromiseReceived => "PUSH_PROMISE not allowed",
        Http2ErrorReason.PingLength => "PING length is not 8",
        Http2ErrorReason.WindowUpdateLength => "WINDOW_UPDATE length is not 4",
        Http2ErrorReason.WindowUpdateZero => "WINDOW_UPDATE increment is 0",
        Http2ErrorReason.ContinuationExpected => "frame interleaved in a header block",
        Http2ErrorReason.ContinuationWrongStream => "CONTINUATION on another stream",
        Http2ErrorReason.ContinuationUnexpected => "CONTINUATION without a header block",
        Http2ErrorReason.HeaderBlockTooLarge => "header block too large",
        Http2ErrorReason.TooManyContinuations => "too many CONTINUATION frames",
        Http2ErrorReason.HeaderBlockTimeout => "header block timeout",
        Http2ErrorReason.SettingsAckTimeout => "SETTINGS not acknowledged",
        Http2ErrorReason.WindowOverflow => "flow-control window above 2^31-1",
        Http2ErrorReason.InitialWindowOverflow => "initial window change overflows a stream window",
        Http2ErrorReason.FlowControlWindowExceeded => "data exceeds flow-control window",
        Http2ErrorReason.StreamIdWrongParity => "stream id of the wrong parity",
        Http2ErrorReason.StreamIdNotIncreasing => "stream id not increasing",
        Http2ErrorReason.FrameOnIdleStream => "frame on an idle stream",
        Http2ErrorReason.FrameOnReservedStream => "frame on a reserved stream",
        Http2ErrorReason.FrameAfterEndStream => "frame after END_STREAM",
        Http2ErrorReason.FrameAfterReset => "frame after RST_STREAM",
        Http2ErrorReason.FrameOnClosedStream => "frame on a closed stream",
        Http2ErrorReason.RapidReset => "rapid reset",
        Http2ErrorReason.PingFlood => "ping flood",
        Http2ErrorReason.SettingsFlood => "settings flood",
        Http2ErrorReason.EmptyFrameFlood => "empty frame flood",
        Http2ErrorReason.WindowUpdateFlood => "window update flood",
        Http2ErrorReason.PriorityFlood => "priority flood",
        Http2ErrorReason.ControlFrameQueueFull => "control frame queue full",
        Http2ErrorReason.OutboundFrameQueueFull => "outbound frame queue full",
        Http2ErrorReason.ZeroWindowStall => "flow-control window stalled",
        _ => "unknown",
    };
}
