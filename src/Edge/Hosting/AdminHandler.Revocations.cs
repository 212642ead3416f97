using System.Buffers;
using System.Text.Json;
using Edge.Http;
using Edge.Policies;
using Edge.Security.Revocation;
using Edge.Snapshot;

namespace Edge.Hosting;

/// <summary>
/// Admin revocations (admin listener only, loopback by default):
/// <list type="bullet">
/// <item><c>POST /revocations</c> with <c>{"jti":"…","exp":N}</c>, <c>{"sub":"…","before":N}</c> or an array of
/// them (<see cref="RevocationRequest"/>; body at most <see cref="MaxBody"/> bytes, else 413) → 200
/// <c>{"ok":true,"added":N,"token_ids":N,"subjects":N}</c>; 400 <c>{"ok":false,"error":"…"}</c> for a bad
/// body, with nothing applied. The list is the one every snapshot shares, kept across reloads: a
/// revocation applies from the next request, cached tokens included (SECURITY.md case 56).</item>
/// <item><c>GET /revocations/stats</c> → the list's sizes and memory, the revocation file's last load, the
/// verified-token cache, and the policy outcome counters.</item>
/// </list>
/// </summary>
internal sealed partial class AdminHandler
{
    /// <summary>Enough for thousands of entries in one post; a larger body is refused without reading it.</summary>
    public const int MaxBody = 1024 * 1024;

    private async ValueTask RevokeAsync(Exchange exchange)
    {
        var body = exchange.RequestBody;
        if (body.ContentLength > MaxBody)
        {
            exchange.CloseAfterResponse = true;
            await GatewayHandler.SendFaultAsync(exchange, FaultCatalog.PayloadTooLarge, FaultFormat.Json).ConfigureAwait(false);
            return;
        }
        body.LimitTo(MaxBody);
        var buffer = new ArrayBufferWriter<byte>(256);
        while (true)
        {
            var chunk = await body.ReadAsync(exchange.Aborted).ConfigureAwait(false);
            if (chunk.IsEnd) break;
            foreach (var segment in chunk.Data) buffer.Write(segment.Span);
            body.Consume();
        }
        var entries = RevocationRequest.Parse(buffer.WrittenSpan, out var error);
        if (entries is null)
        {
            await Send(exchange, 400, ErrorBody(error!)).ConfigureAwait(false);
            return;
        }
        var revocations = _server.Snapshots.Current.Security.Revocations;
        revocations.List.AddRange(entries);
        revocations.CountAdmin(entries.Count);
        var tokenIds = entries.Count(e => e.Kind == RevocationKind.TokenId);
        await Send(exchange, 200, JsonBody(w =>
        {
            w.WriteBoolean("ok"u8, true);
            w.WriteNumber("added"u8, entries.Count);
            w.WriteNumber("token_ids"u8, tokenIds);
            w.WriteNumber("subjects"u8, entries.Count - tokenIds);
        })).ConfigureAwait(false);
    }

    private static byte[] ErrorBody(string error) => JsonBody(w =>
    {
        w.WriteBoolean("ok"u8, false);
        w.WriteString("error"u8, error);
    });

    private static byte[] RevocationStatsBody(RuntimeSnapshot snapshot) => JsonBody(w =>
    {
        var security = snapshot.Security;
        var revocations = security.Revocations;
        var stats = revocations.List.GetStats();
        w.WriteNumber("token_ids"u8, stats.TokenIds);
        w.WriteNumber("subjects"u8, stats.Subjects);
        w.WriteNumber("tombstones"u8, stats.Tombstones);
        w.WriteNumber("capacity"u8, stats.Capacity);
        w.WriteNumber("memory_bytes"u8, stats.MemoryBytes);
        w.WriteNumber("estimated_false_positive_rate"u8, Math.Round(stats.EstimatedFalsePositiveRate, 6));
        w.WriteNumber("admin_added"u8, revocations.AdminAdded);
        w.WriteNumber("file_loaded"u8, revocations.FileLoaded);
        if (revocations.FileLoadedAt is { } at) w.WriteString("file_loaded_at"u8, at);
        if (security.JwtCache is { } cache)
        {
            w.WriteStartObject("jwt_cache"u8);
            w.WriteNumber("capacity"u8, cache.Capacity);
            w.WriteNumber("entries"u8, cache.Count());
            w.WriteEndObject();
        }
        w.WriteStartObject("policy"u8);
        foreach (var (name, count) in PolicyCounters.NonZero()) w.WriteNumber(name, count);
        w.WriteEndObject();
    });

    private static byte[] JsonBody(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
