using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>Request and response bodies, Content-Length and chunked, streamed through exactly.</summary>
public sealed class BodyStreamingTests
{
    private const string Body = """
        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "files"
        base_path = "/files"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"
        """;

    private const int FiveMiB = 5 * 1024 * 1024;

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        new Random(n).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Answers with the SHA-256 of the received body (hex) as a Content-Length body.</summary>
    private static async Task<bool> HashBodyAsync(BackendRequest request, NetworkStream stream)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(request.Body));
        var head = $"HTTP/1.1 200 OK\r\nContent-Length: {hex.Length}\r\nX-Complete: {request.BodyComplete}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + hex));
        return true;
    }

    [Fact]
    public async Task ChunkedUpload_UpstreamReceivesTheExactBytes()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync("POST /files/up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n1;ext=1\r\n \r\n"
            + "A\r\n\r\n\0binary\xff\r\n0\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.True(backend.Requests.TryPeek(out var seen));
        Assert.True(seen!.BodyComplete);
        Assert.Equal(Encoding.Latin1.GetBytes("hello \r\n\0binary\xff"), seen.Body);
        // Next request on the same connection still works: the chunked body was consumed exactly.
        await client.SendAsync("GET /files/after HTTP/1.1\r\nHost: x\r\n\r\n");
        var next = await client.ReadResponseAsync();
        Assert.Equal(200, next!.Status);
        Assert.Contains("/after", next.BodyText);
    }

    [Fact]
    public async Task ContentLengthUpload_UpstreamReceivesTheExactBytesWithContentLength()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.CreateClient();
        var data = RandomBytes(70_000);

        using var response = await client.PostAsync("/files/cl", new ByteArrayContent(data));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(backend.Requests.TryPeek(out var seen));
        Assert.Equal("70000", seen!.Header("Content-Length"));
        Assert.Null(seen.Header("Transfer-Encoding"));
        Assert.Equal(data, seen.Body);
    }

    [Fact]
    public async Task ChunkedUpstreamResponse_ClientGetsTheExactBytes()
    {
        var data = RandomBytes(100_000);
        await using var backend = new TestBackend
        {
            Behavior = async (_, s) =>
            {
                await s.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray());
                for (var i = 0; i < data.Length; i += 7000)
                {
                    var n = Math.Min(7000, data.Length - i);
                    await s.WriteAsync(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
                    await s.WriteAsync(data.AsMemory(i, n));
                    await s.WriteAsync("\r\n"u8.ToArray());
                }
                await s.WriteAsync("0\r\n\r\n"u8.ToArray());
                return true;
            },
        };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            var bytes = await client.GetByteArrayAsync("/files/chunked");
            Assert.Equal(data, bytes);
        }
        Assert.Equal(1, backend.Connections);
    }

    [Fact]
    public async Task FiveMiB_ChunkedUpload_HttpClient_Sha256Matches()
    {
        await using var backend = new TestBackend { Behavior = HashBodyAsync };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.CreateClient();
        var data = RandomBytes(FiveMiB);

        // A stream without a length: HttpClient sends it chunked.
        var content = new StreamContent(new NoLengthStream(new MemoryStream(data)));
        using var response = await client.PostAsync("/files/big", content);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), await response.Content.ReadAsStringAsync());
        Assert.True(backend.Requests.TryPeek(out var seen));
        Assert.Equal("chunked", seen!.Header("Transfer-Encoding"));
    }

    [Fact]
    public async Task FiveMiB_Upload_Curl_WithExpect100Continue_Works()
    {
        await using var backend = new TestBackend { Behavior = HashBodyAsync };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        var data = RandomBytes(FiveMiB);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, data);
            // A long expect timeout: the upload only starts early if Edge answers 100 Continue.
            var result = await Curl.RunAsync("-sS", "-v", "--expect100-timeout", "50", "-H", "Expect: 100-continue",
                "--data-binary", "@" + file, $"{edge.BaseUrl}/files/upload");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Expect: 100-continue", result.StdErr);
            Assert.Contains("HTTP/1.1 100 Continue", result.StdErr);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), result.Text);
            Assert.True(backend.Requests.TryPeek(out var seen));
            Assert.Equal(FiveMiB.ToString(System.Globalization.CultureInfo.InvariantCulture), seen!.Header("Content-Length"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task FiveMiB_Download_ChunkedAndContentLength_Sha256Matches()
    {
        var data = RandomBytes(FiveMiB);
        await using var backend = new TestBackend
        {
            Behavior = async (request, s) =>
            {
                var chunked = request.Target.Contains("chunked", StringComparison.Ordinal);
                await s.WriteAsync(Encoding.ASCII.GetBytes(chunked
                    ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    : $"HTTP/1.1 200 OK\r\nContent-Length: {data.Length}\r\n\r\n"));
                for (var i = 0; i < data.Length; i += 65536)
                {
                    var n = Math.Min(65536, data.Length - i);
                    if (chunked) await s.WriteAsync(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
                    await s.WriteAsync(data.AsMemory(i, n));
                    if (chunked) await s.WriteAsync("\r\n"u8.ToArray());
                }
                if (chunked) await s.WriteAsync("0\r\n\r\n"u8.ToArray());
                return true;
            },
        };
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.CreateClient();
        var expected = SHA256.HashData(data);

        Assert.Equal(expected, SHA256.HashData(await client.GetByteArrayAsync("/files/chunked")));
        Assert.Equal(expected, SHA256.HashData(await client.GetByteArrayAsync("/files/length")));
        var viaCurl = await Curl.RunAsync("-sS", $"{edge.BaseUrl}/files/length");
        Assert.Equal(0, viaCurl.ExitCode);
        Assert.Equal(expected, SHA256.HashData(viaCurl.StdOut));
    }

    [Fact]
    public async Task RawExpect100Continue_GetsInterim100ThenFinalResponse()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync("PUT /files/e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        var interim = await client.ReadResponseAsync();
        Assert.Equal(100, interim!.Status);
        await client.SendAsync("abcde");
        var final = await client.ReadResponseAsync();
        Assert.Equal(200, final!.Status);
        Assert.True(backend.Requests.TryPeek(out var seen));
        Assert.Equal("abcde"u8.ToArray(), seen!.Body);
        Assert.Null(seen.Header("Expect"));
    }

    [Fact]
    public async Task Expect100Continue_ToAnUnroutedPath_GetsTheFinalStatusWithoutTheBody()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        using var client = edge.Connect();

        await client.SendAsync("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(404, response!.Status);
        Assert.Contains("900906", response.BodyText);
        Assert.Empty(backend.Requests);
    }

    /// <summary>Hides the length so HttpClient must use chunked transfer coding.</summary>
    private sealed class NoLengthStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 32 * 1024));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
