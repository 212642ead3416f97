using System.Runtime.CompilerServices;

namespace Edge.Http2.Frames;

/// <summary>
/// The outcome of a check on something the peer sent: nothing (<see cref="None"/>), a stream error
/// (RST_STREAM on <see cref="StreamId"/>, RFC 9113 §5.4.2) or a connection error (GOAWAY, §5.4.1), with
/// the wire <see cref="Code"/> and a specific <see cref="Reason"/> for logs and metrics.
/// <para>
/// A value, not an exception: parsers, windows, the stream table and the flood detectors all return it,
/// so a peer that provokes stream errors in a loop costs no allocation and no throw (SECURITY.md case
/// 32). A connection loop that prefers to unwind can <see cref="Http2Exception.Throw(Http2Error)"/> it.
/// </para>
/// </summary>
internal readonly struct Http2Error : IEquatable<Http2Error>
{
    private Http2Error(Http2ErrorScope scope, Http2ErrorCode code, int streamId, Http2ErrorReason reason)
    {
        Scope = scope;
        Code = code;
        StreamId = streamId;
        Reason = reason;
    }

    /// <summary>No error. <c>default(Http2Error)</c> is the same value.</summary>
    public static Http2Error None => default;

    public Http2ErrorScope Scope { get; }

    public Http2ErrorCode Code { get; }

    /// <summary>The stream to reset for a stream error; 0 for a connection error.</summary>
    public int StreamId { get; }

    public Http2ErrorReason Reason { get; }

    public bool IsNone
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Scope == Http2ErrorScope.None;
    }

    public bool IsError
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Scope != Http2ErrorScope.None;
    }

    public bool IsConnectionError => Scope == Http2ErrorScope.Connection;

    public bool IsStreamError => Scope == Http2ErrorScope.Stream;

    /// <summary>A connection error (§5.4.1): GOAWAY with <paramref name="code"/>, then close.</summary>
    public static Http2Error Connection(Http2ErrorCode code, Http2ErrorReason reason) =>
        new(Http2ErrorScope.Connection, code, 0, reason);

    /// <summary>A stream error (§5.4.2): RST_STREAM(<paramref name="code"/>) on <paramref name="streamId"/>.</summary>
    public static Http2Error Stream(int streamId, Http2ErrorCode code, Http2ErrorReason reason) =>
        new(Http2ErrorScope.Stream, code, streamId, reason);

    /// <summary>
    /// A stream error on <paramref name="streamId"/>, or a connection error when it is 0: the shape of
    /// the flow-control rules, which apply to "the stream or the connection" alike (§6.9, §6.9.1).
    /// </summary>
    public static Http2Error On(int streamId, Http2ErrorCode code, Http2ErrorReason reason) =>
        streamId == 0 ? Connection(code, reason) : Stream(streamId, code, reason);

    /// <summary>Raises a stream error to the connection (§5.4.1: "an endpoint MAY choose to treat a stream error as a connection error").</summary>
    public Http2Error ToConnectionError() => IsNone ? this : Connection(Code, Reason);

    public bool Equals(Http2Error other) =>
        Scope == other.Scope && Code == other.Code && StreamId == other.StreamId && Reason == other.Reason;

    public override bool Equals(object? obj) => obj is Http2Error other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Scope, Code, StreamId, Reason);

    public static bool operator ==(Http2Error left, Http2Error right) => left.Equals(right);

    public static bool operator !=(Http2Error left, Http2Error right) => !left.Equals(right);

    /// <summary>For logs and test failures (allocates; never on the hot path).</summary>
    public override string ToString() => Scope switch
    {
        Http2ErrorScope.None => "none",
        Http2ErrorScope.Stream => $"stream {StreamId} error {Http2ErrorCodes.Name(Code)}: {Http2ErrorReasons.Message(Reason)}",
        _ => $"connection error {Http2ErrorCodes.Name(Code)}: {Http2ErrorReasons.Message(Reason)}",
    };
}
