using System.Runtime.CompilerServices;
using Edge.Http;
using Edge.Upstream.Retries;

namespace Edge.Upstream;

/// <summary>
/// Forwards one exchange to a cluster: the first endpoint the balancer chose, then — when the attempt
/// failed in a way <see cref="RetryDecision"/> allows to replay — up to the policy's count of further
/// attempts, each on an endpoint not tried yet and each paid for from the cluster's
/// <see cref="RetryBudget"/>. The first attempt costs nothing extra: the retry machinery runs only
/// after a failure.
/// </summary>
internal static class ClusterForwarder
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ForwardResult> ForwardAsync(Exchange exchange, UpstreamCluster cluster, UpstreamEndpoint first,
        ForwardPath path, bool nonIdempotent, CancellationToken cancellationToken)
    {
        var endpoint = first;
        var tried = 0UL;
        for (var attempt = 0; ; attempt++)
        {
            exchange.UpstreamEndpoint = endpoint.Url;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await ForwardToEndpointAsync(exchange, endpoint, path, cancellationToken).ConfigureAwait(false);
            endpoint.Metrics.Record((int)result, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            if (attempt > 0) cluster.RetryBudget.End();
            if (result == ForwardResult.Success || exchange.Response.HasStarted || cancellationToken.IsCancellationRequested) return result;
            if (attempt >= cluster.Retry.Count || !RetryDecision.CanRetry(result, exchange, nonIdempotent)) return result;

            tried |= cluster.TriedBit(endpoint);
            if (cluster.PickUntried(tried, endpoint) is not { } next) return result;
            if (!cluster.RetryBudget.TryBegin(cluster.LiveRequests())) return result;
            exchange.UpstreamRetries++;
            endpoint = next;
        }
    }

    /// <summary>
    /// By the endpoint's protocol: HTTP/2 (h2c, h2, auto until it learned otherwise) or HTTP/1.1. A
    /// WebSocket upgrade always goes over HTTP/1.1 (RFC 8441's extended CONNECT is not spoken upstream).
    /// </summary>
    private static ValueTask<ForwardResult> ForwardToEndpointAsync(Exchange exchange, UpstreamEndpoint endpoint, ForwardPath path, CancellationToken cancellationToken)
    {
        if (!endpoint.UsesHttp2 || exchange.ForwardedUpgrade != UpgradeProtocol.None)
            return Http1Forwarder.ForwardAsync(exchange, endpoint, path, cancellationToken);
        var forward = Http2Forwarder.ForwardAsync(exchange, endpoint, path, cancellationToken);
        if (forward.IsCompletedSuccessfully && forward.Result != Http2Forwarder.UseHttp1) return forward;
        return ThenHttp1Async(forward, exchange, endpoint, path, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ForwardResult> ThenHttp1Async(ValueTask<ForwardResult> forward, Exchange exchange, UpstreamEndpoint endpoint, ForwardPath path,
        CancellationToken cancellationToken)
    {
        var result = await forward.ConfigureAwait(false);
        // An auto endpoint that turned out not to speak HTTP/2: this request, and every later one, over HTTP/1.1.
        return result == Http2Forwarder.UseHttp1 ? await Http1Forwarder.ForwardAsync(exchange, endpoint, path, cancellationToken).ConfigureAwait(false) : result;
    }
}
