using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Edge.Observability;

/// <summary>
/// Formats entries as a combined-log-like text line:
/// <code>
/// 10.0.0.7 - - [06/Nov/1994:08:49:37 +0000] "GET /coffeebar/v1/menu HTTP/1.1" 200 512 1234 api="coffeebar" route="GET /menu" upstream="http://127.0.0.1:9001" fault=- flags=- rid="abc"
/// </code>
/// With a trace, <c>trace_id=&lt;32 hex&gt; span_id=&lt;16 hex&gt;</c> follow <c>rid</c> (the span is Edge's: the
/// parent-id it sent upstream). Where a route's policies ran, <c>policy=&lt;name&gt;</c> follows (<c>jwt</c>, <c>jwt_expired</c>, <c>ip_denied</c>, …);
/// on an mTLS connection a last field <c>client_cert="&lt;sha256 hex&gt;"</c> follows.
/// The first seven fields are in NCSA common-log order so existing tools can read them; duration (µs) and
/// Edge's own fields follow. Request bytes are escaped the way nginx escapes its log: '"', '\' and bytes
/// outside printable ASCII become \xHH, so a client cannot forge a line break or a field.
/// </summary>
internal static class AccessLogTextFormatter
{
    private static ReadOnlySpan<byte> Months => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    public static void Format(in AccessLogEntry entry, IBufferWriter<byte> output)
    {
        if (entry.RemoteAddress is { } address)
        {
            var span = output.GetSpan(64);
            if (address.TryFormat(span, out var written))
                output.Advance(written);
            else
                WriteString(address.ToString(), output);
        }
        else
        {
            output.Write("-"u8);
        }
        output.Write(" - - ["u8);
        WriteTimestamp(entry.Timestamp.UtcDateTime, output);
        output.Write("] \""u8);
        WriteEscaped(entry.Method.Span, output, escapeNonAscii: true);
        output.Write(" "u8);
        WriteEscaped(entry.Path.Span, output, escapeNonAscii: true);
        output.Write(" "u8);
        WriteString(entry.Protocol ?? "-", output);
        output.Write("\" "u8);
        WriteNumber(entry.Status, output);
        output.Write(" "u8);
        WriteNumber(entry.BytesSent, output);
        output.Write(" "u8);
        WriteNumber(entry.DurationMicroseconds, output);
        WriteQuoted(" api="u8, entry.ApiName, output);
        WriteQuoted(" route="u8, entry.RouteId, output);
        WriteQuoted(" upstream="u8, entry.Upstream, output);
        output.Write(" fault="u8);
        if (entry.FaultCode != 0)
            WriteNumber(entry.FaultCode, output);
        else
            output.Write("-"u8);
        output.Write(" flags="u8);
        if (entry.Flags != AccessLogFlags.None)
        {
            var span = output.GetSpan(AccessLogFlagNames.MaxLength);
            output.Advance(AccessLogFlagNames.Write(entry.Flags, span));
        }
        else
        {
            output.Write("-"u8);
        }
        output.Write(" rid="u8);
        if (entry.RequestId.IsEmpty)
        {
            output.Write("-"u8);
        }
        else
        {
            output.Write("\""u8);
            WriteEscaped(entry.RequestId.Span, output, escapeNonAscii: true);
            output.Write("\""u8);
        }
        // Only when the exchange has a trace (every gateway request does; lines built elsewhere may not).
        if (entry.TraceParent.Length == AccessLog.MaxTraceParentBytes)
        {
            output.Write(" trace_id="u8);
            output.Write(entry.TraceParent.Span.Slice(3, 32));
            output.Write(" span_id="u8);
            output.Write(entry.TraceParent.Span.Slice(36, 16));
        }
        // Only where a route's policies ran (e.g. policy=jwt_expired), so other lines keep their shape.
        if (entry.Policy is { } policy)
        {
            output.Write(" policy="u8);
            WriteString(policy, output);
        }
        // Only for an authenticated caller; escaped like the request id (a JWT's sub is the issuer's text).
        if (!entry.Subject.IsEmpty)
        {
            output.Write(" subject=\""u8);
            WriteEscaped(entry.Subject.Span, output, escapeNonAscii: true);
            output.Write("\""u8);
        }
        // Only on mTLS connections, so every other line keeps its shape.
        if (entry.ClientCertificate is { } certificate)
            WriteQuoted(" client_cert="u8, certificate.Sha256Fingerprint, output);
        output.Write("\n"u8);
    }

    /// <summary>Common-log time: <c>06/Nov/1994:08:49:37 +0000</c> (always UTC).</summary>
    private static void WriteTimestamp(DateTime utc, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(26);
        Two(utc.Day, span);
        span[2] = (byte)'/';
        Months.Slice((utc.Month - 1) * 3, 3).CopyTo(span[3..]);
        span[6] = (byte)'/';
        Utf8Formatter.TryFormat(utc.Year, span[7..], out _, new StandardFormat('D', 4));
        span[11] = (byte)':';
        Two(utc.Hour, span[12..]);
        span[14] = (byte)':';
        Two(utc.Minute, span[15..]);
        span[17] = (byte)':';
        Two(utc.Second, span[18..]);
        " +0000"u8.CopyTo(span[20..]);
        output.Advance(26);

        static void Two(int value, Span<byte> destination)
        {
            destination[0] = (byte)('0' + value / 10);
            destination[1] = (byte)('0' + value % 10);
        }
    }

    private static void WriteQuoted(ReadOnlySpan<byte> prefix, string? value, IBufferWriter<byte> output)
    {
        output.Write(prefix);
        if (value is null)
        {
            output.Write("-"u8);
            return;
        }
        output.Write("\""u8);
        // Config-supplied names: keep UTF-8 as is, escape only what could break the line.
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        var count = Encoding.UTF8.GetBytes(value, bytes);
        WriteEscaped(bytes.AsSpan(0, count), output, escapeNonAscii: false);
        ArrayPool<byte>.Shared.Return(bytes);
        output.Write("\""u8);
    }

    private static void WriteEscaped(ReadOnlySpan<byte> value, IBufferWriter<byte> output, bool escapeNonAscii)
    {
        if (value.IsEmpty)
        {
            output.Write("-"u8);
            return;
        }
        var span = output.GetSpan(value.Length * 4); // worst case: every byte as \xHH
        var length = 0;
        foreach (var b in value)
        {
            if (b is (byte)'"' or (byte)'\\' or < 0x20 or 0x7F || (escapeNonAscii && b >= 0x80))
            {
                span[length++] = (byte)'\\';
                span[length++] = (byte)'x';
                span[length++] = Hex(b >> 4);
                span[length++] = Hex(b & 0xF);
            }
            else
            {
                span[length++] = b;
            }
        }
        output.Advance(length);
    }

    private static void WriteString(string value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length));
        output.Advance(Encoding.UTF8.GetBytes(value, span));
    }

    private static void WriteNumber(long value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    private static byte Hex(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);
}
