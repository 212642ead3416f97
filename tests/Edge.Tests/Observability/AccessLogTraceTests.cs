using System.Text;
using System.Text.Json;
using Edge.Observability;
using Edge.Tests.TestKit;

namespace Edge.Tests.Observability;

/// <summary>The access log's trace fields: trace_id and span_id from the traceparent Edge sent upstream.</summary>
public sealed class AccessLogTraceTests
{
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01";

    private static async Task<string[]> LogAsync(AccessLogFormat format, params AccessLogEntry[] entries)
    {
        var stream = new ControlledStream();
        var log = new AccessLog(stream, format, capacity: 64);
        foreach (var entry in entries) Assert.True(log.TryWrite(entry));
        await log.DisposeAsync().DefaultTimeout();
        return stream.Lines;
    }

    [Fact]
    public async Task Json_HasTraceAndSpanIds_OnlyWhenTraced()
    {
        var traced = AccessLogTestEntries.Sample() with { TraceParent = Encoding.ASCII.GetBytes(TraceParent) };
        var lines = await LogAsync(AccessLogFormat.Json, traced, AccessLogTestEntries.Sample());
        using (var doc = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", doc.RootElement.GetProperty("trace_id").GetString());
            Assert.Equal("b7ad6b7169203331", doc.RootElement.GetProperty("span_id").GetString());
        }
        using (var doc = JsonDocument.Parse(lines[1]))
        {
            Assert.False(doc.RootElement.TryGetProperty("trace_id", out _));
        }
    }

    [Fact]
    public async Task Text_AppendsTraceAfterRequestId()
    {
        var traced = AccessLogTestEntries.Sample(3) with { TraceParent = Encoding.ASCII.GetBytes(TraceParent) };
        var lines = await LogAsync(AccessLogFormat.Text, traced);
        Assert.EndsWith("rid=\"req-3\" trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=b7ad6b7169203331", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedTraceParent_IsNotLogged()
    {
        var odd = AccessLogTestEntries.Sample() with { TraceParent = "00-short"u8.ToArray() };
        var lines = await LogAsync(AccessLogFormat.Text, odd);
        Assert.DoesNotContain("trace_id", lines[0], StringComparison.Ordinal);
    }
}
