using System.Diagnostics;
using Edge.Http2.Frames;

namespace Edge.Http2.Streams;

/// <summary>
/// RFC 9113 §5.1 as a table: for each <see cref="Http2StreamState"/> and each frame type received on a
/// stream, the <see cref="Http2StreamRule"/>; plus the transitions of receiving and sending. The
/// connection-level types (SETTINGS, PING, GOAWAY) never reach a stream: their parsers reject a non-zero
/// stream id first, and the table says so too. PUSH_PROMISE is refused everywhere (§8.4, §6.6).
/// CONTINUATION rows only document: the header block assembler owns CONTINUATION, and the loop consults
/// the table once per block, with the HEADERS that opened it.
/// </summary>
internal static class Http2StreamStateMachine
{
    private const int TypeCount = (int)Http2FrameType.Continuation + 1;

    private static readonly Http2StreamRule[] Table = Build();

    /// <summary>The rule for a received frame of <paramref name="type"/> (one of the ten RFC types) on a stream in <paramref name="state"/>.</summary>
    public static Http2StreamRule Rule(Http2StreamState state, Http2FrameType type)
    {
        Debug.Assert((int)type < TypeCount, "extension frames are ignored before they reach a stream (§5.5)");
        return Table[((int)state * TypeCount) + (int)type];
    }

    /// <summary>
    /// Applies a received frame: returns the error to act on (none for Accept and Ignore), sets
    /// <paramref name="ignore"/> for Ignore, and moves <paramref name="state"/> when accepted: HEADERS opens
    /// an idle stream (§5.1 "idle"); END_STREAM on DATA or HEADERS half-closes the remote side, or closes
    /// a half-closed (local) stream; RST_STREAM closes.
    /// </summary>
    public static Http2Error OnReceived(ref Http2StreamState state, Http2FrameType type, Http2FrameFlags flags, int streamId, out bool ignore)
    {
        var rule = Rule(state, type);
        ignore = rule.Disposition == Http2FrameDisposition.Ignore;
        if (rule.Disposition != Http2FrameDisposition.Accept)
        {
            return rule.ToError(streamId);
        }

        bool endStream = (type is Http2FrameType.Data or Http2FrameType.Headers) && (flags & Http2FrameFlags.EndStream) != 0;
        state = (state, type) switch
        {
            (_, Http2FrameType.RstStream) => Http2StreamState.ClosedByResetReceived,
            (Http2StreamState.Idle, Http2FrameType.Headers) => endStream ? Http2StreamState.HalfClosedRemote : Http2StreamState.Open,
            (Http2StreamState.ReservedRemote, Http2FrameType.Headers) => endStream ? Http2StreamState.Closed : Http2StreamState.HalfClosedLocal,
            (Http2StreamState.Open, _) when endStream => Http2StreamState.HalfClosedRemote,
            (Http2StreamState.HalfClosedLocal, _) when endStream => Http2StreamState.Closed,
            _ => state,
        };
        return Http2Error.None;
    }

    /// <summary>
    /// Moves <paramref name="state"/> for a frame we sent: HEADERS opens an idle stream (as a client),
    /// END_STREAM half-closes our side or closes a half-closed (remote) stream, RST_STREAM closes.
    /// </summary>
    public static Http2StreamState OnSent(Http2StreamState state, Http2FrameType type, bool endStream)
    {
        if (type == Http2FrameType.RstStream)
        {
            return state == Http2StreamState.Idle ? state : Http2StreamState.ClosedByResetSent;
        }

        if (type is not (Http2FrameType.Headers or Http2FrameType.Data))
        {
            return state;
        }

        return state switch
        {
            Http2StreamState.Idle when type == Http2FrameType.Headers => endStream ? Http2StreamState.HalfClosedLocal : Http2StreamState.Open,
            Http2StreamState.ReservedLocal when type == Http2FrameType.Headers => endStream ? Http2StreamState.Closed : Http2StreamState.HalfClosedRemote,
            Http2StreamState.Open when endStream => Http2StreamState.HalfClosedLocal,
            Http2StreamState.HalfClosedRemote when endStream => Http2StreamState.Closed,
            _ => state,
        };
    }

    /// <summary>True for the four closed variants.</summary>
    public static bool IsClosed(Http2StreamState state) => state >= Http2StreamState.Closed;

    private static Http2StreamRule[] Build()
    {
        var a = Http2StreamRule.Accept;
        var i = Http2StreamRule.Ignore;
        var connOnly = Http2StreamRule.ConnectionError(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdNotZero);
        var push = Http2StreamRule.ConnectionError(Http2ErrorCode.ProtocolError, Http2ErrorReason.PushPromiseReceived);
        var idle = Http2StreamRule.ConnectionError(Http2ErrorCode.ProtocolError, Http2ErrorReason.FrameOnIdleStream);
        var reserved = Http2StreamRule.ConnectionError(Http2ErrorCode.ProtocolError, Http2ErrorReason.FrameOnReservedStream);
        var halfClosed = Http2StreamRule.StreamError(Http2ErrorCode.StreamClosed, Http2ErrorReason.FrameAfterEndStream);
        var afterEnd = Http2StreamRule.ConnectionError(Http2ErrorCode.StreamClosed, Http2ErrorReason.FrameAfterEndStream);
        var afterReset = Http2StreamRule.StreamError(Http2ErrorCode.StreamClosed, Http2ErrorReason.FrameAfterReset);
        var forgottenData = Http2StreamRule.StreamError(Http2ErrorCode.StreamClosed, Http2ErrorReason.FrameOnClosedStream);
        var forgottenHeaders = Http2StreamRule.ConnectionError(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdNotIncreasing);

        // Columns: DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION.
        Http2StreamRule[][] rows =
        [
            // idle: "Receiving any frame other than HEADERS or PRIORITY ... MUST be treated as a connection
            // error of type PROTOCOL_ERROR" (§5.1); RST_STREAM on idle likewise (§6.4).
            [idle, a, a, idle, connOnly, push, connOnly, connOnly, idle, idle],

            // reserved (local): only RST_STREAM, PRIORITY, WINDOW_UPDATE may be received (§5.1).
            [reserved, reserved, a, a, connOnly, push, connOnly, connOnly, a, reserved],

            // reserved (remote): HEADERS, RST_STREAM, PRIORITY may be received (§5.1).
            [reserved, a, a, a, connOnly, push, connOnly, connOnly, reserved, reserved],

            // open: "either peer can send frames of any type" (§5.1).
            [a, a, a, a, connOnly, push, connOnly, connOnly, a, a],

            // half-closed (local): "can receive any type of frame" (§5.1).
            [a, a, a, a, connOnly, push, connOnly, connOnly, a, a],

            // half-closed (remote): anything but WINDOW_UPDATE, PRIORITY, RST_STREAM → stream error STREAM_CLOSED (§5.1).
            [halfClosed, halfClosed, a, a, connOnly, push, connOnly, connOnly, a, halfClosed],

            // closed after END_STREAM both ways: WINDOW_UPDATE/RST_STREAM may still be in flight and "MUST be
            // ignored" (§5.1); DATA/HEADERS after the peer's END_STREAM → connection error STREAM_CLOSED.
            [afterEnd, afterEnd, a, i, connOnly, push, connOnly, connOnly, i, afterEnd],

            // closed by our RST_STREAM: "MUST minimally process and then discard any frames" (§5.1).
            [i, i, a, i, connOnly, push, connOnly, connOnly, i, i],

            // closed by the peer's RST_STREAM: it sent the reset, so DATA/HEADERS after it → stream error
            // STREAM_CLOSED; never answer RST_STREAM with RST_STREAM (§5.4.2), and a late WINDOW_UPDATE is harmless.
            [afterReset, afterReset, a, i, connOnly, push, connOnly, connOnly, i, afterReset],

            // closed, no record left (see Http2StreamState.ClosedForgotten).
            [forgottenData, forgottenHeaders, a, i, connOnly, push, connOnly, connOnly, i, forgottenHeaders],
        ];

        Debug.Assert(rows.Length == (int)Http2StreamState.ClosedForgotten + 1);
        var table = new Http2StreamRule[rows.Length * TypeCount];
        for (int s = 0; s < rows.Length; s++)
        {
            Debug.Assert(rows[s].Length == TypeCount);
            rows[s].CopyTo(table, s * TypeCount);
        }

        return table;
    }
}
