using System.Diagnostics;
using Edge.Http2.Frames;

namespace Edge.Http2.FlowControl;

/// <summary>
/// How much DATA we may still send on a stream or on the connection (RFC 9113 §6.9). Signed 32-bit: a
/// SETTINGS_INITIAL_WINDOW_SIZE decrease can drive a stream window negative, and then nothing may be sent
/// until WINDOW_UPDATEs bring it above zero (§6.9.2). The most it may hold is 2^31-1; a WINDOW_UPDATE past
/// that is FLOW_CONTROL_ERROR on the stream, or on the connection for the connection window (§6.9.1).
/// A mutable struct: keep it in the stream's (or connection's) field.
/// </summary>
internal struct Http2SendWindow
{
    /// <summary>"The flow-control window MUST NOT exceed 2^31-1 octets" (§6.9.1).</summary>
    public const int MaxSize = int.MaxValue;

    private int _size;

    /// <param name="initialSize">The peer's SETTINGS_INITIAL_WINDOW_SIZE for a stream; 65,535 for the connection (§6.9.2).</param>
    public Http2SendWindow(int initialSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialSize);
        _size = initialSize;
    }

    /// <summary>The window; negative after a SETTINGS decrease (§6.9.2).</summary>
    public readonly int Size => _size;

    /// <summary>Bytes that may be sent now (0 when the window is zero or negative).</summary>
    public readonly int Available => Math.Max(0, _size);

    /// <summary>Takes <paramref name="bytes"/> (a DATA frame's whole payload, §6.9.1) after checking <see cref="Available"/>.</summary>
    public void Consume(int bytes)
    {
        Debug.Assert(bytes >= 0 && bytes <= Available, "send more than the window allows (§6.9.1: MUST NOT)");
        _size -= bytes;
    }

    /// <summary>
    /// Applies a WINDOW_UPDATE increment (1..2^31-1, already checked non-zero by the parser). Above 2^31-1
    /// → FLOW_CONTROL_ERROR: a stream error for a stream, a connection error for stream 0 (§6.9.1); the
    /// window is left unchanged then.
    /// </summary>
    public Http2Error Grow(int increment, int streamId)
    {
        Debug.Assert(increment > 0);
        long next = (long)_size + increment;
        if (next > MaxSize)
        {
            return Http2Error.On(streamId, Http2ErrorCode.FlowControlError, Http2ErrorReason.WindowOverflow);
        }

        _size = (int)next;
        return Http2Error.None;
    }

    /// <summary>
    /// Applies a change of the peer's SETTINGS_INITIAL_WINDOW_SIZE (new − old) to an open stream's window
    /// (§6.9.2: "adjust the size of all stream flow-control windows that it maintains by the difference").
    /// The result may be negative. Above 2^31-1 → connection error FLOW_CONTROL_ERROR ("MUST treat a change
    /// ... that causes any flow-control window to exceed the maximum size as a connection error"). Never
    /// apply it to the connection window, which only WINDOW_UPDATE changes.
    /// </summary>
    public Http2Error ApplyInitialWindowDelta(int delta)
    {
        long next = (long)_size + delta;
        if (next > MaxSize)
        {
            return Http2Error.Connection(Http2ErrorCode.FlowControlError, Http2ErrorReason.InitialWindowOverflow);
        }

        // The lower end cannot overflow: a window is at least -(2^31-1) after any valid sequence, since the
        // old initial size was consumed from and the new one is ≥ 0; clamp anyway to stay in 32 bits.
        _size = (int)Math.Max(next, -MaxSize);
        return Http2Error.None;
    }
}
