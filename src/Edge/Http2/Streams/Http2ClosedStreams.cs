namespace Edge.Http2.Streams;

/// <summary>
/// A bounded memory of recently closed streams and how each closed, so a late frame gets the answer
/// §5.1 gives for that kind of closure (<see cref="Http2StreamState"/>). A ring of
/// <see cref="Capacity"/> entries (default: twice the concurrent streams, Kestrel's MaxTrackedStreams);
/// the oldest entry is forgotten first, and an id with no entry is
/// <see cref="Http2StreamState.ClosedForgotten"/>. The arrays are allocated at the first close, so a
/// connection that never finishes a stream holds none. Lookups are a vectorized scan of an int span.
/// </summary>
internal sealed class Http2ClosedStreams
{
    private int[]? _ids;
    private Http2StreamState[]? _states;
    private int _next;
    private int _count;

    public Http2ClosedStreams(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _count;

    /// <summary>Records that <paramref name="streamId"/> closed in <paramref name="state"/> (one of the closed variants).</summary>
    public void Add(int streamId, Http2StreamState state)
    {
        if (!Http2StreamStateMachine.IsClosed(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "only closed states are remembered");
        }

        _ids ??= new int[Capacity];
        _states ??= new Http2StreamState[Capacity];
        _ids[_next] = streamId;
        _states[_next] = state;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    /// <summary>How <paramref name="streamId"/> closed, or <see cref="Http2StreamState.ClosedForgotten"/>.</summary>
    public Http2StreamState Lookup(int streamId)
    {
        if (_ids is null || _states is null)
        {
            return Http2StreamState.ClosedForgotten;
        }

        int index = _ids.AsSpan(0, _count).LastIndexOf(streamId);
        return index < 0 ? Http2StreamState.ClosedForgotten : _states[index];
    }
}
