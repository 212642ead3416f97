using System.Net;

namespace Edge.Http;

/// <summary>
/// One request/response exchange as the gateway core sees it (DESIGN.md §1): the request head, its
/// body, where the response goes, and facts about the connection. Routing, policies and forwarding
/// never know which protocol carried it. Reused per connection (HTTP/1.1) or per stream (HTTP/2).
/// </summary>
internal sealed class Exchange
{
    public Exchange(HttpRequestHead request) => Request = request;

    public HttpRequestHead Request { get; }

    /// <summary>The request body; <see cref="EmptyBody.Instance"/> when there is none.</summary>
    public IHttpBodySource RequestBody { get; set; } = EmptyBody.Instance;

    public IResponseSink Response { get; set; } = null!;

    /// <summary>The peer (the client, or the last proxy in front of Edge).</summary>
    public IPEndPoint? RemoteEndPoint { get; set; }

    /// <summary>"http" or "https" as the client used it.</summary>
    public bool IsHttps { get; set; }

    /// <summary>
    /// The client's verified TLS certificate (mTLS), or null: a cleartext connection, a listener with
    /// <c>client_auth = "none"</c>, or <c>"optional"</c> and the client sent none. Per connection, so it
    /// is not cleared between exchanges.
    /// </summary>
    public ClientCertificateIdentity? ClientCertificate { get; set; }

    /// <summary>The protocol the client spoke, for X-Forwarded-Proto/Via and logs ("1.1" or "2").</summary>
    public HttpProtocol Protocol { get; set; }

    /// <summary>Timestamp (<see cref="System.Diagnostics.Stopwatch"/>) when the head was complete.</summary>
    public long StartTimestamp { get; set; }

    /// <summary>Cancelled when the client goes away or the connection is aborted.</summary>
    public CancellationToken Aborted { get; set; }

    /// <summary>Set by the core: the protocol must close the connection after this exchange.</summary>
    public bool CloseAfterResponse { get; set; }

    /// <summary>
    /// Set by the protocol: how to switch this exchange's connection to a tunnel, or null when the request
    /// did not ask for an upgrade or cannot have one (a body, HTTP/1.0, a draining server).
    /// </summary>
    public IUpgradeFeature? Upgrade { get; set; }

    /// <summary>Set by the core: the upgrade forwarded to the upstream (<see cref="UpgradeProtocol.None"/>: none, the fields are dropped).</summary>
    public UpgradeProtocol ForwardedUpgrade { get; set; }

    /// <summary>
    /// Set by the core's policies: fields the upstream request must not carry (credentials) and fields
    /// it gets in addition (claims, the verified token), and a replacement query. Applied by whichever
    /// protocol writes the upstream request.
    /// </summary>
    public HeaderEdits UpstreamFields { get; } = new();

    /// <summary>Set by the core's policies: fields added to (and removed from) whatever response head is written (CORS).</summary>
    public HeaderEdits ResponseFields { get; } = new();

    /// <summary>
    /// Why a policy refused the request, or how it was let in (a static name such as <c>jwt_expired</c>),
    /// for the access log and counters only: the client never sees it.
    /// </summary>
    public string? PolicyReason { get; set; }

    /// <summary>
    /// Set by the core's policies once a caller is authenticated: who it is, as UTF-8 bytes owned by a
    /// long-lived immutable object (the JWT's <c>sub</c>, the API key's name, the Basic user's name, the
    /// client certificate's subject DN), so it is referenced, never copied. Empty for anonymous routes
    /// and for requests refused before a credential was accepted (a 403 for scopes still names its caller).
    /// The access log's <c>subject</c>; the scheme is in <see cref="PolicyReason"/>.
    /// </summary>
    public ReadOnlyMemory<byte> Subject { get; set; }

    // ---- results, for the access log and metrics ----
    public int ResponseStatus { get; set; }
    public string? ApiName { get; set; }
    public string? RouteName { get; set; }
    public int FaultCode { get; set; }
    public string? UpstreamEndpoint { get; set; }

    /// <summary>Further upstream attempts after the first (retries on other endpoints).</summary>
    public int UpstreamRetries { get; set; }
    public bool Truncated { get; set; }

    /// <summary>The client left (reset, or FIN with nothing more to read) before the response was done.</summary>
    public bool ClientAborted { get; set; }

    /// <summary>Tunnel bytes passed from the upstream to the client after a 101 (the access log's bytes sent).</summary>
    public long TunnelBytesToClient { get; set; }

    /// <summary>Tunnel bytes passed from the client to the upstream after a 101 (the access log's bytes received).</summary>
    public long TunnelBytesFromClient { get; set; }

    /// <summary>The request id and trace context of this exchange (set by the core, read by writers and the access log).</summary>
    public RequestCorrelation Correlation { get; } = new();

    public void ResetResults()
    {
        ResponseStatus = 0;
        ApiName = null;
        RouteName = null;
        FaultCode = 0;
        UpstreamEndpoint = null;
        UpstreamRetries = 0;
        Truncated = false;
        ClientAborted = false;
        CloseAfterResponse = false;
        RequestBody = EmptyBody.Instance;
        Upgrade = null;
        ForwardedUpgrade = UpgradeProtocol.None;
        UpstreamFields.Reset();
        ResponseFields.Reset();
        PolicyReason = null;
        Subject = default;
        TunnelBytesToClient = 0;
        TunnelBytesFromClient = 0;
        Correlation.Reset();
    }
}

internal enum HttpProtocol : byte
{
    Http11,
    Http10,
    Http2,
}
