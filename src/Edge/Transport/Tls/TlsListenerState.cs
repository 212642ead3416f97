namespace Edge.Transport.Tls;

/// <summary>
/// The TLS side of one listener for as long as it is bound: the current <see cref="TlsServerSettings"/>
/// (swapped by a reload, so new certificates apply to new connections without rebinding), the handshake
/// deadline, the counters and the failure log.
/// </summary>
internal sealed class TlsListenerState
{
    private volatile TlsServerSettings _settings;

    public TlsListenerState(string name, TlsServerSettings settings, TimeSpan handshakeTimeout, TlsFailureLog? log)
    {
        Name = name;
        _settings = settings;
        HandshakeTimeout = handshakeTimeout;
        Log = log;
    }

    /// <summary>The listener's name, for log lines.</summary>
    public string Name { get; }

    public TlsServerSettings Settings => _settings;

    /// <summary>
    /// The whole handshake must finish within this (SECURITY.md case 41: a ClientHello that never
    /// comes, or comes a byte at a time, is cut here; Kestrel's HandshakeTimeout is 10 s).
    /// </summary>
    public TimeSpan HandshakeTimeout { get; }

    public TlsFailureLog? Log { get; }

    public TlsHandshakeCounters Counters { get; } = new();

    /// <summary>
    /// Installs reloaded settings when the certificate, key or CA files changed (returns true). The
    /// listener's config is the same (it was kept), so equal files mean equal settings, and the current
    /// ones stay: their OpenSSL contexts hold the session cache and resumption tickets clients rely on.
    /// </summary>
    public bool Update(TlsServerSettings next)
    {
        if (_settings.MaterialHash == next.MaterialHash) return false;
        _settings = next;
        return true;
    }
}
