namespace Edge.Http2.Server;

/// <summary>
/// Why a request header block is malformed (RFC 9113 §8.1.1, §8.2, §8.3). Every value but the last
/// three is answered with RST_STREAM(PROTOCOL_ERROR) ("malformed requests ... MUST be treated as a
/// stream error of type PROTOCOL_ERROR", §8.1.1); see <see cref="Http2RequestErrors.Status"/>.
/// </summary>
internal enum Http2RequestError : byte
{
    None = 0,
    /// <summary>A field name with an upper-case letter (§8.2.1 "MUST be treated as malformed").</summary>
    UppercaseName,
    /// <summary>An empty field name or one with a byte outside tchar (§8.2.1, CVE-2019-9516).</summary>
    InvalidName,
    /// <summary>A value with NUL, CR, LF or another CTL, or leading/trailing SP or HTAB (§8.2.1).</summary>
    InvalidValue,
    /// <summary>connection, keep-alive, proxy-connection, transfer-encoding or upgrade (§8.2.2).</summary>
    ConnectionSpecificField,
    /// <summary>te with anything but "trailers" (§8.2.2).</summary>
    InvalidTe,
    /// <summary>A pseudo-header after a regular field (§8.3).</summary>
    PseudoHeaderAfterField,
    /// <summary>A pseudo-header not defined for requests (:status, :protocol without extended CONNECT, :foo) (§8.3).</summary>
    UnknownPseudoHeader,
    /// <summary>The same pseudo-header twice (§8.3.1).</summary>
    DuplicatePseudoHeader,
    /// <summary>:method, :scheme or :path missing (non-CONNECT) (§8.3.1).</summary>
    MissingPseudoHeader,
    /// <summary>:method is not a token.</summary>
    InvalidMethod,
    /// <summary>:scheme is not http or https.</summary>
    InvalidScheme,
    /// <summary>:path empty, not origin-form (or "*" for OPTIONS), or with bytes a request target may not carry.</summary>
    InvalidPath,
    /// <summary>:authority or host not a valid authority (userinfo, space, bad port).</summary>
    InvalidAuthority,
    /// <summary>CONNECT with :scheme or :path, or without :authority (§8.5).</summary>
    InvalidConnect,
    /// <summary>content-length not 1*DIGIT, or given twice (§8.1.1, RFC 9110 §8.6).</summary>
    InvalidContentLength,
    /// <summary>A trailer section with a pseudo-header, or without END_STREAM (§8.1).</summary>
    InvalidTrailers,
    // ---- answered with a response instead of a reset ----
    /// <summary>Neither :authority nor host (§8.3.1; SECURITY.md case 25) → 400.</summary>
    MissingAuthority,
    /// <summary>host names another authority than :authority (§8.3.1 SHOULD be malformed; SECURITY.md case 25) → 400.</summary>
    AuthorityMismatch,
    /// <summary>More fields than <c>server.limits.headers</c>, or the decoded list over SETTINGS_MAX_HEADER_LIST_SIZE → 431.</summary>
    TooManyHeaders,
}

internal static class Http2RequestErrors
{
    /// <summary>The status a refusal answers with, or 0 for a RST_STREAM(PROTOCOL_ERROR).</summary>
    public static int Status(Http2RequestError error) => error switch
    {
        Http2RequestError.MissingAuthority or Http2RequestError.AuthorityMismatch => 400,
        Http2RequestError.TooManyHeaders => 431,
        _ => 0,
    };

    public static string Message(Http2RequestError error) => error switch
    {
        Http2RequestError.MissingAuthority => "Missing :authority and host",
        Http2RequestError.AuthorityMismatch => "host differs from :authority",
        Http2RequestError.TooManyHeaders => "Request header list too large",
        _ => "Malformed request",
    };
}
