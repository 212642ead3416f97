using System.Buffers;
using System.Text;
using Edge.Observability.Metrics;

namespace Edge.Tests.Observability.Metrics;

/// <summary>The text exposition format 0.0.4: family headers, escaping, samples, histograms.</summary>
public sealed class PrometheusWriterTests
{
    private static string Render(Action<PrometheusWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new PrometheusWriter(buffer));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Family_WritesHelpAndType_EscapingHelp()
    {
        var text = Render(w => w.Family("edge_x_total"u8, "counter"u8, "a \\ b\nc \"q\""));
        Assert.Equal("# HELP edge_x_total a \\\\ b\\nc \"q\"\n# TYPE edge_x_total counter\n", text);
    }

    [Theory]
    [InlineData("plain", "a=\"plain\"")]
    [InlineData("back\\slash", "a=\"back\\\\slash\"")]
    [InlineData("quo\"te", "a=\"quo\\\"te\"")]
    [InlineData("line\nfeed", "a=\"line\\nfeed\"")]
    [InlineData("GET /order/{id}", "a=\"GET /order/{id}\"")]
    [InlineData("café", "a=\"café\"")]
    [InlineData("", "a=\"\"")]
    public void Labels_EscapeValues(string value, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(PrometheusWriter.Labels(("a", value))));
    }

    [Fact]
    public void Labels_JoinPairsWithCommas()
    {
        Assert.Equal("api=\"x\",route=\"y\"", Encoding.UTF8.GetString(PrometheusWriter.Labels(("api", "x"), ("route", "y"))));
    }

    [Fact]
    public void Sample_WritesLabelsAndValue()
    {
        var text = Render(w =>
        {
            w.Sample("edge_a"u8, default, 7);
            w.Sample("edge_b"u8, "x=\"1\""u8, 0);
            w.Sample("edge_c"u8, "x=\"1\""u8, "y=\"2\""u8, -3);
            w.Sample("edge_d"u8, default, "y=\"2\""u8, 1.5);
            w.Sample("edge_e"u8, default, default, double.PositiveInfinity);
        });
        Assert.Equal("edge_a 7\nedge_b{x=\"1\"} 0\nedge_c{x=\"1\",y=\"2\"} -3\nedge_d{y=\"2\"} 1.5\nedge_e +Inf\n", text);
    }

    [Fact]
    public void Histogram_IsCumulative_EndsAtInf_WithSumAndCount()
    {
        var buckets = new long[LatencyBuckets.Count];
        buckets[0] = 2;
        buckets[3] = 1;
        buckets[^1] = 4;
        var text = Render(w => w.Histogram("edge_h"u8, "r=\"a\""u8, buckets, 12.25));
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(LatencyBuckets.Count + 2, lines.Length);
        Assert.Equal("edge_h_bucket{r=\"a\",le=\"0.0001\"} 2", lines[0]);
        Assert.Equal("edge_h_bucket{r=\"a\",le=\"0.00025\"} 2", lines[1]);
        Assert.Equal("edge_h_bucket{r=\"a\",le=\"0.001\"} 3", lines[3]);
        Assert.Equal("edge_h_bucket{r=\"a\",le=\"30\"} 3", lines[LatencyBuckets.Count - 2]);
        Assert.Equal("edge_h_bucket{r=\"a\",le=\"+Inf\"} 7", lines[LatencyBuckets.Count - 1]);
        Assert.Equal("edge_h_sum{r=\"a\"} 12.25", lines[^2]);
        Assert.Equal("edge_h_count{r=\"a\"} 7", lines[^1]);
    }

    [Fact]
    public void Histogram_WithoutLabels_HasOnlyLe()
    {
        var text = Render(w => w.Histogram("edge_h"u8, default, new long[LatencyBuckets.Count], 0));
        Assert.StartsWith("edge_h_bucket{le=\"0.0001\"} 0\n", text, StringComparison.Ordinal);
        Assert.EndsWith("edge_h_sum 0\nedge_h_count 0\n", text, StringComparison.Ordinal);
    }
}
