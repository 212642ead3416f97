namespace Edge.Transport.Tls;

/// <summary>Handshake outcomes of one TLS listener, for metrics and tests (incremented once per connection).</summary>
internal sealed class TlsHandshakeCounters
{
    private long _succeeded;
    private long _failed;
    private long _timedOut;

    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Refused or broken handshakes, timeouts included.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public long TimedOut => Interlocked.Read(ref _timedOut);

    public void RecordSuccess() => Interlocked.Increment(ref _succeeded);

    public void RecordFailure(bool timedOut)
    {
        Interlocked.Increment(ref _failed);
        if (timedOut) Interlocked.Increment(ref _timedOut);
    }
}
