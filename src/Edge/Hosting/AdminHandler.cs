using System.Globalization;
using System.Text;
using Edge.Http;
using Edge.Policies;
using Edge.Snapshot;

namespace Edge.Hosting;

/// <summary>
/// The admin listener (loopback by default): <c>GET /health</c> (the process serves), <c>GET /ready</c>
/// (every listener is bound and the server is not draining), <c>GET /config</c> (which config is live),
/// <c>POST /reload</c> (what SIGHUP does, answered with the outcome: see <see cref="ReloadResponse"/>),
/// <c>POST /revocations</c> and <c>GET /revocations/stats</c> (AdminHandler.Revocations.cs),
/// <c>GET /metrics</c> (Prometheus text format: AdminHandler.Metrics.cs, docs/observability.md).
/// </summary>
internal sealed partial class AdminHandler : IExchangeHandler
{
    private static readonly byte[] HealthBody = "{\"status\":\"ok\"}"u8.ToArray();
    private static readonly byte[] ReadyBody = "{\"status\":\"ready\"}"u8.ToArray();
    private static readonly byte[] NotReadyBody = "{\"status\":\"not ready\"}"u8.ToArray();
    private static readonly byte[] DrainingBody = "{\"status\":\"draining\"}"u8.ToArray();
    private static ReadOnlySpan<byte> Json => "application/json"u8;

    private readonly EdgeServer _server;

    public AdminHandler(EdgeServer server) => _server = server;

    public ValueTask HandleAsync(Exchange exchange)
    {
        var request = exchange.Request;
        var path = request.Path;
        var get = request.KnownMethod is KnownMethod.Get or KnownMethod.Head;
        if (path.SequenceEqual("/health"u8) && get) return Send(exchange, 200, HealthBody);
        if (path.SequenceEqual("/ready"u8) && get)
        {
            if (_server.IsDraining) return Send(exchange, 503, DrainingBody);
            return _server.IsReady ? Send(exchange, 200, ReadyBody) : Send(exchange, 503, NotReadyBody);
        }
        if (path.SequenceEqual("/metrics"u8) && get) return ScrapeAsync(exchange);
        if (path.SequenceEqual("/config"u8) && get) return Send(exchange, 200, ConfigBody(_server.Snapshots.Current));
        if (path.SequenceEqual("/reload"u8) && request.KnownMethod == KnownMethod.Post) return ReloadAsync(exchange);
        if (path.SequenceEqual("/revocations"u8) && request.KnownMethod == KnownMethod.Post) return RevokeAsync(exchange);
        if (path.SequenceEqual("/revocations/stats"u8) && get) return Send(exchange, 200, RevocationStatsBody(_server.Snapshots.Current));
        return GatewayHandler.SendFaultAsync(exchange, FaultCatalog.NoMatchingResource, FaultFormat.Json);
    }

    private static byte[] ConfigBody(RuntimeSnapshot s) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{{\"generation\":{s.Generation},\"hash\":\"{s.Hash}\",\"loaded_at\":\"{s.LoadedAt:O}\",\"source\":\"{System.Text.Json.JsonEncodedText.Encode(s.SourcePath)}\",\"pinned_blocks\":{{\"outstanding\":{Transport.PinnedBlockMemoryPool.Instance.Outstanding},\"allocated\":{Transport.PinnedBlockMemoryPool.Instance.Allocated}}}}}"));

    private async ValueTask ReloadAsync(Exchange exchange)
    {
        var outcome = await _server.ReloadAsync().ConfigureAwait(false);
        // 422: the request was understood but the file it points at is not a config Edge can run.
        await Send(exchange, outcome.Succeeded ? 200 : 422, ReloadResponse.Write(outcome)).ConfigureAwait(false);
    }

    private static ValueTask Send(Exchange exchange, int status, byte[] body)
    {
        var head = new HttpResponseHead { Status = status };
        head.AddHeader("Cache-Control"u8, "no-store"u8);
        var response = exchange.Response;
        var headOnly = exchange.Request.KnownMethod == KnownMethod.Head;
        response.WriteHead(head, body.Length, new ResponseExtras { ContentType = Json, HeadOnly = headOnly });
        head.Release();
        return headOnly ? response.CompleteAsync(CancellationToken.None) : WriteAsync(response, body);
    }

    private static async ValueTask WriteAsync(IResponseSink response, byte[] body)
    {
        await response.WriteBodyAsync(body, CancellationToken.None).ConfigureAwait(false);
        await response.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
