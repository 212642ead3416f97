namespace Edge.Http2.Flood;

/// <summary>
/// The abuse a detector caught, one per metrics label (SECURITY.md cases 28-36). Each maps to one
/// <c>Http2ErrorReason</c> (two for CONTINUATION floods) and the wire code ENHANCE_YOUR_CALM.
/// </summary>
internal enum FloodKind : byte
{
    None = 0,

    /// <summary>Streams reset faster than the reset budget refills (CVE-2023-44487; case 29).</summary>
    RapidReset,

    /// <summary>PING frames beyond their rate (CVE-2019-9512; case 31).</summary>
    Ping,

    /// <summary>SETTINGS frames beyond their rate (CVE-2019-9515; case 31).</summary>
    Settings,

    /// <summary>Consecutive empty DATA/HEADERS/CONTINUATION frames (CVE-2019-9518; case 33).</summary>
    EmptyFrames,

    /// <summary>PRIORITY frames out of proportion to streams opened (CVE-2019-9513; case 35).</summary>
    Priority,

    /// <summary>WINDOW_UPDATE frames out of proportion to the DATA we sent (case 36).</summary>
    WindowUpdate,

    /// <summary>A header block with too many CONTINUATIONs, too many bytes, or open too long (CVE-2024-27316; case 28).</summary>
    Continuation,

    /// <summary>Frames we owe the peer piling up unsent: it does not read (CVE-2019-9512/-9515; case 31).</summary>
    ControlFrameQueue,

    /// <summary>Frames of any kind piling up unsent (CVE-2019-9514; case 32).</summary>
    OutboundFrameQueue,

    /// <summary>A send window held at zero past the stall timeout (CVE-2019-9511/-9517; case 34).</summary>
    ZeroWindowStall,
}
