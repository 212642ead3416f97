using Edge.Http2.Frames;

namespace Edge.Http2.Flood;

/// <summary>Maps between <see cref="FloodKind"/> and the <see cref="Http2Error"/> a loop acts on.</summary>
internal static class FloodKinds
{
    /// <summary>The connection error ENHANCE_YOUR_CALM for <paramref name="kind"/> (none for <see cref="FloodKind.None"/>).</summary>
    public static Http2Error ToError(FloodKind kind) =>
        kind == FloodKind.None ? Http2Error.None : Http2Error.Connection(Http2ErrorCode.EnhanceYourCalm, Reason(kind));

    /// <summary>The error reason a flood kind is reported under.</summary>
    public static Http2ErrorReason Reason(FloodKind kind) => kind switch
    {
        FloodKind.RapidReset => Http2ErrorReason.RapidReset,
        FloodKind.Ping => Http2ErrorReason.PingFlood,
        FloodKind.Settings => Http2ErrorReason.SettingsFlood,
        FloodKind.EmptyFrames => Http2ErrorReason.EmptyFrameFlood,
        FloodKind.Priority => Http2ErrorReason.PriorityFlood,
        FloodKind.WindowUpdate => Http2ErrorReason.WindowUpdateFlood,
        FloodKind.Continuation => Http2ErrorReason.TooManyContinuations,
        FloodKind.ControlFrameQueue => Http2ErrorReason.ControlFrameQueueFull,
        FloodKind.OutboundFrameQueue => Http2ErrorReason.OutboundFrameQueueFull,
        FloodKind.ZeroWindowStall => Http2ErrorReason.ZeroWindowStall,
        _ => Http2ErrorReason.None,
    };

    /// <summary>
    /// The flood kind behind any error (<see cref="FloodKind.None"/> for plain protocol errors), so one
    /// metrics hook counts floods whichever component caught them (the header block assembler catches
    /// CONTINUATION floods, the stall timers zero-window stalls).
    /// </summary>
    public static FloodKind Of(Http2ErrorReason reason) => reason switch
    {
        Http2ErrorReason.RapidReset => FloodKind.RapidReset,
        Http2ErrorReason.PingFlood => FloodKind.Ping,
        Http2ErrorReason.SettingsFlood => FloodKind.Settings,
        Http2ErrorReason.EmptyFrameFlood => FloodKind.EmptyFrames,
        Http2ErrorReason.PriorityFlood => FloodKind.Priority,
        Http2ErrorReason.WindowUpdateFlood => FloodKind.WindowUpdate,
        Http2ErrorReason.TooManyContinuations or Http2ErrorReason.HeaderBlockTooLarge or Http2ErrorReason.HeaderBlockTimeout => FloodKind.Continuation,
        Http2ErrorReason.ControlFrameQueueFull => FloodKind.ControlFrameQueue,
        Http2ErrorReason.OutboundFrameQueueFull => FloodKind.OutboundFrameQueue,
        Http2ErrorReason.ZeroWindowStall => FloodKind.ZeroWindowStall,
        _ => FloodKind.None,
    };
}
