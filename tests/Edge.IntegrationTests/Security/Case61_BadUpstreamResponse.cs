using System.Collections.Concurrent;
using System.Net.Sockets;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 61: a bad upstream response — CL+TE, two different Content-Lengths, a bad status
/// line, an oversized head, 1,000× <c>100 Continue</c>, bytes beyond Content-Length — is a 502 (fault
/// 101500), nothing of it reaches the client, and that upstream connection is never pooled: no upstream
/// connection ever carries a second request, and the pool holds no idle connection afterwards.
/// </summary>
public sealed class Case61_BadUpstreamResponse
{
    public static TheoryData<string, string> Malformed => new()
    {
        { "CL and TE", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" },
        { "two different CLs", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" },
        { "bad status line", "HTTP/1.1 OK\r\nContent-Length: 5\r\n\r\nhello" },
        { "not HTTP", "SSH-2.0-OpenSSH_9.6\r\n\r\nhello" },
        { "oversized head (40 KiB > 32 KiB)", "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"X-Filler-{i}: {new string('a', 200)}\r\n")) + "Content-Length: 5\r\n\r\nhello" },
        { "101 fields", "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-F{i}: v\r\n")) + "Content-Length: 5\r\n\r\nhello" },
        { "1,000 x 100 Continue", string.Concat(Enumerable.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 1000)) + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" },
        { "bytes beyond CL", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled" },
        { "a body after 204", "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task BadResponse_Is502_101500_AndThatConnectionIsNeverPooled(string what, string raw)
    {
        await using var backend = new CountingBackend(TestBackend.Raw(raw));
        await using var edge = await SecurityGateway.StartAsync(backend.Backend);
        using var client = edge.Connect();

        for (var i = 1; i <= 3; i++)
        {
            await client.SendAsync(SecurityGateway.Get($"/echo/{i}"));
            var response = await client.ReadResponseAsync();
            Assert.NotNull(response);
            Assert.True(response!.Status == 502, $"{what}: got {response.StatusLine}");
            Assert.Equal(101500, SecurityGateway.FaultCode(response.BodyText));
            Assert.DoesNotContain("hello", response.BodyText, StringComparison.Ordinal);
            Assert.Equal(0, IdleUpstreamConnections(edge));
        }
        // Nothing smuggled reached the client, and it is still in sync.
        Assert.Equal("", client.Pending);
        Assert.False(await client.IsClosedAsync(200));
        // Each request went out on a fresh upstream connection.
        Assert.Equal(3, backend.Backend.Requests.Count);
        Assert.Equal(1, backend.MaxRequestsPerConnection);
    }

    [Fact]
    public async Task BadThenGood_TheGoodResponseComesOnAFreshConnection()
    {
        var calls = 0;
        await using var backend = new CountingBackend(async (request, s) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"u8.ToArray());
                return true;
            }
            return await TestBackend.EchoAsync(request, s);
        });
        await using var edge = await SecurityGateway.StartAsync(backend.Backend);
        using var client = edge.CreateClient();

        Assert.Equal(502, (int)(await client.GetAsync("/echo/1")).StatusCode);
        using var good = await client.GetAsync("/echo/2");
        Assert.Equal(200, (int)good.StatusCode);
        Assert.Contains("\"target\":\"/2\"", await good.Content.ReadAsStringAsync());
        Assert.Equal(2, backend.Backend.Connections);
        Assert.Equal(1, backend.MaxRequestsPerConnection);
    }

    [Fact]
    public async Task BytesBeyondCL_ArrivingAfterTheResponse_NeverReachAClient_AndTheConnectionIsNotReused()
    {
        // The extra bytes come after Edge has passed the (complete, valid) response on: it cannot become
        // a 502 any more, but the bytes must not be read as the next request's response.
        await using var backend = new CountingBackend(async (_, s) =>
        {
            await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray());
            await Task.Delay(300);
            await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled"u8.ToArray());
            return true;
        });
        await using var edge = await SecurityGateway.StartAsync(backend.Backend);
        using var client = edge.Connect();

        for (var i = 1; i <= 2; i++)
        {
            await client.SendAsync(SecurityGateway.Get($"/echo/{i}"));
            var response = await client.ReadResponseAsync();
            Assert.Equal(200, response?.Status);
            Assert.Equal("ok", response!.BodyText);
            await Task.Delay(600); // the late bytes are in by now
        }
        Assert.DoesNotContain("smuggled", client.Pending, StringComparison.Ordinal);
        Assert.Equal(2, backend.Backend.Connections);
        Assert.Equal(1, backend.MaxRequestsPerConnection);
    }

    private static int IdleUpstreamConnections(EdgeTestServer edge) =>
        edge.Server.Snapshots.Current.Clusters["backend"].Endpoints.Sum(e => e.Pool.IdleCount);

    /// <summary>A <see cref="TestBackend"/> that also counts requests per upstream connection.</summary>
    private sealed class CountingBackend : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<NetworkStream, int> _perConnection = new();

        public CountingBackend(Func<BackendRequest, NetworkStream, Task<bool>> behavior)
        {
            Backend = new TestBackend
            {
                Behavior = (request, stream) =>
                {
                    _perConnection.AddOrUpdate(stream, 1, (_, n) => n + 1);
                    return behavior(request, stream);
                },
            };
        }

        public TestBackend Backend { get; }

        /// <summary>The most requests any one upstream connection carried (1: none was reused).</summary>
        public int MaxRequestsPerConnection => _perConnection.IsEmpty ? 0 : _perConnection.Values.Max();

        public ValueTask DisposeAsync() => Backend.DisposeAsync();
    }
}
