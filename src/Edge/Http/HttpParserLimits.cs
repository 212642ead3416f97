namespace Edge.Http;

/// <summary>
/// Limits the HTTP/1 parser enforces by slicing its input to the remaining budget. Defaults are
/// DESIGN.md §6 ("request head 32 KiB, 100 headers, request line 8 KiB", "body cap 10 MiB").
/// </summary>
internal readonly record struct HttpParserLimits
{
    public HttpParserLimits()
    {
    }

    /// <summary>Request line including CRLF. DESIGN.md §6: 8 KiB (Kestrel 8,192; RFC 9112 §3 asks ≥ 8,000).</summary>
    public int MaxRequestLineBytes { get; init; } = 8 * 1024;

    /// <summary>Whole head: start line, field lines, final CRLF. DESIGN.md §6: 32 KiB (Kestrel's default too).
    /// Trailers of a chunked body count against what the head left over (SECURITY.md case 11).</summary>
    public int MaxHeadBytes { get; init; } = 32 * 1024;

    /// <summary>Field lines per head (and per trailer section). DESIGN.md §6: 100 (Kestrel, Envoy).</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>Chunk-extension bytes per message (RFC 9112 §7.1.1 "ought to limit"; SECURITY.md case 10: 4 KiB).</summary>
    public int MaxChunkExtensionBytes { get; init; } = 4 * 1024;

    /// <summary>Empty lines ignored before a start line (RFC 9112 §2.2 SHOULD ignore at least one; SECURITY.md case 16: 8).</summary>
    public int MaxLeadingEmptyLines { get; init; } = 8;

    /// <summary>Request body cap. DESIGN.md §6: 10 MiB unless the route says more.</summary>
    public long MaxRequestBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>The defaults above.</summary>
    public static HttpParserLimits Default => new();
}
