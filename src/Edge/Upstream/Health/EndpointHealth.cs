namespace Edge.Upstream.Health;

/// <summary>
/// Whether one endpoint may take traffic: the active checker's verdict AND not passively ejected.
/// The request path reads <see cref="IsAvailable"/> (a volatile bool and, only while an ejection is
/// pending, one timestamp read) and reports outcomes with one Interlocked op; no locks, no allocation.
/// </summary>
internal sealed class EndpointHealth
{
    private readonly PassiveHealthOptions _passive;
    private readonly TimeProvider _time;
    private readonly long _ejectTicks;
    private volatile bool _activeDown;
    private bool _unresolved;
    private int _failures;
    private long _ejectedUntil;
    private int _probeSuccesses;
    private int _probeFailures;

    public EndpointHealth(PassiveHealthOptions passive, TimeProvider? time = null)
    {
        _passive = passive;
        _time = time ?? TimeProvider.System;
        _ejectTicks = (long)(passive.Eject.TotalSeconds * _time.TimestampFrequency);
    }

    public bool IsAvailable
    {
        get
        {
            if (_activeDown || _unresolved) return false;
            var until = Volatile.Read(ref _ejectedUntil);
            return until == 0 || _time.GetTimestamp() >= until;
        }
    }

    /// <summary>
    /// The endpoint's host did not resolve at load: it takes no traffic for the life of this endpoint
    /// (a reload builds a new one). Set once before the endpoint is published.
    /// </summary>
    public void MarkUnresolved() => _unresolved = true;

    public bool Unresolved => _unresolved;

    /// <summary>True while the active checker holds the endpoint out.</summary>
    public bool ActiveDown => _activeDown;

    /// <summary>True while a passive ejection has not yet expired.</summary>
    public bool Ejected
    {
        get
        {
            var until = Volatile.Read(ref _ejectedUntil);
            return until != 0 && _time.GetTimestamp() < until;
        }
    }

    /// <summary>A forward got a non-5xx response: the failure streak ends (and a past ejection is forgiven).</summary>
    public void ReportSuccess()
    {
        // Reads before writes: the common, healthy case stays free of shared-cache-line writes.
        if (Volatile.Read(ref _failures) != 0) Volatile.Write(ref _failures, 0);
        if (Volatile.Read(ref _ejectedUntil) != 0) Volatile.Write(ref _ejectedUntil, 0);
    }

    /// <summary>A forward failed to connect, was reset, timed out, or got a 5xx.</summary>
    public void ReportFailure()
    {
        if (_passive.ConsecutiveFailures == int.MaxValue) return;
        var failures = Interlocked.Increment(ref _failures);
        if (failures < _passive.ConsecutiveFailures) return;
        // Ejected; when the time is up the endpoint is tried again on probation: the streak stays one
        // short of the threshold, so the next failure ejects it again and a success clears it.
        Volatile.Write(ref _failures, _passive.ConsecutiveFailures - 1);
        Volatile.Write(ref _ejectedUntil, _time.GetTimestamp() + Math.Max(1, _ejectTicks));
    }

    /// <summary>One active probe result; called only by the cluster's single checker loop.</summary>
    public void ReportProbe(bool ok, ActiveHealthOptions options)
    {
        if (ok)
        {
            _probeFailures = 0;
            if (_activeDown && ++_probeSuccesses >= options.Healthy)
            {
                _probeSuccesses = 0;
                // A passing probe also lifts a passive ejection: the endpoint was just seen serving.
                Volatile.Write(ref _ejectedUntil, 0);
                Volatile.Write(ref _failures, 0);
                _activeDown = false;
            }
        }
        else
        {
            _probeSuccesses = 0;
            if (!_activeDown && ++_probeFailures >= options.Unhealthy)
            {
                _probeFailures = 0;
                _activeDown = true;
            }
        }
    }
}
