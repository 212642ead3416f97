using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>Responses without bodies (HEAD, 204, 304) and upstream trailers leave both connections usable.</summary>
public sealed class ResponseFramingTests
{
    private const string Body = """
        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "r"
        base_path = "/r"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"
        """;

    /// <summary>Answers per path: /head (CL 1234 without body), /nocontent (204), /notmodified (304), /trailers, else echo.</summary>
    private static async Task<bool> ScriptAsync(BackendRequest request, System.Net.Sockets.NetworkStream s)
    {
        var raw = request.Target switch
        {
            "/head" => "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nContent-Type: text/plain\r\n\r\n",
            "/headchunked" => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            "/nocontent" => "HTTP/1.1 204 No Content\r\nX-Kind: nocontent\r\n\r\n",
            "/notmodified" => "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 99\r\n\r\n",
            "/trailers" => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
                + "4\r\nbody\r\n5\r\n-data\r\n0\r\nX-Checksum: abc123\r\nX-Other: z\r\n\r\n",
            _ => null,
        };
        if (raw is null) return await TestBackend.EchoAsync(request, s);
        await s.WriteAsync(System.Text.Encoding.ASCII.GetBytes(raw));
        return true;
    }

    private static async Task<(TestBackend, EdgeTestServer)> StartAsync()
    {
        var backend = new TestBackend { Behavior = ScriptAsync };
        var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Body), backend.Url);
        return (backend, edge);
    }

    private static async Task<RawResponse> RoundTripAsync(RawClient client, string method, string path, bool head = false)
    {
        await client.SendAsync($"{method} {path} HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await client.ReadResponseAsync(headRequest: head);
        Assert.NotNull(response);
        return response;
    }

    private static async Task AssertStillUsableAsync(RawClient client, TestBackend backend)
    {
        var next = await RoundTripAsync(client, "GET", "/r/echo");
        Assert.Equal(200, next.Status);
        Assert.Contains("\"target\":\"/echo\"", next.BodyText);
        Assert.Equal("", client.Pending);
        Assert.Equal(1, backend.Connections);
    }

    [Fact]
    public async Task Head_KeepsContentLengthAndSendsNoBody()
    {
        var (backend, edge) = await StartAsync();
        await using (backend)
        await using (edge)
        {
            using var client = edge.Connect();
            var response = await RoundTripAsync(client, "HEAD", "/r/head", head: true);

            Assert.Equal(200, response.Status);
            Assert.Equal("1234", response.Header("Content-Length"));
            Assert.Null(response.Header("Transfer-Encoding"));
            await AssertStillUsableAsync(client, backend);
        }
    }

    [Fact]
    public async Task Head_ToAChunkedResource_DoesNotWaitForABody()
    {
        var (backend, edge) = await StartAsync();
        await using (backend)
        await using (edge)
        {
            using var client = edge.Connect();
            var response = await RoundTripAsync(client, "HEAD", "/r/headchunked", head: true);

            Assert.Equal(200, response.Status);
            Assert.Null(response.Header("Content-Length"));
            await AssertStillUsableAsync(client, backend);

            var viaCurl = await Curl.RunAsync("-sS", "-I", $"{edge.BaseUrl}/r/headchunked");
            Assert.Equal(0, viaCurl.ExitCode);
            Assert.StartsWith("HTTP/1.1 200", viaCurl.Text);
        }
    }

    [Fact]
    public async Task NoContent204_HasNoBodyAndNoFraming()
    {
        var (backend, edge) = await StartAsync();
        await using (backend)
        await using (edge)
        {
            using var client = edge.Connect();
            var response = await RoundTripAsync(client, "DELETE", "/r/nocontent");

            Assert.Equal(204, response.Status);
            Assert.Equal("nocontent", response.Header("X-Kind"));
            Assert.Null(response.Header("Transfer-Encoding"));
            Assert.True(response.Header("Content-Length") is null or "0");
            await AssertStillUsableAsync(client, backend);
        }
    }

    [Fact]
    public async Task NotModified304_HasNoBody()
    {
        var (backend, edge) = await StartAsync();
        await using (backend)
        await using (edge)
        {
            using var client = edge.Connect();
            var response = await RoundTripAsync(client, "GET", "/r/notmodified");

            Assert.Equal(304, response.Status);
            Assert.Equal("\"v1\"", response.Header("ETag"));
            Assert.Null(response.Header("Transfer-Encoding"));
            await AssertStillUsableAsync(client, backend);
        }
    }

    [Fact]
    public async Task HttpClient_Head204And304_ThenGet_OnOneConnection()
    {
        var (backend, edge) = await StartAsync();
        await using (backend)
        await using (edge)
        {
            using var client = edge.CreateClient();
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/r/head"));
            Assert.Equal(1234, head.Content.Headers.ContentLength);
            using var noContent = await client.DeleteAsync("/r/nocontent");
            Assert.Equal(204, (int)noContent.StatusCode);
            using var notModified = await client.GetAsync("/r/notmodified");
            Assert.Equal(304, (int)notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            using var echo = await client.GetAsync("/r/echo");
            Assert.Equal(200, (int)echo.StatusCode);
            Assert.Equal(1, backend.Connections);
        }
    }

    [Fact]
    public async Task UpstreamTrailers_AreDropped_BodyExact_ConnectionsReused()
    {
        var (backend, edge) = await StartAsync();
        await using (backend)
        await using (edge)
        {
            using var client = edge.Connect();
            for (var i = 0; i < 2; i++)
            {
                await client.SendAsync("GET /r/trailers HTTP/1.1\r\nHost: x\r\n\r\n");
                var response = await client.ReadResponseAsync();
                Assert.NotNull(response);
                Assert.Equal(200, response.Status);
                Assert.Equal("body-data", response.BodyText);
                Assert.Null(response.Header("X-Checksum"));
                // Whatever Edge sends after the last chunk, nothing of the upstream trailer leaks.
                Assert.DoesNotContain("X-Checksum", client.Pending, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("abc123", client.Pending, StringComparison.Ordinal);
            }
            await AssertStillUsableAsync(client, backend);

            var viaCurl = await Curl.RunAsync("-sS", "--raw", "-i", $"{edge.BaseUrl}/r/trailers");
            Assert.Equal(0, viaCurl.ExitCode);
            Assert.DoesNotContain("abc123", viaCurl.Text, StringComparison.Ordinal);
        }
    }
}
