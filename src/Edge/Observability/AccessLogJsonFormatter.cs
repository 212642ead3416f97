using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Edge.Observability;

/// <summary>
/// Formats entries as JSON lines with one reused <see cref="Utf8JsonWriter"/> (no reflection, AOT-safe).
/// Runs only on the access-log writer task, so it needs no locking.
/// </summary>
/// <remarks>
/// Relaxed escaping keeps non-ASCII and '&lt;', '&amp;' readable: a log line is not embedded in HTML.
/// Quotes, backslashes and control characters are still escaped, so every line is valid JSON.
/// Fields that are absent (no API, no upstream, no fault) are omitted rather than written as null.
/// </remarks>
internal sealed class AccessLogJsonFormatter
{
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText Remote = JsonEncodedText.Encode("remote");
    private static readonly JsonEncodedText RemotePort = JsonEncodedText.Encode("remote_port");
    private static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText Protocol = JsonEncodedText.Encode("protocol");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText BytesSent = JsonEncodedText.Encode("bytes_sent");
    private static readonly JsonEncodedText BytesReceived = JsonEncodedText.Encode("bytes_received");
    private static readonly JsonEncodedText Duration = JsonEncodedText.Encode("duration_us");
    private static readonly JsonEncodedText Api = JsonEncodedText.Encode("api");
    private static readonly JsonEncodedText Route = JsonEncodedText.Encode("route");
    private static readonly JsonEncodedText Upstream = JsonEncodedText.Encode("upstream");
    private static readonly JsonEncodedText Fault = JsonEncodedText.Encode("fault");
    private static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
    private static readonly JsonEncodedText Policy = JsonEncodedText.Encode("policy");
    private static readonly JsonEncodedText Subject = JsonEncodedText.Encode("subject");
    private static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("request_id");
    private static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("trace_id");
    private static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("span_id");
    private static readonly JsonEncodedText ClientSubject = JsonEncodedText.Encode("client_cert_subject");
    private static readonly JsonEncodedText ClientSha256 = JsonEncodedText.Encode("client_cert_sha256");

    private readonly Utf8JsonWriter _writer;

    public AccessLogJsonFormatter(IBufferWriter<byte> output)
    {
        _writer = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = false,
        });
    }

    /// <summary>Appends one entry and a '\n' to the output given to the constructor.</summary>
    public void Format(in AccessLogEntry entry, IBufferWriter<byte> output)
    {
        var w = _writer;
        w.Reset(output);
        w.WriteStartObject();
        w.WriteString(Time, entry.Timestamp.ToUniversalTime());
        if (entry.RemoteAddress is { } address)
        {
            Span<byte> ip = stackalloc byte[64]; // longest IPv6 with scope id is 65 chars; fall back below
            if (address.TryFormat(ip, out var written))
                w.WriteString(Remote, ip[..written]);
            else
                w.WriteString(Remote, address.ToString());
            w.WriteNumber(RemotePort, entry.RemotePort);
        }
        WriteBytes(w, Method, entry.Method.Span);
        WriteBytes(w, Path, entry.Path.Span);
        WriteOptional(w, Protocol, entry.Protocol);
        w.WriteNumber(Status, entry.Status);
        w.WriteNumber(BytesSent, entry.BytesSent);
        w.WriteNumber(BytesReceived, entry.BytesReceived);
        w.WriteNumber(Duration, entry.DurationMicroseconds);
        WriteOptional(w, Api, entry.ApiName);
        WriteOptional(w, Route, entry.RouteId);
        WriteOptional(w, Upstream, entry.Upstream);
        if (entry.FaultCode != 0)
            w.WriteNumber(Fault, entry.FaultCode);
        if (entry.Flags != AccessLogFlags.None)
        {
            Span<byte> flags = stackalloc byte[AccessLogFlagNames.MaxLength];
            w.WriteString(Flags, flags[..AccessLogFlagNames.Write(entry.Flags, flags)]);
        }
        WriteOptional(w, Policy, entry.Policy);
        if (!entry.Subject.IsEmpty)
            WriteBytes(w, Subject, entry.Subject.Span);
        if (!entry.RequestId.IsEmpty)
            WriteBytes(w, RequestId, entry.RequestId.Span);
        if (entry.TraceParent.Length == AccessLog.MaxTraceParentBytes)
        {
            // Hex digits Edge wrote itself: valid UTF-8 by construction.
            w.WriteString(TraceId, entry.TraceParent.Span.Slice(3, 32));
            w.WriteString(SpanId, entry.TraceParent.Span.Slice(36, 16));
        }
        if (entry.ClientCertificate is { } certificate)
        {
            w.WriteString(ClientSubject, certificate.Subject);
            w.WriteString(ClientSha256, certificate.Sha256Fingerprint);
        }
        w.WriteEndObject();
        w.Flush();
        output.Write("\n"u8);
    }

    private static void WriteOptional(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }

    /// <summary>
    /// Writes request bytes as a JSON string. Utf8JsonWriter rejects invalid UTF-8 with an exception, and a
    /// client controls these bytes, so invalid input is decoded with U+FFFD replacement first (rare: the
    /// HTTP parsers only admit visible ASCII in methods and targets).
    /// </summary>
    private static void WriteBytes(Utf8JsonWriter w, JsonEncodedText name, ReadOnlySpan<byte> value)
    {
        if (Utf8.IsValid(value))
        {
            w.WriteString(name, value);
            return;
        }
        var chars = ArrayPool<char>.Shared.Rent(value.Length);
        try
        {
            var count = Encoding.UTF8.GetChars(value, chars);
            w.WriteString(name, chars.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
