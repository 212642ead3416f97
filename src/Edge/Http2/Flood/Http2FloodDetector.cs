using Edge.Http2.Frames;

namespace Edge.Http2.Flood;

/// <summary>
/// Counts what a peer makes us do and trips on abuse the protocol itself allows (SECURITY.md cases
/// 29-36). One per connection, on the connection loop's thread; allocation-free: a few counters and
/// three token buckets. Each <c>On*</c> call returns <see cref="Http2Error.None"/> or a connection error
/// ENHANCE_YOUR_CALM with the flood's reason, which the loop answers with GOAWAY and a close. The first
/// trip sticks (<see cref="Tripped"/>), and every later call returns the same error.
/// <para>
/// Time is the caller's: pass <c>TimeProvider.GetTimestamp()</c> ticks (one reading per input batch is
/// enough); the frequency comes from the constructor.
/// </para>
/// <para>
/// CONTINUATION floods are caught by <see cref="Http2HeaderBlockAssembler"/> and stalled windows by
/// <see cref="Http2StallTimer"/>, which own the state those checks need; <see cref="FloodKinds.Of"/>
/// classifies their errors the same way for metrics.
/// </para>
/// </summary>
internal sealed class Http2FloodDetector
{
    private readonly Http2FloodLimits _limits;
    private TokenBucket _resets;
    private TokenBucket _pings;
    private TokenBucket _settings;
    private int _consecutiveEmpty;
    private long _priorityFrames;
    private long _windowUpdates;
    private int _queuedControl;
    private int _queued;

    public Http2FloodDetector(Http2FloodLimits limits, long timestampFrequency, long now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        _limits = limits;
        _resets = new TokenBucket(limits.ResetBurst, limits.ResetsPerSecond, timestampFrequency, now);
        _pings = new TokenBucket(limits.PingBurst, limits.PingsPerSecond, timestampFrequency, now);
        _settings = new TokenBucket(limits.SettingsBurst, limits.SettingsPerSecond, timestampFrequency, now);
    }

    /// <summary>The first flood caught, or <see cref="FloodKind.None"/>.</summary>
    public FloodKind Tripped { get; private set; }

    /// <summary>Streams the peer opened (the allowance for PRIORITY and WINDOW_UPDATE grows with it).</summary>
    public long StreamsOpened { get; private set; }

    /// <summary>DATA frames we sent (the allowance for WINDOW_UPDATE grows with it).</summary>
    public long DataFramesSent { get; private set; }

    /// <summary>Frames queued for the peer and not yet taken by the socket.</summary>
    public int QueuedFrames => _queued;

    /// <summary>Frames we owe the peer (ACKs, RST_STREAM) queued and not yet taken by the socket.</summary>
    public int QueuedControlFrames => _queuedControl;

    /// <summary>A stream was opened (by the peer's HEADERS as a server; by ours as a client).</summary>
    public void OnStreamOpened() => StreamsOpened++;

    /// <summary>We wrote a DATA frame.</summary>
    public void OnDataFrameSent() => DataFramesSent++;

    /// <summary>
    /// A stream ended by reset because of the peer: its RST_STREAM, or a stream error or REFUSED_STREAM we
    /// send it. Rapid reset (CVE-2023-44487, SECURITY.md case 29) and provoked resets alike spend the
    /// reset budget (<see cref="Http2FloodLimits.ResetBurst"/>, refilled at <see cref="Http2FloodLimits.ResetsPerSecond"/>).
    /// Resets we send for our own reasons (an upstream failure) are not the peer's doing: do not count them.
    /// </summary>
    public Http2Error OnStreamReset(long now) =>
        _resets.TryTake(now) ? Current : Trip(FloodKind.RapidReset);

    /// <summary>A PING without ACK arrived (CVE-2019-9512).</summary>
    public Http2Error OnPing(long now) =>
        _pings.TryTake(now) ? Current : Trip(FloodKind.Ping);

    /// <summary>A SETTINGS without ACK arrived (CVE-2019-9515).</summary>
    public Http2Error OnSettings(long now) =>
        _settings.TryTake(now) ? Current : Trip(FloodKind.Settings);

    /// <summary>
    /// A DATA, HEADERS or CONTINUATION frame arrived. An empty payload (the frame's Length, padding counted,
    /// as Envoy does) without END_STREAM adds to a run; anything else ends it. A run longer than
    /// <see cref="Http2FloodLimits.MaxConsecutiveEmptyFrames"/> trips (CVE-2019-9518, SECURITY.md case 33).
    /// Other frame types neither add to nor end the run.
    /// </summary>
    public Http2Error OnContentFrame(int payloadLength, bool endStream)
    {
        if (payloadLength != 0 || endStream)
        {
            _consecutiveEmpty = 0;
            return Current;
        }

        return ++_consecutiveEmpty > _limits.MaxConsecutiveEmptyFrames ? Trip(FloodKind.EmptyFrames) : Current;
    }

    /// <summary>A PRIORITY frame arrived: allowed up to PriorityFramesPerStream × (1 + streams opened) (Envoy).</summary>
    public Http2Error OnPriority()
    {
        long allowed = (long)_limits.PriorityFramesPerStream * (1 + StreamsOpened);
        return ++_priorityFrames > allowed ? Trip(FloodKind.Priority) : Current;
    }

    /// <summary>
    /// A WINDOW_UPDATE arrived (stream or connection): allowed up to 5 + 2 × (streams opened +
    /// WindowUpdatesPerDataFrameSent × DATA frames sent) (Envoy's formula; a peer has reason to open
    /// windows only as we send).
    /// </summary>
    public Http2Error OnWindowUpdate()
    {
        long allowed = 5 + 2 * (StreamsOpened + (long)_limits.WindowUpdatesPerDataFrameSent * DataFramesSent);
        return ++_windowUpdates > allowed ? Trip(FloodKind.WindowUpdate) : Current;
    }

    /// <summary>
    /// We queued a frame the peer made us owe (PING ACK, SETTINGS ACK, RST_STREAM). Past
    /// <see cref="Http2FloodLimits.MaxQueuedControlFrames"/> unsent, the peer is not reading (SECURITY.md case 31).
    /// </summary>
    public Http2Error OnControlFrameQueued()
    {
        _queued++;
        if (++_queuedControl > _limits.MaxQueuedControlFrames)
        {
            return Trip(FloodKind.ControlFrameQueue);
        }

        return _queued > _limits.MaxQueuedFrames ? Trip(FloodKind.OutboundFrameQueue) : Current;
    }

    /// <summary>We queued any other frame (HEADERS, DATA, WINDOW_UPDATE). Past <see cref="Http2FloodLimits.MaxQueuedFrames"/> unsent → trip.</summary>
    public Http2Error OnFrameQueued() =>
        ++_queued > _limits.MaxQueuedFrames ? Trip(FloodKind.OutboundFrameQueue) : Current;

    /// <summary>The transport took everything queued so far (a flush completed): the queues are empty again.</summary>
    public void OnOutputDrained()
    {
        _queued = 0;
        _queuedControl = 0;
    }

    private Http2Error Current => FloodKinds.ToError(Tripped);

    private Http2Error Trip(FloodKind kind)
    {
        if (Tripped == FloodKind.None)
        {
            Tripped = kind;
        }

        return FloodKinds.ToError(Tripped);
    }
}
