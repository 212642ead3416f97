namespace Edge.Policies;

/// <summary>
/// The faults Edge answers with, pre-rendered once (see <see cref="Fault.Precomputed"/>).
/// </summary>
/// <remarks>
/// Codes, messages and descriptions follow WSO2 API Manager's error-handling table so existing clients
/// that match on <c>fault.code</c> keep working (DESIGN.md §4). Where WSO2 has no equivalent the choice
/// is Edge's own and is written next to the field:
/// <list type="bullet">
/// <item>Upstream errors use Synapse transport codes: 101503 connection failed, 101504 timeout. A bad
/// upstream response (unparseable head, reset mid-response) is 502 with 101500, Synapse's generic
/// "sender" error, because WSO2 has no dedicated code that clients are known to match on.</item>
/// <item>Protocol rejections (malformed or over-limit requests, before any API is known) have no WSO2
/// code; Edge uses 900000 + the HTTP status (900400, 900413, 900414, 900431, 900501, 900505), a range
/// WSO2 does not use, so the code alone tells the status.</item>
/// </list>
/// </remarks>
internal static class FaultCatalog
{
    /// <summary>No route matched the path (WSO2 900906).</summary>
    public static readonly Fault NoMatchingResource = Fault.Precomputed(
        404, 900906, "No matching resource found for given API Request", "The requested resource is not available.");

    /// <summary>
    /// The path matched but not the method. WSO2 reuses 900906 with status 405; the caller adds the
    /// <c>Allow</c> header (RFC 9110 §15.5.6).
    /// </summary>
    public static readonly Fault MethodNotAllowed = Fault.Precomputed(
        405, 900906, "Method not allowed", "The requested HTTP method is not allowed for this resource.");

    /// <summary>No credentials for a secured resource (WSO2 900902). The caller adds <c>WWW-Authenticate</c>.</summary>
    public static readonly Fault MissingCredentials = Fault.Precomputed(
        401, 900902, "Missing Credentials",
        "Invalid Credentials. Make sure your API invocation call has a header: 'Authorization : Bearer ACCESS_TOKEN' or 'Authorization : Basic ACCESS_TOKEN' or 'apikey: API_KEY'");

    /// <summary>Credentials present but not valid: bad signature, expired, revoked, unknown key (WSO2 900901).</summary>
    public static readonly Fault InvalidCredentials = Fault.Precomputed(
        401, 900901, "Invalid Credentials", "Invalid Credentials. Make sure you have provided the correct security credentials");

    /// <summary>Authenticated but not allowed to use this API or resource (WSO2 900908).</summary>
    public static readonly Fault ResourceForbidden = Fault.Precomputed(
        403, 900908, "Resource forbidden", "User is NOT authorized to access the Resource.");

    /// <summary>The token lacks a scope the resource requires (WSO2 900910).</summary>
    public static readonly Fault ScopeNotAllowed = Fault.Precomputed(
        403, 900910, "The access token does not allow you to access the requested resource",
        "User is NOT authorized to access the Resource. Scope validation failed.");

    /// <summary>Rate limit exceeded (WSO2 900800). The caller adds <c>Retry-After</c> (DESIGN.md §4).</summary>
    public static readonly Fault Throttled = Fault.Precomputed(
        429, 900800, "Message throttled out", "You have exceeded your quota");

    /// <summary>
    /// The client address is denied by an IP policy. 900805 is WSO2's "blocking condition" code (user, IP,
    /// application or API context); its message is "Message blocked", kept verbatim for clients that match
    /// on it, and the description says which condition applied.
    /// </summary>
    public static readonly Fault IpForbidden = Fault.Precomputed(
        403, 900805, "Message blocked", "Access denied for the IP address");

    /// <summary>No upstream endpoint could be connected to, or all are unhealthy (Synapse 101503).</summary>
    public static readonly Fault UpstreamUnavailable = Fault.Precomputed(
        503, 101503, "Runtime Error", "Error connecting to the back end");

    /// <summary>The upstream did not answer in time (Synapse 101504).</summary>
    public static readonly Fault UpstreamTimeout = Fault.Precomputed(
        504, 101504, "Runtime Error", "Backend connection timeout");

    /// <summary>The upstream answered with something we cannot relay (see the class remarks for 101500).</summary>
    public static readonly Fault BadGateway = Fault.Precomputed(
        502, 101500, "Runtime Error", "Invalid response from the back end");

    /// <summary>An unexpected gateway error; the details go to the log, never to the client.</summary>
    public static readonly Fault InternalError = Fault.Precomputed(
        500, 900500, "Internal Server Error", "The gateway could not process the request.");

    /// <summary>A malformed request (RFC 9112 framing, smuggling defences, bad headers).</summary>
    public static readonly Fault BadRequest = Fault.Precomputed(
        400, 900400, "Bad Request", "The request could not be understood by the gateway.");

    /// <summary>The body is larger than the route's cap (DESIGN.md §6: 10 MiB by default).</summary>
    public static readonly Fault PayloadTooLarge = Fault.Precomputed(
        413, 900413, "Payload Too Large", "The request body exceeds the allowed size.");

    /// <summary>The request line exceeds its limit (DESIGN.md §6: 8 KiB).</summary>
    public static readonly Fault UriTooLong = Fault.Precomputed(
        414, 900414, "URI Too Long", "The request target exceeds the allowed length.");

    /// <summary>The header section exceeds its size or count limit (DESIGN.md §6: 32 KiB, 100 fields).</summary>
    public static readonly Fault HeaderFieldsTooLarge = Fault.Precomputed(
        431, 900431, "Request Header Fields Too Large", "The request header section exceeds the allowed size.");

    /// <summary>A transfer coding or feature the gateway does not implement (RFC 9112 §6.1).</summary>
    public static readonly Fault NotImplemented = Fault.Precomputed(
        501, 900501, "Not Implemented", "The request uses a feature the gateway does not implement.");

    /// <summary>An HTTP major version other than 1 or 2.</summary>
    public static readonly Fault HttpVersionNotSupported = Fault.Precomputed(
        505, 900505, "HTTP Version Not Supported", "The HTTP version of the request is not supported.");

    /// <summary>
    /// The generic protocol-rejection fault for a status code, so the Http layer can report a rejection
    /// as a status (it must not reference Policies) and the response writer still sends a WSO2 body.
    /// Unknown statuses fall back to <see cref="BadRequest"/> (4xx) or <see cref="InternalError"/> (5xx).
    /// </summary>
    public static ref readonly Fault ForStatus(int status)
    {
        switch (status)
        {
            case 404: return ref NoMatchingResource;
            case 405: return ref MethodNotAllowed;
            case 413: return ref PayloadTooLarge;
            case 414: return ref UriTooLong;
            case 431: return ref HeaderFieldsTooLarge;
            case 500: return ref InternalError;
            case 501: return ref NotImplemented;
            case 502: return ref BadGateway;
            case 503: return ref UpstreamUnavailable;
            case 504: return ref UpstreamTimeout;
            case 505: return ref HttpVersionNotSupported;
            default: return ref status >= 500 ? ref InternalError : ref BadRequest;
        }
    }
}
