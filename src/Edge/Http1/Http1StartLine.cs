using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Validates request lines (RFC 9112 §3) and status lines (RFC 9112 §4). Each method also accepts an
/// incomplete line (<c>complete: false</c>) and throws as soon as the bytes seen so far cannot start a
/// valid line, so garbage is refused without waiting for a CRLF or a timeout.
/// </summary>
internal static class Http1StartLine
{
    private static ReadOnlySpan<byte> Http11 => "HTTP/1.1"u8;
    private static ReadOnlySpan<byte> Http10 => "HTTP/1.0"u8;
    private static ReadOnlySpan<byte> HttpSlash => "HTTP/"u8;
    private const int VersionLength = 8;

    /// <summary>request-line = method SP request-target SP HTTP-version (RFC 9112 §3): exactly one SP
    /// each, no HTAB, no trailing whitespace.</summary>
    public static void ParseRequestLine<THandler>(ref THandler handler, ReadOnlySpan<byte> line, bool complete)
        where THandler : struct, IHttp1HeadHandler
    {
        // method = token (RFC 9110 §9.1).
        int methodEnd = line.IndexOfAnyExcept(HttpCharacters.Token);
        if (methodEnd < 0)
        {
            if (complete)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidRequestLine);
            }

            return;
        }

        if (line[methodEnd] != HttpCharacters.SP)
        {
            BadHttpMessageException.Throw(line[methodEnd] == HttpCharacters.HTAB || methodEnd == 0
                ? RejectReason.InvalidRequestLine
                : RejectReason.InvalidMethod);
        }

        if (methodEnd == 0)
        {
            BadHttpMessageException.Throw(RejectReason.InvalidRequestLine);
        }

        ReadOnlySpan<byte> rest = line[(methodEnd + 1)..];
        int targetEnd = rest.IndexOfAnyExcept(HttpCharacters.Target);
        if (targetEnd < 0)
        {
            // No SP after the target: HTTP/0.9-style "GET /" is refused.
            if (complete)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidRequestLine);
            }

            return;
        }

        if (rest[targetEnd] != HttpCharacters.SP)
        {
            // CTL, HTAB, '#', or a byte >= 0x80 inside the target (RFC 9112 §3.2, SECURITY.md case 14).
            BadHttpMessageException.Throw(RejectReason.InvalidTarget);
        }

        if (targetEnd == 0)
        {
            BadHttpMessageException.Throw(RejectReason.InvalidRequestLine); // double SP
        }

        ReadOnlySpan<byte> target = rest[..targetEnd];
        HttpVersion version = ParseVersion(rest[(targetEnd + 1)..], complete, RejectReason.InvalidRequestLine);
        if (!complete)
        {
            return;
        }

        KnownMethod known = KnownMethods.Classify(line, methodEnd);
        ValidateTargetForm(known, target);
        handler.OnRequestLine(line[..methodEnd], known, target, version);
    }

    /// <summary>status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4).
    /// A missing SP after the code when there is no reason is tolerated (common, and unambiguous).</summary>
    public static void ParseStatusLine<THandler>(ref THandler handler, ReadOnlySpan<byte> line, bool complete)
        where THandler : struct, IHttp1HeadHandler
    {
        if (line.Length < VersionLength)
        {
            ParseVersion(line, complete: false, RejectReason.InvalidStatusLine);
            if (complete)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidStatusLine);
            }

            return;
        }

        HttpVersion version = ParseVersion(line[..VersionLength], complete: true, RejectReason.InvalidStatusLine);
        ReadOnlySpan<byte> rest = line[VersionLength..];
        if (rest.IsEmpty)
        {
            if (complete)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidStatusLine);
            }

            return;
        }

        if (rest[0] != HttpCharacters.SP)
        {
            BadHttpMessageException.Throw(RejectReason.InvalidStatusLine);
        }

        // status-code = 3DIGIT; Edge accepts the defined classes 1xx–5xx (RFC 9110 §15).
        ReadOnlySpan<byte> code = rest[1..];
        int digits = Math.Min(code.Length, 3);
        if (code[..digits].ContainsAnyExcept(HttpCharacters.Digit) || (digits > 0 && (code[0] < '1' || code[0] > '5')))
        {
            BadHttpMessageException.Throw(RejectReason.InvalidStatusLine);
        }

        if (code.Length < 3)
        {
            if (complete)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidStatusLine);
            }

            return;
        }

        ReadOnlySpan<byte> reason = default;
        if (code.Length > 3)
        {
            if (code[3] != HttpCharacters.SP)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidStatusLine);
            }

            reason = code[4..];
            if (reason.ContainsAnyExcept(HttpCharacters.ReasonPhrase))
            {
                BadHttpMessageException.Throw(RejectReason.InvalidStatusLine);
            }
        }

        if (complete)
        {
            int status = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
            handler.OnStatusLine(version, status, reason);
        }
    }

    /// <summary>
    /// HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3). 1.0 and 1.1 are served;
    /// any other well-formed version is <see cref="RejectReason.UnsupportedVersion"/> (505); anything
    /// else (<c>HTTP/1.10</c>, <c>http/1.1</c>, trailing SP) is malformed (400).
    /// </summary>
    private static HttpVersion ParseVersion(ReadOnlySpan<byte> version, bool complete, RejectReason malformed)
    {
        if (version.Length == VersionLength)
        {
            if (version.SequenceEqual(Http11))
            {
                return HttpVersion.Http11;
            }

            if (version.SequenceEqual(Http10))
            {
                return HttpVersion.Http10;
            }
        }

        // Check the well-formed-version shape over the bytes present.
        int n = Math.Min(version.Length, VersionLength);
        for (int i = 0; i < n; i++)
        {
            byte b = version[i];
            bool ok = i < 5 ? b == HttpSlash[i] : i == 6 ? b == (byte)'.' : b >= '0' && b <= '9';
            if (!ok)
            {
                BadHttpMessageException.Throw(i == 0 ? malformed : RejectReason.InvalidVersion);
            }
        }

        if (version.Length > VersionLength)
        {
            BadHttpMessageException.Throw(version[VersionLength] == HttpCharacters.SP ? malformed : RejectReason.InvalidVersion);
        }

        if (version.Length == VersionLength)
        {
            BadHttpMessageException.Throw(RejectReason.UnsupportedVersion);
        }

        if (complete)
        {
            BadHttpMessageException.Throw(RejectReason.InvalidVersion);
        }

        return HttpVersion.Unknown;
    }

    /// <summary>
    /// RFC 9112 §3.2: origin-form for everything; authority-form only (and always) for CONNECT
    /// (§3.2.3); asterisk-form only for OPTIONS (§3.2.4); absolute-form <c>scheme://authority[path]</c>
    /// (§3.2.2) whose authority follows the Host rules (no userinfo).
    /// </summary>
    private static void ValidateTargetForm(KnownMethod method, ReadOnlySpan<byte> target)
    {
        if (method == KnownMethod.Connect)
        {
            if (!HostValidator.IsValidAuthority(target, requirePort: true))
            {
                BadHttpMessageException.Throw(RejectReason.InvalidTarget);
            }

            return;
        }

        byte first = target[0];
        if (first == (byte)'/')
        {
            return;
        }

        if (first == (byte)'*' && target.Length == 1)
        {
            if (method != KnownMethod.Options)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidTarget);
            }

            return;
        }

        // absolute-form: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://" authority.
        int schemeEnd = target.IndexOfAnyExcept(HttpCharacters.Scheme);
        if (schemeEnd <= 0 || !char.IsAsciiLetter((char)first) || !target[schemeEnd..].StartsWith("://"u8))
        {
            BadHttpMessageException.Throw(RejectReason.InvalidTarget);
        }

        ReadOnlySpan<byte> afterScheme = target[(schemeEnd + 3)..];
        int authorityEnd = afterScheme.IndexOfAny((byte)'/', (byte)'?');
        ReadOnlySpan<byte> authority = authorityEnd < 0 ? afterScheme : afterScheme[..authorityEnd];
        if (!HostValidator.IsValidAuthority(authority, requirePort: false))
        {
            BadHttpMessageException.Throw(RejectReason.InvalidTarget);
        }
    }
}
