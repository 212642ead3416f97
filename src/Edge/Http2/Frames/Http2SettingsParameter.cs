namespace Edge.Http2.Frames;

/// <summary>
/// SETTINGS identifiers (RFC 9113 §6.5.2, plus RFC 8441 §3 and RFC 9218 §2.1). "An endpoint that
/// receives a SETTINGS frame with any unknown or unsupported identifier MUST ignore that setting".
/// </summary>
internal enum Http2SettingsParameter : ushort
{
    HeaderTableSize = 0x1,
    EnablePush = 0x2,
    MaxConcurrentStreams = 0x3,
    InitialWindowSize = 0x4,
    MaxFrameSize = 0x5,
    MaxHeaderListSize = 0x6,

    /// <summary>RFC 8441: extended CONNECT (WebSocket over HTTP/2).</summary>
    EnableConnectProtocol = 0x8,

    /// <summary>RFC 9218: the sender does not use RFC 7540 priorities.</summary>
    NoRfc7540Priorities = 0x9,
}
