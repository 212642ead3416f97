using System.Text;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Http2;

/// <summary>
/// <c>h2c_upgrade = true</c> (RFC 7540 §3.2): <c>Upgrade: h2c</c> + one <c>HTTP2-Settings</c> answered 101, the
/// request served as stream 1 over HTTP/2, the connection going on as HTTP/2; malformed HTTP2-Settings → 400;
/// a request with a body served over HTTP/1.1. Off (the default), SECURITY.md case 20 holds on h2c listeners too.
/// Real clients: <c>nghttp -u</c> and <c>curl --http2</c> (which tries the upgrade in cleartext).
/// </summary>
public sealed class H2cUpgradeTests
{
    private const string UpgradeOn = "h2c_upgrade = true";

    /// <summary>SETTINGS_MAX_CONCURRENT_STREAMS = 100, SETTINGS_INITIAL_WINDOW_SIZE = 1 GiB, ENABLE_PUSH = 0 (nghttp's own value).</summary>
    private const string Settings = "AAMAAABkAARAAAAAAAIAAAAA";

    private static string UpgradeHead(string target, string settings = Settings, string method = "GET", string extra = "") =>
        $"{method} {target} HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: {settings}\r\n{extra}\r\n";

    [Fact]
    public async Task Upgrade_Answers101_ServesStream1OverHttp2_ThenMoreStreams()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: UpgradeOn);
        await using var client = await H2RawClient.ConnectAsync(edge.Port, preface: false);

        await client.SendAsync(Encoding.ASCII.GetBytes(UpgradeHead("/echo/up?q=1", extra: "X-Custom: yes\r\n")));
        var head = await client.ReadHttp1HeadAsync();
        Assert.NotNull(head);
        Assert.StartsWith("HTTP/1.1 101 ", head, StringComparison.Ordinal);
        Assert.Contains("Upgrade: h2c", head, StringComparison.OrdinalIgnoreCase);

        // The client's connection preface still follows the 101 (§3.5), then stream 3 on the same connection.
        await client.SendAsync(w =>
        {
            Http2Preface.Write(w);
            Http2FrameWriter.WriteSettings(w, []);
            Http2FrameWriter.WriteSettingsAck(w);
        });
        var settings = await client.ReadFrameAsync();
        Assert.Equal(Http2FrameType.Settings, settings!.Type); // the server preface comes right after the 101

        var response = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 1);
        Assert.Equal(Http2FrameType.Headers, response!.Type);
        Assert.Equal(200, response.Status);
        var body = await ReadBodyAsync(client, 1);
        Assert.Contains("\"target\":\"/up?q=1\"", body, StringComparison.Ordinal);

        var seen = Assert.Single(backend.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal("yes", seen.Header("X-Custom"));
        Assert.Empty(seen.HeaderValues("Upgrade"));
        Assert.Empty(seen.HeaderValues("HTTP2-Settings"));
        Assert.DoesNotContain("h2c", seen.RawHead, StringComparison.OrdinalIgnoreCase);

        await client.SendAsync(w => H2RawClient.Headers(w, 3, client.Get("/echo/next"), endStream: true));
        var next = await client.ReadUntilAsync(f => f.Type == Http2FrameType.Headers && f.StreamId == 3);
        Assert.Equal(200, next!.Status);
        Assert.Equal(2, edge.Server.Http2Stats.Streams);
    }

    [Fact]
    public async Task Upgrade_BadSettingValue_101ThenGoAwayProtocolError()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: UpgradeOn);
        await using var client = await H2RawClient.ConnectAsync(edge.Port, preface: false);

        // SETTINGS_ENABLE_PUSH = 2: well-formed base64url and length, a value §6.5.2 forbids.
        await client.SendAsync(Encoding.ASCII.GetBytes(UpgradeHead("/echo/x", settings: "AAIAAAAC")));
        Assert.StartsWith("HTTP/1.1 101 ", await client.ReadHttp1HeadAsync(), StringComparison.Ordinal);
        var goAway = await client.ReadUntilGoAwayAsync();
        Assert.NotNull(goAway);
        Assert.Equal(Http2ErrorCode.ProtocolError, goAway!.ErrorCode);
        Assert.True(await client.ClosedAsync());
        Assert.Empty(backend.Requests);
    }

    [Theory]
    [InlineData("not*base64")]          // outside the base64url alphabet
    [InlineData("AAMAAABkAA+/")]        // base64, not base64url
    [InlineData("AAMAA")]               // a single trailing character never encodes anything
    [InlineData("AAMAAA")]              // 4 bytes: not a whole 6-byte entry
    [InlineData("AAMAAABkAAQ")]         // 8 bytes
    [InlineData("AAMAAABk===")]         // too much padding
    public async Task Upgrade_MalformedHttp2Settings_400AndClose(string settings)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: UpgradeOn);
        using var client = edge.Connect();

        await client.SendAsync(UpgradeHead("/echo/x", settings));
        var response = await client.ReadResponseAsync();
        Assert.NotNull(response);
        Assert.Equal(400, response!.Status);
        Assert.Contains("HTTP2-Settings", response.BodyText, StringComparison.Ordinal);
        Assert.True(await client.IsClosedAsync());
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task Upgrade_MoreThan32SettingsEntries_400()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: UpgradeOn);
        using var client = edge.Connect();

        var entries = new byte[33 * 6];
        for (var i = 0; i < 33; i++) entries[i * 6 + 1] = 0x03; // MAX_CONCURRENT_STREAMS = 0, repeated
        await client.SendAsync(UpgradeHead("/echo/x", System.Buffers.Text.Base64Url.EncodeToString(entries)));
        var response = await client.ReadResponseAsync();
        Assert.Equal(400, response!.Status);
        Assert.Empty(backend.Requests);
    }

    /// <summary>A body would have to be read before the switch: the request is served over HTTP/1.1 instead (§3.2 lets a server ignore Upgrade).</summary>
    [Fact]
    public async Task Upgrade_WithBody_ServedOverHttp11_UpgradeNotForwarded()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: UpgradeOn);
        using var client = edge.Connect();

        await client.SendAsync(UpgradeHead("/echo/post", method: "POST", extra: "Content-Length: 5\r\n") + "hello");
        var response = await client.ReadResponseAsync();
        Assert.NotNull(response);
        Assert.StartsWith("HTTP/1.1 200", response!.StatusLine, StringComparison.Ordinal);
        Assert.Null(response.Header("Upgrade"));
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("hello", Encoding.ASCII.GetString(seen.Body));
        Assert.Empty(seen.HeaderValues("Upgrade"));
        Assert.Empty(seen.HeaderValues("HTTP2-Settings"));

        // Still HTTP/1.1 on this connection.
        await client.SendAsync("GET /echo/again HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", (await client.ReadResponseAsync())!.StatusLine, StringComparison.Ordinal);
    }

    /// <summary>§3.2.1: without HTTP2-Settings nominated by Connection, or with two of them, the server MUST NOT upgrade.</summary>
    [Theory]
    [InlineData("Connection: Upgrade\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABk\r\n")]
    [InlineData("Connection: Upgrade\r\nUpgrade: h2c\r\n")]
    [InlineData("Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABk\r\nHTTP2-Settings: AAMAAABk\r\n")]
    public async Task Upgrade_NotQualifying_ServedOverHttp11(string fields)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: UpgradeOn);
        using var client = edge.Connect();

        await client.SendAsync($"GET /echo/x HTTP/1.1\r\nHost: a\r\n{fields}\r\n");
        var response = await client.ReadResponseAsync();
        Assert.StartsWith("HTTP/1.1 200", response!.StatusLine, StringComparison.Ordinal);
        var seen = Assert.Single(backend.Requests);
        Assert.Empty(seen.HeaderValues("Upgrade"));
        Assert.Empty(seen.HeaderValues("HTTP2-Settings"));
    }

    /// <summary>Off (the default) on a listener that does serve h2c by prior knowledge: SECURITY.md case 20 still holds.</summary>
    [Fact]
    public async Task UpgradeOff_OnAnH2cListener_AnsweredOverHttp11_NeverForwarded()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        using var client = edge.Connect();

        await client.SendAsync(UpgradeHead("/echo/x"));
        var response = await client.ReadResponseAsync();
        Assert.StartsWith("HTTP/1.1 200", response!.StatusLine, StringComparison.Ordinal);
        Assert.Null(response.Header("Upgrade"));
        var seen = Assert.Single(backend.Requests);
        Assert.Empty(seen.HeaderValues("Upgrade"));
        Assert.Empty(seen.HeaderValues("HTTP2-Settings"));
        Assert.Empty(seen.HeaderValues("Connection"));
        Assert.Equal(0, edge.Server.Http2Stats.Connections);
    }

    [Fact]
    public async Task Nghttp_UpgradeMode_GetsTheResponseOverHttp2()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: UpgradeOn);

        var run = await Http2ClientTests.Run("nghttp", ["-u", "-v", $"{edge.BaseUrl}/echo/nghttp"]);
        var output = run.StdOut + run.StdErr;
        Assert.True(run.ExitCode == 0, output);
        Assert.Contains("HTTP Upgrade response", output, StringComparison.Ordinal);
        Assert.Contains(":status: 200", output, StringComparison.Ordinal);
        Assert.Contains("\"target\":\"/nghttp\"", output, StringComparison.Ordinal);
        Assert.Equal(1, edge.Server.Http2Stats.Connections);
    }

    [Fact]
    public async Task Curl_Http2Cleartext_Upgrades()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend, listenerKeys: UpgradeOn);

        var curl = await Curl.RunAsync("-sS", "-v", "--http2", $"{edge.BaseUrl}/echo/curl");
        Assert.True(curl.ExitCode == 0, curl.StdErr);
        Assert.Contains("HTTP/1.1 101", curl.StdErr, StringComparison.Ordinal);
        Assert.Contains("HTTP/2 200", curl.StdErr, StringComparison.Ordinal);
        Assert.Contains("\"target\":\"/curl\"", curl.Text, StringComparison.Ordinal);
    }

    private static async Task<string> ReadBodyAsync(H2RawClient client, int streamId)
    {
        var body = new StringBuilder();
        while (await client.ReadFrameAsync() is { } frame)
        {
            if (frame.StreamId != streamId) continue;
            if (frame.Type == Http2FrameType.Data) body.Append(Encoding.UTF8.GetString(frame.Payload));
            if (frame.EndStream || frame.Type == Http2FrameType.RstStream) break;
        }
        return body.ToString();
    }
}
