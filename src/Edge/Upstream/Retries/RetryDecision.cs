using Edge.Http;

namespace Edge.Upstream.Retries;

/// <summary>
/// Whether a failed attempt may be replayed on another endpoint (SECURITY.md cases 57–59):
/// <list type="bullet">
/// <item>a failed connect sent nothing, so any request may go elsewhere (the body is still unread);</item>
/// <item>a reset before any response byte may have reached the application, so only idempotent methods
/// (RFC 9110 §9.2.2), or any method where the route allows it, and only without a body: a streamed body
/// is gone once sent and cannot be replayed;</item>
/// <item>a response timeout is never retried: the upstream may still be working on it, and retrying a slow
/// upstream doubles its load exactly when it is struggling (POST must never be, case 58);</item>
/// <item>a bad response head, or any failure after the response began, is final.</item>
/// </list>
/// </summary>
internal static class RetryDecision
{
    public static bool CanRetry(ForwardResult result, Exchange exchange, bool nonIdempotent) => result switch
    {
        ForwardResult.ConnectFailed => true,
        ForwardResult.UpstreamResetBeforeResponse =>
            (nonIdempotent || IsIdempotent(exchange.Request.KnownMethod)) && exchange.RequestBody.ContentLength == 0,
        _ => false,
    };

    public static bool IsIdempotent(KnownMethod method) => method is KnownMethod.Get or KnownMethod.Head
        or KnownMethod.Options or KnownMethod.Trace or KnownMethod.Put or KnownMethod.Delete;
}
