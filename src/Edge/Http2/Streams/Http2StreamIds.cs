using Edge.Http2.Frames;

namespace Edge.Http2.Streams;

/// <summary>
/// Stream identifier rules (RFC 9113 §5.1.1): clients open odd ids, servers even ones (push only, which
/// Edge never uses nor accepts); each new id must exceed every id its initiator opened before, and the
/// first use of an id implicitly closes the lower idle ones. Tracks the highest id the peer opened
/// (what GOAWAY reports, §6.8) and, as a client, the next id we may open.
/// </summary>
internal sealed class Http2StreamIds
{
    /// <summary>The largest stream id (2^31-1); past it a client must open a new connection (§5.1.1).</summary>
    public const int MaxStreamId = int.MaxValue;

    private readonly Http2Role _role;

    public Http2StreamIds(Http2Role role)
    {
        _role = role;
        NextLocalStreamId = role == Http2Role.Client ? 1 : 2;
    }

    /// <summary>The highest stream id the peer has opened (0 before any).</summary>
    public int LastPeerStreamId { get; private set; }

    /// <summary>The id our next stream will take (as a client: 1, 3, 5, ...).</summary>
    public int NextLocalStreamId { get; private set; }

    /// <summary>Whether the peer's role initiates <paramref name="streamId"/> (odd for a client peer).</summary>
    public bool IsPeerInitiated(int streamId) => _role == Http2Role.Server ? (streamId & 1) == 1 : (streamId & 1) == 0;

    /// <summary>
    /// A HEADERS from the peer on a stream we hold no state for, in <see cref="Http2StreamState.Idle"/>:
    /// accepts it as a new stream and records its id, or returns a connection error PROTOCOL_ERROR for the
    /// wrong parity (an even id from a client; any stream from a server, which may only push and we refuse
    /// push) or an id not above the last one (§5.1.1 "MUST respond with a connection error").
    /// </summary>
    public Http2Error OpenPeerStream(int streamId)
    {
        if (_role == Http2Role.Client || !IsPeerInitiated(streamId))
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdWrongParity);
        }

        if (streamId <= LastPeerStreamId)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdNotIncreasing);
        }

        LastPeerStreamId = streamId;
        return Http2Error.None;
    }

    /// <summary>Takes the next id for a stream we open (as a client). False when ids are exhausted: open a new connection.</summary>
    public bool TryOpenLocalStream(out int streamId)
    {
        streamId = NextLocalStreamId;
        if (streamId <= 0 || _role == Http2Role.Server)
        {
            // Servers only open streams to push, which Edge never does. A wrap past 2^31-1 is negative.
            streamId = 0;
            return false;
        }

        NextLocalStreamId = streamId >= MaxStreamId - 1 ? -1 : streamId + 2;
        return true;
    }

    /// <summary>
    /// The state of a stream the connection holds no live state for: idle if its initiator has not reached
    /// it yet, else closed, as <paramref name="closed"/> remembers it (or forgotten).
    /// </summary>
    public Http2StreamState Classify(int streamId, Http2ClosedStreams closed)
    {
        bool idle = IsPeerInitiated(streamId)
            ? streamId > LastPeerStreamId
            : NextLocalStreamId > 0 && streamId >= NextLocalStreamId;
        return idle ? Http2StreamState.Idle : closed.Lookup(streamId);
    }
}
