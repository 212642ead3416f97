using System.Runtime.CompilerServices;
using Edge.Http;
using Edge.Observability.Metrics;
using Edge.Snapshot;

namespace Edge.Hosting;

internal sealed partial class AdminHandler
{
    /// <summary>
    /// <c>GET /metrics</c>: the Prometheus text exposition (<see cref="MetricsExposition"/>), rendered into a
    /// pooled buffer and sent with its length; the buffer goes back to the pool when the body is written.
    /// </summary>
    private ValueTask ScrapeAsync(Exchange exchange)
    {
        var buffer = new PooledBufferWriter();
        MetricsExposition.Write(_server, buffer);
        var head = new HttpResponseHead { Status = 200 };
        head.AddHeader("Cache-Control"u8, "no-store"u8);
        var headOnly = exchange.Request.KnownMethod == KnownMethod.Head;
        exchange.Response.WriteHead(head, buffer.Length, new ResponseExtras { ContentType = PrometheusWriter.ContentType, HeadOnly = headOnly });
        head.Release();
        return SendPooledAsync(exchange.Response, buffer, headOnly);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask SendPooledAsync(IResponseSink response, PooledBufferWriter buffer, bool headOnly)
    {
        try
        {
            if (!headOnly) await response.WriteBodyAsync(buffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            await response.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            buffer.Dispose();
        }
    }
}
