using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Edge.Observability.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4 (<c>text/plain; version=0.0.4</c>) straight into a
/// buffer writer, in bytes: <c># HELP</c> and <c># TYPE</c> once per family, then one
/// <c>name{labels} value</c> line per series; histograms as cumulative <c>_bucket{le=…}</c> lines ending
/// in <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>. Numbers go through <see cref="Utf8Formatter"/>;
/// no strings are built per sample. Label sets are pre-rendered byte strings (<see cref="Labels"/>), so
/// escaping is paid once when a snapshot is compiled, not per scrape.
/// </summary>
internal sealed class PrometheusWriter(IBufferWriter<byte> output)
{
    /// <summary>The Content-Type of a scrape response.</summary>
    public static ReadOnlySpan<byte> ContentType => "text/plain; version=0.0.4; charset=utf-8"u8;

    /// <summary>Starts a family: its HELP text (escaped: '\' and line feeds) and TYPE (counter, gauge, histogram).</summary>
    public void Family(ReadOnlySpan<byte> name, ReadOnlySpan<byte> type, string help)
    {
        Write("# HELP "u8);
        Write(name);
        Write(" "u8);
        foreach (var rune in help.EnumerateRunes())
        {
            if (rune.Value == '\\') Write("\\\\"u8);
            else if (rune.Value == '\n') Write("\\n"u8);
            else WriteRune(rune);
        }
        Write("\n# TYPE "u8);
        Write(name);
        Write(" "u8);
        Write(type);
        Write("\n"u8);
    }

    /// <summary>One sample; <paramref name="labels"/> and <paramref name="more"/> are pre-rendered <c>a="x"</c> lists (either may be empty).</summary>
    public void Sample(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> more, long value)
    {
        Head(name, default, labels, more);
        var span = output.GetSpan(24);
        Utf8Formatter.TryFormat(value, span, out var n);
        output.Advance(n);
        Write("\n"u8);
    }

    public void Sample(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, long value) => Sample(name, labels, default, value);

    public void Sample(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> more, double value)
    {
        Head(name, default, labels, more);
        WriteDouble(value);
        Write("\n"u8);
    }

    /// <summary>
    /// A histogram series: <paramref name="buckets"/> are per-bucket (not cumulative) counts over
    /// <see cref="LatencyBuckets"/>, the last one +Inf; they are accumulated here, and <c>_count</c> is their total.
    /// </summary>
    public void Histogram(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, ReadOnlySpan<long> buckets, double sumSeconds)
    {
        long cumulative = 0;
        Span<byte> le = stackalloc byte[32];
        for (var i = 0; i < buckets.Length; i++)
        {
            cumulative += buckets[i];
            var label = LatencyBuckets.LeLabels[i];
            "le=\""u8.CopyTo(le);
            label.CopyTo(le[4..]);
            le[4 + label.Length] = (byte)'"';
            Head(name, "_bucket"u8, labels, le[..(5 + label.Length)]);
            var span = output.GetSpan(24);
            Utf8Formatter.TryFormat(cumulative, span, out var n);
            output.Advance(n);
            Write("\n"u8);
        }
        Head(name, "_sum"u8, labels, default);
        WriteDouble(sumSeconds);
        Write("\n"u8);
        Head(name, "_count"u8, labels, default);
        var count = output.GetSpan(24);
        Utf8Formatter.TryFormat(cumulative, count, out var c);
        output.Advance(c);
        Write("\n"u8);
    }

    /// <summary>
    /// Renders a label list <c>a="x",b="y"</c> once (at compile time), escaping values per the format:
    /// '\' → <c>\\</c>, '"' → <c>\"</c>, line feed → <c>\n</c>. Names must already be valid label names.
    /// </summary>
    public static byte[] Labels(params ReadOnlySpan<(string Name, string Value)> pairs)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        for (var i = 0; i < pairs.Length; i++)
        {
            if (i > 0) buffer.Write(","u8);
            buffer.Write(Encoding.ASCII.GetBytes(pairs[i].Name));
            buffer.Write("=\""u8);
            AppendEscaped(buffer, pairs[i].Value);
            buffer.Write("\""u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends a label value escaped for the text format.</summary>
    public static void AppendEscaped(IBufferWriter<byte> buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\\': buffer.Write("\\\\"u8); break;
                case (byte)'"': buffer.Write("\\\""u8); break;
                case (byte)'\n': buffer.Write("\\n"u8); break;
                default:
                    buffer.GetSpan(1)[0] = b;
                    buffer.Advance(1);
                    break;
            }
        }
    }

    private void Head(ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> more)
    {
        Write(name);
        Write(suffix);
        if (!labels.IsEmpty || !more.IsEmpty)
        {
            Write("{"u8);
            Write(labels);
            if (!labels.IsEmpty && !more.IsEmpty) Write(","u8);
            Write(more);
            Write("}"u8);
        }
        Write(" "u8);
    }

    private void WriteDouble(double value)
    {
        if (double.IsPositiveInfinity(value)) Write("+Inf"u8);
        else if (double.IsNegativeInfinity(value)) Write("-Inf"u8);
        else if (double.IsNaN(value)) Write("NaN"u8);
        else
        {
            var span = output.GetSpan(32);
            value.TryFormat(span, out var n, "R", CultureInfo.InvariantCulture);
            output.Advance(n);
        }
    }

    private void WriteRune(Rune rune)
    {
        var span = output.GetSpan(4);
        output.Advance(rune.EncodeToUtf8(span));
    }

    private void Write(ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
