using System.Text;
using Edge.Http;
using Edge.Observability.Correlation;
using Edge.Tests.Policies;

namespace Edge.Tests.Observability.Correlation;

/// <summary>What the core adds to an exchange: the upstream's X-Request-Id, traceparent and tracestate, and the response's X-Request-Id.</summary>
public sealed class CorrelationIdsTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public void ValidClientIds_AreContinued()
    {
        var exchange = PolicyKit.Request("GET /a", "X-Request-Id: r-1", $"traceparent: 00-{Trace}-00f067aa0ba902b7-01", "tracestate: a=1", "tracestate: b=2");
        CorrelationIds.Begin(exchange);
        Assert.Equal("r-1", Encoding.ASCII.GetString(exchange.Correlation.RequestId.Span));
        Assert.Equal("r-1", PolicyKit.Added(exchange.UpstreamFields, "X-Request-Id"));
        Assert.Equal("r-1", PolicyKit.Added(exchange.ResponseFields, "X-Request-Id"));
        var traceparent = PolicyKit.Added(exchange.UpstreamFields, "traceparent");
        Assert.StartsWith($"00-{Trace}-", traceparent, StringComparison.Ordinal);
        Assert.EndsWith("-01", traceparent, StringComparison.Ordinal);
        Assert.DoesNotContain("00f067aa0ba902b7", traceparent, StringComparison.Ordinal);
        Assert.Equal("a=1,b=2", PolicyKit.Added(exchange.UpstreamFields, "tracestate"));
        Assert.True(exchange.Correlation.ContinuedTrace);
    }

    [Fact]
    public void UnsampledTrace_StaysUnsampled()
    {
        var exchange = PolicyKit.Request("GET /a", $"traceparent: 00-{Trace}-00f067aa0ba902b7-00");
        CorrelationIds.Begin(exchange);
        Assert.EndsWith("-00", PolicyKit.Added(exchange.UpstreamFields, "traceparent"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Request-Id: a", "X-Request-Id: b")]                 // two ids: ambiguous
    [InlineData("X-Request-Id: has space")]
    [InlineData("traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("traceparent: garbage", "tracestate: a=1")]
    public void MissingInvalidOrDuplicated_StartFresh(params string[] fields)
    {
        var exchange = PolicyKit.Request("GET /a", fields);
        CorrelationIds.Begin(exchange);
        var id = PolicyKit.Added(exchange.UpstreamFields, "X-Request-Id");
        if (!fields[0].StartsWith("traceparent", StringComparison.Ordinal))
            Assert.Matches("^[0-9a-f]{32}$", id);
        var traceparent = PolicyKit.Added(exchange.UpstreamFields, "traceparent");
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", traceparent);
        if (fields[0].StartsWith("traceparent", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(Trace, traceparent, StringComparison.Ordinal);
            Assert.False(exchange.Correlation.ContinuedTrace);
        }
        Assert.Equal(2, exchange.UpstreamFields.AddedCount); // no tracestate without a continued trace
    }

    [Fact]
    public void ClientFields_AreNeverForwardedAsTheyCame()
    {
        Assert.True(KnownHeaders.IsHopByHopOrRewritten(KnownHeaders.Classify("X-Request-ID"u8)));
        Assert.True(KnownHeaders.IsHopByHopOrRewritten(KnownHeaders.Classify("traceparent"u8)));
        Assert.True(KnownHeaders.IsHopByHopOrRewritten(KnownHeaders.Classify("TraceState"u8)));
    }
}
