using Edge.Http2.Frames;
using Edge.Http2.Streams;

namespace Edge.Tests.Http2.Streams;

/// <summary>Every stream state × every frame type received (RFC 9113 §5.1), and the transitions.</summary>
public sealed class Http2StreamStateMachineTests
{
    // Columns: DATA HEADERS PRIORITY RST_STREAM SETTINGS PUSH_PROMISE PING GOAWAY WINDOW_UPDATE CONTINUATION.
    // A = accept, I = ignore, cP/cS = connection PROTOCOL_ERROR/STREAM_CLOSED, sS = stream STREAM_CLOSED.
    private static readonly Dictionary<Http2StreamState, string> Expected = new()
    {
        [Http2StreamState.Idle] = "cP A A cP cP cP cP cP cP cP",
        [Http2StreamState.ReservedLocal] = "cP cP A A cP cP cP cP A cP",
        [Http2StreamState.ReservedRemote] = "cP A A A cP cP cP cP cP cP",
        [Http2StreamState.Open] = "A A A A cP cP cP cP A A",
        [Http2StreamState.HalfClosedLocal] = "A A A A cP cP cP cP A A",
        [Http2StreamState.HalfClosedRemote] = "sS sS A A cP cP cP cP A sS",
        [Http2StreamState.Closed] = "cS cS A I cP cP cP cP I cS",
        [Http2StreamState.ClosedByResetSent] = "I I A I cP cP cP cP I I",
        [Http2StreamState.ClosedByResetReceived] = "sS sS A I cP cP cP cP I sS",
        [Http2StreamState.ClosedForgotten] = "sS cP A I cP cP cP cP I cP",
    };

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var state in Enum.GetValues<Http2StreamState>())
        {
            var row = Expected[state].Split(' ');
            Assert.Equal(10, row.Length);
            for (int type = 0; type < 10; type++)
            {
                data.Add(state.ToString(), ((Http2FrameType)type).ToString(), row[type]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Rule(string stateName, string typeName, string expected)
    {
        var rule = Http2StreamStateMachine.Rule(Enum.Parse<Http2StreamState>(stateName), Enum.Parse<Http2FrameType>(typeName));
        string actual = rule.Disposition switch
        {
            Http2FrameDisposition.Accept => "A",
            Http2FrameDisposition.Ignore => "I",
            Http2FrameDisposition.ConnectionError => rule.Code == Http2ErrorCode.ProtocolError ? "cP" : rule.Code == Http2ErrorCode.StreamClosed ? "cS" : $"c{rule.Code}",
            _ => rule.Code == Http2ErrorCode.StreamClosed ? "sS" : $"s{rule.Code}",
        };
        Assert.Equal(expected, actual);

        var error = rule.ToError(7);
        Assert.Equal(rule.Disposition == Http2FrameDisposition.StreamError, error.IsStreamError);
        Assert.Equal(rule.Disposition == Http2FrameDisposition.ConnectionError, error.IsConnectionError);
        if (error.IsStreamError)
        {
            Assert.Equal(7, error.StreamId);
        }
    }

    public static TheoryData<string, string, byte, string> Received => new()
    {
        { nameof(Http2StreamState.Idle), nameof(Http2FrameType.Headers), (byte)(Http2FrameFlags.EndHeaders), nameof(Http2StreamState.Open) },
        { nameof(Http2StreamState.Idle), nameof(Http2FrameType.Headers), (byte)(Http2FrameFlags.EndStream), nameof(Http2StreamState.HalfClosedRemote) },
        { nameof(Http2StreamState.Idle), nameof(Http2FrameType.Priority), (byte)(Http2FrameFlags.None), nameof(Http2StreamState.Idle) },
        { nameof(Http2StreamState.Open), nameof(Http2FrameType.Data), (byte)(Http2FrameFlags.None), nameof(Http2StreamState.Open) },
        { nameof(Http2StreamState.Open), nameof(Http2FrameType.Data), (byte)(Http2FrameFlags.EndStream), nameof(Http2StreamState.HalfClosedRemote) },
        { nameof(Http2StreamState.Open), nameof(Http2FrameType.Headers), (byte)(Http2FrameFlags.EndStream | Http2FrameFlags.EndHeaders), nameof(Http2StreamState.HalfClosedRemote) },
        { nameof(Http2StreamState.Open), nameof(Http2FrameType.WindowUpdate), (byte)(Http2FrameFlags.EndStream), nameof(Http2StreamState.Open) }, // 0x1 means nothing on WINDOW_UPDATE
        { nameof(Http2StreamState.Open), nameof(Http2FrameType.RstStream), (byte)(Http2FrameFlags.None), nameof(Http2StreamState.ClosedByResetReceived) },
        { nameof(Http2StreamState.HalfClosedLocal), nameof(Http2FrameType.Data), (byte)(Http2FrameFlags.EndStream), nameof(Http2StreamState.Closed) },
        { nameof(Http2StreamState.HalfClosedLocal), nameof(Http2FrameType.Headers), (byte)(Http2FrameFlags.EndStream), nameof(Http2StreamState.Closed) },
        { nameof(Http2StreamState.HalfClosedLocal), nameof(Http2FrameType.RstStream), (byte)(Http2FrameFlags.None), nameof(Http2StreamState.ClosedByResetReceived) },
        { nameof(Http2StreamState.HalfClosedRemote), nameof(Http2FrameType.RstStream), (byte)(Http2FrameFlags.None), nameof(Http2StreamState.ClosedByResetReceived) },
        { nameof(Http2StreamState.HalfClosedRemote), nameof(Http2FrameType.WindowUpdate), (byte)(Http2FrameFlags.None), nameof(Http2StreamState.HalfClosedRemote) },
        { nameof(Http2StreamState.ReservedRemote), nameof(Http2FrameType.Headers), (byte)(Http2FrameFlags.None), nameof(Http2StreamState.HalfClosedLocal) },
        { nameof(Http2StreamState.ReservedLocal), nameof(Http2FrameType.RstStream), (byte)(Http2FrameFlags.None), nameof(Http2StreamState.ClosedByResetReceived) },
        { nameof(Http2StreamState.Closed), nameof(Http2FrameType.Priority), (byte)(Http2FrameFlags.None), nameof(Http2StreamState.Closed) },
    };

    [Theory]
    [MemberData(nameof(Received))]
    public void OnReceived_Transitions(string from, string type, byte flags, string to)
    {
        var state = Enum.Parse<Http2StreamState>(from);
        Assert.True(Http2StreamStateMachine.OnReceived(ref state, Enum.Parse<Http2FrameType>(type), (Http2FrameFlags)flags, 1, out bool ignore).IsNone);
        Assert.False(ignore);
        Assert.Equal(Enum.Parse<Http2StreamState>(to), state);
    }

    [Fact]
    public void OnReceived_Rejected_LeavesTheStateAlone()
    {
        var state = Http2StreamState.HalfClosedRemote;
        var error = Http2StreamStateMachine.OnReceived(ref state, Http2FrameType.Data, Http2FrameFlags.EndStream, 5, out _);
        Assert.Equal(Http2Error.Stream(5, Http2ErrorCode.StreamClosed, Http2ErrorReason.FrameAfterEndStream), error);
        Assert.Equal(Http2StreamState.HalfClosedRemote, state);

        state = Http2StreamState.ClosedByResetSent;
        Assert.True(Http2StreamStateMachine.OnReceived(ref state, Http2FrameType.Data, Http2FrameFlags.None, 5, out bool ignore).IsNone);
        Assert.True(ignore);
        Assert.Equal(Http2StreamState.ClosedByResetSent, state);
    }

    public static TheoryData<string, string, bool, string> Sent => new()
    {
        { nameof(Http2StreamState.Idle), nameof(Http2FrameType.Headers), false, nameof(Http2StreamState.Open) },
        { nameof(Http2StreamState.Idle), nameof(Http2FrameType.Headers), true, nameof(Http2StreamState.HalfClosedLocal) },
        { nameof(Http2StreamState.Open), nameof(Http2FrameType.Headers), false, nameof(Http2StreamState.Open) },
        { nameof(Http2StreamState.Open), nameof(Http2FrameType.Data), true, nameof(Http2StreamState.HalfClosedLocal) },
        { nameof(Http2StreamState.HalfClosedRemote), nameof(Http2FrameType.Headers), false, nameof(Http2StreamState.HalfClosedRemote) },
        { nameof(Http2StreamState.HalfClosedRemote), nameof(Http2FrameType.Data), true, nameof(Http2StreamState.Closed) },
        { nameof(Http2StreamState.HalfClosedRemote), nameof(Http2FrameType.Headers), true, nameof(Http2StreamState.Closed) },
        { nameof(Http2StreamState.Open), nameof(Http2FrameType.RstStream), false, nameof(Http2StreamState.ClosedByResetSent) },
        { nameof(Http2StreamState.HalfClosedLocal), nameof(Http2FrameType.RstStream), false, nameof(Http2StreamState.ClosedByResetSent) },
        { nameof(Http2StreamState.HalfClosedLocal), nameof(Http2FrameType.WindowUpdate), false, nameof(Http2StreamState.HalfClosedLocal) },
        { nameof(Http2StreamState.ReservedLocal), nameof(Http2FrameType.Headers), false, nameof(Http2StreamState.HalfClosedRemote) },
    };

    [Theory]
    [MemberData(nameof(Sent))]
    public void OnSent_Transitions(string from, string type, bool endStream, string to)
    {
        Assert.Equal(Enum.Parse<Http2StreamState>(to), Http2StreamStateMachine.OnSent(Enum.Parse<Http2StreamState>(from), Enum.Parse<Http2FrameType>(type), endStream));
    }

    [Fact]
    public void FullExchange_ServerSide()
    {
        // Request HEADERS, body DATA(END_STREAM), response HEADERS, DATA(END_STREAM) → closed.
        var state = Http2StreamState.Idle;
        Assert.True(Http2StreamStateMachine.OnReceived(ref state, Http2FrameType.Headers, Http2FrameFlags.EndHeaders, 1, out _).IsNone);
        Assert.True(Http2StreamStateMachine.OnReceived(ref state, Http2FrameType.Data, Http2FrameFlags.EndStream, 1, out _).IsNone);
        state = Http2StreamStateMachine.OnSent(state, Http2FrameType.Headers, endStream: false);
        state = Http2StreamStateMachine.OnSent(state, Http2FrameType.Data, endStream: true);
        Assert.Equal(Http2StreamState.Closed, state);
        Assert.True(Http2StreamStateMachine.IsClosed(state));
    }
}
