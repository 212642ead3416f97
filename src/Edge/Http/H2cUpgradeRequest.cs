namespace Edge.Http;

/// <summary>
/// An HTTP/1.1 request that asked to continue as HTTP/2 (RFC 7540 §3.2, <c>Upgrade: h2c</c>) and will be
/// answered with 101: what the HTTP/1.1 connection hands to the HTTP/2 one. Protocol-neutral on purpose,
/// so neither protocol layer references the other. Built once per upgraded connection (not a hot path),
/// so it owns plain copies: the head's pooled buffer is released when the HTTP/1.1 side ends.
/// </summary>
internal sealed class H2cUpgradeRequest
{
    public H2cUpgradeRequest(byte[] settingsPayload, List<KeyValuePair<byte[], byte[]>> fields, long startTimestamp)
    {
        SettingsPayload = settingsPayload;
        Fields = fields;
        StartTimestamp = startTimestamp;
    }

    /// <summary>The decoded <c>HTTP2-Settings</c> value: a SETTINGS frame payload (a whole number of 6-byte entries).</summary>
    public byte[] SettingsPayload { get; }

    /// <summary>
    /// The request as HTTP/2 fields for stream 1: <c>:method :scheme :authority :path</c> first, then the
    /// end-to-end fields with lower-case names (hop-by-hop ones, Host and the Connection-nominated ones left out).
    /// </summary>
    public List<KeyValuePair<byte[], byte[]>> Fields { get; }

    /// <summary>When the request's first byte arrived (for the access log's duration).</summary>
    public long StartTimestamp { get; }
}
