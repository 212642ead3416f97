using Edge.Http2.Flood;
using Edge.Observability.Metrics;
using Edge.Policies;
using Edge.Snapshot;

namespace Edge.Hosting;

internal static partial class MetricsExposition
{
    private static readonly (FloodKind Kind, byte[] Label)[] FloodLabels =
    [
        (FloodKind.RapidReset, "kind=\"rapid_reset\""u8.ToArray()),
        (FloodKind.Ping, "kind=\"ping\""u8.ToArray()),
        (FloodKind.Settings, "kind=\"settings\""u8.ToArray()),
        (FloodKind.EmptyFrames, "kind=\"empty_frames\""u8.ToArray()),
        (FloodKind.Priority, "kind=\"priority\""u8.ToArray()),
        (FloodKind.WindowUpdate, "kind=\"window_update\""u8.ToArray()),
        (FloodKind.Continuation, "kind=\"continuation\""u8.ToArray()),
        (FloodKind.ControlFrameQueue, "kind=\"control_frame_queue\""u8.ToArray()),
        (FloodKind.OutboundFrameQueue, "kind=\"outbound_frame_queue\""u8.ToArray()),
        (FloodKind.ZeroWindowStall, "kind=\"zero_window_stall\""u8.ToArray()),
    ];

    /// <summary><c>reason="…"</c> for each authentication or scope refusal, rendered once.</summary>
    private static readonly byte[][] AuthReasonLabels =
        [.. Enumerable.Range((int)PolicyReason.CredentialsMissing, PolicyReason.ScopeMissing - PolicyReason.CredentialsMissing + 1)
            .Select(r => PrometheusWriter.Labels(("reason", PolicyReasons.Name((PolicyReason)r))))];

    private static void WriteConnections(PrometheusWriter w, in MetricsSources sources)
    {
        var metrics = sources.Gateway;
        w.Family("edge_connections_open"u8, "gauge"u8, "Client connections open now, by protocol (http1, h2c, h2); the admin listener's are not counted.");
        for (var p = 0; p < GatewayMetrics.ProtocolCount; p++)
            w.Sample("edge_connections_open"u8, GatewayMetrics.ProtocolLabel((ConnectionProtocol)p), metrics.ConnectionsOpen((ConnectionProtocol)p));
        w.Family("edge_connections_total"u8, "counter"u8, "Client connections served, by protocol.");
        for (var p = 0; p < GatewayMetrics.ProtocolCount; p++)
            w.Sample("edge_connections_total"u8, GatewayMetrics.ProtocolLabel((ConnectionProtocol)p), metrics.ConnectionsTotal((ConnectionProtocol)p));

        var h2 = sources.Http2;
        w.Family("edge_http2_streams_total"u8, "counter"u8, "HTTP/2 streams handed to the gateway (or answered by the protocol layer).");
        w.Sample("edge_http2_streams_total"u8, default, h2.Streams);
        w.Family("edge_http2_refused_streams_total"u8, "counter"u8, "HTTP/2 streams refused with REFUSED_STREAM.");
        w.Sample("edge_http2_refused_streams_total"u8, default, h2.RefusedStreams);
        w.Family("edge_http2_flood_events_total"u8, "counter"u8, "HTTP/2 connections closed for abuse (GOAWAY ENHANCE_YOUR_CALM or a stalled window), by kind.");
        foreach (var (kind, label) in FloodLabels) w.Sample("edge_http2_flood_events_total"u8, label, h2.Floods(kind));

        w.Family("edge_tls_handshakes_total"u8, "counter"u8, "TLS handshakes by listener and outcome (success, failure, timeout: failures that ran out of time).");
        foreach (var (name, counters) in sources.Tls)
        {
            var listener = PrometheusWriter.Labels(("listener", name));
            w.Sample("edge_tls_handshakes_total"u8, listener, "outcome=\"success\""u8, counters.Succeeded);
            w.Sample("edge_tls_handshakes_total"u8, listener, "outcome=\"failure\""u8, counters.Failed - counters.TimedOut);
            w.Sample("edge_tls_handshakes_total"u8, listener, "outcome=\"timeout\""u8, counters.TimedOut);
        }
    }

    private static void WriteSecurity(PrometheusWriter w, RuntimeSnapshot snapshot)
    {
        w.Family("edge_auth_failures_total"u8, "counter"u8, "Requests refused by authentication or scope checks, by reason (the access log's policy names).");
        for (var r = PolicyReason.CredentialsMissing; r <= PolicyReason.ScopeMissing; r++)
            w.Sample("edge_auth_failures_total"u8, AuthReasonLabels[r - PolicyReason.CredentialsMissing], PolicyCounters.Get(r));
        w.Family("edge_ip_denied_total"u8, "counter"u8, "Requests refused by a listener's or an API's ip_allow / ip_deny.");
        w.Sample("edge_ip_denied_total"u8, "scope=\"listener\""u8, default, PolicyCounters.Get(PolicyReason.ListenerIpDenied));
        w.Sample("edge_ip_denied_total"u8, "scope=\"api\""u8, default, PolicyCounters.Get(PolicyReason.IpDenied));
        w.Family("edge_revocation_checks_total"u8, "counter"u8, "Token revocation lookups (jti and subject) made while validating JWTs.");
        w.Sample("edge_revocation_checks_total"u8, default, snapshot.Security.Revocations.List.Checks.Value);
        w.Family("edge_revoked_tokens_total"u8, "counter"u8, "Requests refused because their token was revoked.");
        w.Sample("edge_revoked_tokens_total"u8, default, PolicyCounters.Get(PolicyReason.JwtRevoked));
        w.Family("edge_throttled_total"u8, "counter"u8, "Requests refused by throttling (429, fault 900800).");
        w.Sample("edge_throttled_total"u8, default, PolicyCounters.Get(PolicyReason.Throttled));
        WriteThrottleTables(w, snapshot);
    }

    /// <summary>
    /// Per keyed throttle table (one per limit with a key recipe, bounded by the config): keys held and
    /// keys evicted to stay under <c>max_keys</c>. The label is the limit's scope, e.g.
    /// <c>api:orders</c> or <c>resource:orders GET /order/{id}#0</c>.
    /// </summary>
    private static void WriteThrottleTables(PrometheusWriter w, RuntimeSnapshot snapshot)
    {
        var tables = snapshot.Throttle?.Registry.Tables ?? [];
        w.Family("edge_throttle_keys"u8, "gauge"u8, "Keys held by each keyed throttle table (bounded by [throttle] max_keys).");
        foreach (var (key, table) in tables) w.Sample("edge_throttle_keys"u8, PrometheusWriter.Labels(("limit", key.Scope)), table.Count);
        w.Family("edge_throttle_evictions_total"u8, "counter"u8, "Keys evicted from a keyed throttle table to stay within max_keys (idle ones first).");
        foreach (var (key, table) in tables)
            w.Sample("edge_throttle_evictions_total"u8, PrometheusWriter.Labels(("limit", key.Scope)), table.Counters.EvictedIdle + table.Counters.EvictedActive);
    }

    private static void WriteServer(PrometheusWriter w, in MetricsSources sources)
    {
        var snapshot = sources.Snapshot;
        w.Family("edge_config_reloads_total"u8, "counter"u8, "Reloads (SIGHUP or POST /reload) by outcome: success, or failure (the old config kept serving).");
        w.Sample("edge_config_reloads_total"u8, "outcome=\"success\""u8, default, sources.Gateway.ReloadsSucceeded);
        w.Sample("edge_config_reloads_total"u8, "outcome=\"failure\""u8, default, sources.Gateway.ReloadsFailed);
        w.Family("edge_config_generation"u8, "gauge"u8, "Generation of the config serving now (1 at start, +1 per successful reload).");
        w.Sample("edge_config_generation"u8, default, snapshot.Generation);
        w.Family("edge_config_loaded_timestamp_seconds"u8, "gauge"u8, "When the serving config was loaded (Unix seconds).");
        w.Sample("edge_config_loaded_timestamp_seconds"u8, default, snapshot.LoadedAt.ToUnixTimeSeconds());

        var log = sources.AccessLog;
        w.Family("edge_access_log_lines_total"u8, "counter"u8, "Access log lines by outcome: written, dropped (queue full: requests never wait for the log), failed (output error).");
        w.Sample("edge_access_log_lines_total"u8, "outcome=\"written\""u8, default, log.Written);
        w.Sample("edge_access_log_lines_total"u8, "outcome=\"dropped\""u8, default, log.Dropped);
        w.Sample("edge_access_log_lines_total"u8, "outcome=\"failed\""u8, default, log.Failed);
        w.Family("edge_access_log_dropped_total"u8, "counter"u8, "Access log lines dropped because the bounded queue was full.");
        w.Sample("edge_access_log_dropped_total"u8, default, log.Dropped);
    }

    private static void WriteProcess(PrometheusWriter w)
    {
        w.Family("edge_process_resident_memory_bytes"u8, "gauge"u8, "Resident set size of the process.");
        w.Sample("edge_process_resident_memory_bytes"u8, default, Environment.WorkingSet);
        w.Family("edge_process_cpu_seconds_total"u8, "counter"u8, "User and system CPU time of the process.");
        w.Sample("edge_process_cpu_seconds_total"u8, default, default, Environment.CpuUsage.TotalTime.TotalSeconds);
        w.Family("edge_process_gc_collections_total"u8, "counter"u8, "Garbage collections by generation (a gen 1 or 2 collection counts in the lower generations too).");
        w.Sample("edge_process_gc_collections_total"u8, "generation=\"0\""u8, default, GC.CollectionCount(0));
        w.Sample("edge_process_gc_collections_total"u8, "generation=\"1\""u8, default, GC.CollectionCount(1));
        w.Sample("edge_process_gc_collections_total"u8, "generation=\"2\""u8, default, GC.CollectionCount(2));
        w.Family("edge_process_gc_heap_bytes"u8, "gauge"u8, "Bytes of managed heap in use (as of the last collection, plus allocations since).");
        w.Sample("edge_process_gc_heap_bytes"u8, default, GC.GetTotalMemory(false));
        w.Family("edge_process_allocated_bytes_total"u8, "counter"u8, "Bytes allocated on the managed heap since start.");
        w.Sample("edge_process_allocated_bytes_total"u8, default, GC.GetTotalAllocatedBytes());
        w.Family("edge_process_gc_pause_seconds_total"u8, "counter"u8, "Time the runtime paused threads for garbage collection.");
        w.Sample("edge_process_gc_pause_seconds_total"u8, default, default, GC.GetTotalPauseDuration().TotalSeconds);
    }
}
