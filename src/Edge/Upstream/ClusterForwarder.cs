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
            var result = await Http1Forwarder.ForwardAsync(exchange, endpoint, path, cancellationToken).ConfigureAwait(false);
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
}
