using System.Net;
using System.Text;
using System.Text.Json;
using Edge.Observability;
using Edge.Tests.TestKit;

namespace Edge.Tests.Observability;

public sealed class AccessLogFormatTests
{
    private static async Task<string[]> LogAsync(AccessLogFormat format, params AccessLogEntry[] entries)
    {
        var stream = new ControlledStream();
        var log = new AccessLog(stream, format, capacity: 64);
        foreach (var entry in entries)
            Assert.True(log.TryWrite(entry));
        await log.DisposeAsync().DefaultTimeout();
        return stream.Lines;
    }

    [Fact]
    public async Task Json_Entries_AreValidJsonLinesWithFields()
    {
        var lines = await LogAsync(AccessLogFormat.Json, AccessLogTestEntries.Sample(1), AccessLogTestEntries.Sample(2));
        Assert.Equal(2, lines.Length);
        using var doc = JsonDocument.Parse(lines[0]);
        var root = doc.RootElement;
        Assert.Equal("1994-11-06T08:49:37.123+00:00", root.GetProperty("time").GetString());
        Assert.Equal("10.0.0.7", root.GetProperty("remote").GetString());
        Assert.Equal(51234, root.GetProperty("remote_port").GetInt32());
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal("/coffeebar/v1/order/1?x=1", root.GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", root.GetProperty("protocol").GetString());
        Assert.Equal(200, root.GetProperty("status").GetInt32());
        Assert.Equal(512, root.GetProperty("bytes_sent").GetInt64());
        Assert.Equal(0, root.GetProperty("bytes_received").GetInt64());
        Assert.Equal(1234, root.GetProperty("duration_us").GetInt64());
        Assert.Equal("coffeebar", root.GetProperty("api").GetString());
        Assert.Equal("GET /order/{orderId}", root.GetProperty("route").GetString());
        Assert.Equal("http://127.0.0.1:9001", root.GetProperty("upstream").GetString());
        Assert.Equal("req-1", root.GetProperty("request_id").GetString());
        Assert.False(root.TryGetProperty("fault", out _)); // absent fields are omitted
        Assert.False(root.TryGetProperty("flags", out _));
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("req-2", second.RootElement.GetProperty("request_id").GetString());
    }

    /// <summary>The authenticated caller's subject: JSON <c>subject</c>, text <c>subject="..."</c> (escaped), absent when anonymous.</summary>
    [Fact]
    public async Task Subject_IsWrittenOnlyWhenPresent_AndEscaped()
    {
        var entry = AccessLogTestEntries.Sample() with { Policy = "jwt", Subject = Encoding.UTF8.GetBytes("al\"ice\n\u00e9") };

        var json = await LogAsync(AccessLogFormat.Json, entry, AccessLogTestEntries.Sample());
        var text = await LogAsync(AccessLogFormat.Text, entry, AccessLogTestEntries.Sample());

        using (var doc = JsonDocument.Parse(json[0]))
            Assert.Equal("al\"ice\n\u00e9", doc.RootElement.GetProperty("subject").GetString());
        using (var doc = JsonDocument.Parse(json[1]))
            Assert.False(doc.RootElement.TryGetProperty("subject", out _));
        // Quote, control and non-ASCII bytes as \xHH: one line, whatever the subject holds.
        Assert.Contains(" policy=jwt subject=\"al\\x22ice\\x0A\\xC3\\xA9\"", text[0], StringComparison.Ordinal);
        Assert.DoesNotContain("subject=", text[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCertificate_IsWrittenOnlyWhenPresent()
    {
        using var cert = Edge.TestShared.TestPki.Issue(null, "client-9", server: false, client: true);
        var identity = Edge.Http.ClientCertificateIdentity.From(cert);
        var entry = AccessLogTestEntries.Sample() with { ClientCertificate = identity };

        var json = await LogAsync(AccessLogFormat.Json, entry, AccessLogTestEntries.Sample());
        var text = await LogAsync(AccessLogFormat.Text, entry, AccessLogTestEntries.Sample());

        using (var doc = JsonDocument.Parse(json[0]))
        {
            Assert.Equal("CN=client-9, O=Edge Tests", doc.RootElement.GetProperty("client_cert_subject").GetString());
            Assert.Equal(identity.Sha256Fingerprint, doc.RootElement.GetProperty("client_cert_sha256").GetString());
        }
        using (var doc = JsonDocument.Parse(json[1]))
            Assert.False(doc.RootElement.TryGetProperty("client_cert_sha256", out _));
        Assert.EndsWith($" client_cert=\"{identity.Sha256Fingerprint}\"", text[0], StringComparison.Ordinal);
        Assert.DoesNotContain("client_cert", text[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_FaultAndFlags_Written()
    {
        var entry = AccessLogTestEntries.Sample() with
        {
            Status = 404,
            FaultCode = 900906,
            Upstream = null,
            Flags = AccessLogFlags.DirectResponse | AccessLogFlags.Truncated,
        };
        var lines = await LogAsync(AccessLogFormat.Json, entry);
        using var doc = JsonDocument.Parse(lines.Single());
        Assert.Equal(900906, doc.RootElement.GetProperty("fault").GetInt32());
        Assert.Equal("truncated,direct", doc.RootElement.GetProperty("flags").GetString());
        Assert.False(doc.RootElement.TryGetProperty("upstream", out _));
    }

    [Fact]
    public async Task Json_HostileBytes_StillOneValidLine()
    {
        var entry = AccessLogTestEntries.Sample() with
        {
            Path = new byte[] { (byte)'/', (byte)'"', (byte)'\n', 0xFF, 0xC3, (byte)'\\', (byte)'x' }, // invalid UTF-8 too
            RequestId = Encoding.UTF8.GetBytes("id\"\r\n{}"),
            ApiName = "caf\u00e9 <&>",
        };
        var lines = await LogAsync(AccessLogFormat.Json, entry);
        using var doc = JsonDocument.Parse(lines.Single());
        Assert.Equal("/\"\n\uFFFD\uFFFD\\x", doc.RootElement.GetProperty("path").GetString());
        Assert.Equal("id\"\r\n{}", doc.RootElement.GetProperty("request_id").GetString());
        Assert.Equal("caf\u00e9 <&>", doc.RootElement.GetProperty("api").GetString());
        Assert.Contains("caf\u00e9 <&>", lines[0], StringComparison.Ordinal); // relaxed escaping keeps it readable
    }

    [Fact]
    public async Task Json_Ipv6Remote()
    {
        var lines = await LogAsync(AccessLogFormat.Json, AccessLogTestEntries.Sample() with { RemoteAddress = IPAddress.IPv6Loopback });
        using var doc = JsonDocument.Parse(lines.Single());
        Assert.Equal("::1", doc.RootElement.GetProperty("remote").GetString());
    }

    [Fact]
    public async Task Text_Line_ExactBytes()
    {
        var lines = await LogAsync(AccessLogFormat.Text, AccessLogTestEntries.Sample(7));
        Assert.Equal(
            "10.0.0.7 - - [06/Nov/1994:08:49:37 +0000] \"GET /coffeebar/v1/order/7?x=1 HTTP/1.1\" 200 512 1234 "
            + "api=\"coffeebar\" route=\"GET /order/{orderId}\" upstream=\"http://127.0.0.1:9001\" fault=- flags=- rid=\"req-7\"",
            lines.Single());
    }

    [Fact]
    public async Task Text_MissingFieldsAndHostileBytes_Escaped()
    {
        var entry = new AccessLogEntry
        {
            Timestamp = AccessLogTestEntries.Time,
            Method = Encoding.ASCII.GetBytes("GET"),
            Path = new byte[] { (byte)'/', (byte)'"', (byte)'\n', 0xFF },
            Status = 429,
            FaultCode = 900800,
            Flags = AccessLogFlags.DirectResponse,
        };
        var lines = await LogAsync(AccessLogFormat.Text, entry);
        Assert.Equal(
            "- - - [06/Nov/1994:08:49:37 +0000] \"GET /\\x22\\x0A\\xFF -\" 429 0 0 api=- route=- upstream=- fault=900800 flags=direct rid=-",
            lines.Single());
    }

    [Fact]
    public async Task LongPath_CappedAndFlagged()
    {
        var entry = AccessLogTestEntries.Sample() with { Path = Enumerable.Repeat((byte)'a', AccessLog.MaxPathBytes + 10).ToArray() };
        var lines = await LogAsync(AccessLogFormat.Json, entry);
        using var doc = JsonDocument.Parse(lines.Single());
        Assert.Equal(AccessLog.MaxPathBytes, doc.RootElement.GetProperty("path").GetString()!.Length);
        Assert.Equal("path_truncated", doc.RootElement.GetProperty("flags").GetString());
    }
}
