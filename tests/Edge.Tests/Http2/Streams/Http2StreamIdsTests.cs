using Edge.Http2.Frames;
using Edge.Http2.Streams;

namespace Edge.Tests.Http2.Streams;

/// <summary>Stream identifiers (RFC 9113 §5.1.1) and the memory of closed streams.</summary>
public sealed class Http2StreamIdsTests
{
    [Fact]
    public void Server_AcceptsOddIncreasingIds()
    {
        var ids = new Http2StreamIds(Http2Role.Server);
        Assert.True(ids.OpenPeerStream(1).IsNone);
        Assert.True(ids.OpenPeerStream(3).IsNone);
        Assert.True(ids.OpenPeerStream(101).IsNone); // skipping ids is fine: 5..99 are now closed (§5.1.1)
        Assert.Equal(101, ids.LastPeerStreamId);
    }

    [Theory]
    [InlineData(2, "Connection:ProtocolError:StreamIdWrongParity")]
    [InlineData(4, "Connection:ProtocolError:StreamIdWrongParity")]
    [InlineData(3, "Connection:ProtocolError:StreamIdNotIncreasing")]
    [InlineData(5, "Connection:ProtocolError:StreamIdNotIncreasing")]
    [InlineData(7, "ok")]
    public void Server_RejectsEvenOrReusedIds(int id, string expected)
    {
        // SECURITY.md case 30: even id, reused id → PROTOCOL_ERROR.
        var ids = new Http2StreamIds(Http2Role.Server);
        Assert.True(ids.OpenPeerStream(5).IsNone);
        Assert.Equal(expected, Frames.Http2FrameParsingTests.Describe(ids.OpenPeerStream(id)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Client_NeverAcceptsAStreamOpenedByTheServer(int id)
    {
        var ids = new Http2StreamIds(Http2Role.Client);
        Assert.Equal(Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdWrongParity), ids.OpenPeerStream(id));
    }

    [Fact]
    public void Client_OpensOddIds_UntilExhausted()
    {
        var ids = new Http2StreamIds(Http2Role.Client);
        Assert.True(ids.TryOpenLocalStream(out int a));
        Assert.True(ids.TryOpenLocalStream(out int b));
        Assert.Equal((1, 3), (a, b));

        var server = new Http2StreamIds(Http2Role.Server);
        Assert.False(server.TryOpenLocalStream(out _));

        // Walk to the end of the id space: 2^31-1 is the last odd id.
        var nearEnd = new Http2StreamIds(Http2Role.Client);
        typeof(Http2StreamIds).GetProperty(nameof(Http2StreamIds.NextLocalStreamId))!.SetValue(nearEnd, int.MaxValue - 2);
        Assert.True(nearEnd.TryOpenLocalStream(out int last1));
        Assert.True(nearEnd.TryOpenLocalStream(out int last2));
        Assert.Equal((int.MaxValue - 2, int.MaxValue), (last1, last2));
        Assert.False(nearEnd.TryOpenLocalStream(out _));
    }

    [Fact]
    public void Classify_IdleAboveTheHighWater_ClosedBelow()
    {
        var ids = new Http2StreamIds(Http2Role.Server);
        var closed = new Http2ClosedStreams(4);
        Assert.True(ids.OpenPeerStream(5).IsNone);
        closed.Add(5, Http2StreamState.ClosedByResetSent);

        Assert.Equal(Http2StreamState.Idle, ids.Classify(7, closed));
        Assert.Equal(Http2StreamState.ClosedByResetSent, ids.Classify(5, closed));
        Assert.Equal(Http2StreamState.ClosedForgotten, ids.Classify(3, closed)); // never opened: implicitly closed
        Assert.Equal(Http2StreamState.Idle, ids.Classify(2, closed)); // even: ours to open, never opened
    }

    [Fact]
    public void Classify_Client_OwnIdsBelowNextAreClosed()
    {
        var ids = new Http2StreamIds(Http2Role.Client);
        var closed = new Http2ClosedStreams(4);
        Assert.True(ids.TryOpenLocalStream(out _));
        closed.Add(1, Http2StreamState.Closed);
        Assert.Equal(Http2StreamState.Closed, ids.Classify(1, closed));
        Assert.Equal(Http2StreamState.Idle, ids.Classify(3, closed));
        Assert.Equal(Http2StreamState.Idle, ids.Classify(2, closed)); // a server id: idle, never opened by it
    }

    [Fact]
    public void ClosedStreams_ForgetsTheOldestPastCapacity()
    {
        var closed = new Http2ClosedStreams(3);
        Assert.Equal(Http2StreamState.ClosedForgotten, closed.Lookup(1));
        closed.Add(1, Http2StreamState.Closed);
        closed.Add(3, Http2StreamState.ClosedByResetSent);
        closed.Add(5, Http2StreamState.ClosedByResetReceived);
        Assert.Equal(Http2StreamState.Closed, closed.Lookup(1));
        closed.Add(7, Http2StreamState.Closed);

        Assert.Equal(3, closed.Count);
        Assert.Equal(Http2StreamState.ClosedForgotten, closed.Lookup(1));
        Assert.Equal(Http2StreamState.ClosedByResetSent, closed.Lookup(3));
        Assert.Equal(Http2StreamState.ClosedByResetReceived, closed.Lookup(5));
        Assert.Equal(Http2StreamState.Closed, closed.Lookup(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => closed.Add(9, Http2StreamState.Open));
    }
}
