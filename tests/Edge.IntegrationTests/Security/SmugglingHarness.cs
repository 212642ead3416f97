using System.Net.Sockets;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// One gateway + one recording backend for the HTTP/1.1 parsing and smuggling cases (SECURITY.md §1).
/// The API <c>/echo</c> forwards every path (<c>/*</c>) for GET, POST and PUT to the backend, so a
/// request Edge lets through is visible in <see cref="Backend"/>.
/// </summary>
internal sealed class SmugglingHarness : IAsyncDisposable
{
    public const string Routes = """
        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "echo"
        base_path = "/echo"
        upstream = "backend"
          [[apis.resources]]
          path = "/*"
          methods = ["GET", "POST", "PUT"]
        """;

    /// <summary>A smuggled second request: if it were ever parsed as a request, it would be answered or forwarded.</summary>
    public const string Smuggled = "GET /echo/admin HTTP/1.1\r\nHost: a\r\n\r\n";

    private SmugglingHarness(TestBackend backend, EdgeTestServer edge)
    {
        Backend = backend;
        Edge = edge;
    }

    public TestBackend Backend { get; }
    public EdgeTestServer Edge { get; }

    public static async Task<SmugglingHarness> StartAsync()
    {
        var backend = new TestBackend();
        try
        {
            var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Routes), backend.Url);
            return new SmugglingHarness(backend, edge);
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="raw"/> in one write and expects exactly one answer: a protocol fault with
    /// <paramref name="status"/> whose description is <paramref name="reason"/> (the RejectReason's
    /// message), <c>Connection: close</c>, then FIN with nothing after it.
    /// </summary>
    public async Task<RawResponse> ExpectRejectAsync(string raw, int status, string reason)
    {
        using var client = Edge.Connect();
        await SendTolerantAsync(client, raw);
        return await ExpectRejectAsync(client, status, reason);
    }

    public static async Task<RawResponse> ExpectRejectAsync(RawClient client, int status, string reason)
    {
        var response = await client.ReadResponseAsync(timeoutMs: 20000);
        Assert.NotNull(response);
        Assert.Equal(status, response.Status);
        Assert.Equal("close", response.Header("Connection"), ignoreCase: true);
        Assert.Contains($"\"code\":{900000 + status},", response.BodyText, StringComparison.Ordinal); // catalog code: 900000 + status
        Assert.Contains($"\"description\":\"{reason}\"", response.BodyText, StringComparison.Ordinal);
        Assert.True(await client.IsClosedAsync(10000), "Edge did not close the connection after the fault");
        Assert.Equal("", client.Pending); // one answer only: nothing smuggled was answered after it
        return response;
    }

    /// <summary>Sends and expects the backend's 200 (the request was forwarded); the connection stays open.</summary>
    public async Task<RawResponse> ExpectForwardedAsync(RawClient client, string raw)
    {
        await client.SendAsync(raw);
        var response = await client.ReadResponseAsync(timeoutMs: 20000);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("test", response.Header("X-Backend"));
        return response;
    }

    /// <summary>The upstream saw no request at all (a short grace period lets a stray one arrive).</summary>
    public async Task AssertUpstreamGotNothingAsync()
    {
        await Task.Delay(200);
        Assert.Empty(Backend.Requests);
    }

    /// <summary>
    /// For a body refused while it streams: the upstream may have seen the head and part of the body,
    /// but never a complete request (SECURITY.md case 63), and never the smuggled one.
    /// </summary>
    public async Task AssertUpstreamGotNoCompleteRequestAsync()
    {
        await Task.Delay(200);
        Assert.DoesNotContain(Backend.Requests, r => r.BodyComplete);
        Assert.DoesNotContain(Backend.Requests, r => r.Target.Contains("admin", StringComparison.Ordinal));
    }

    /// <summary>A big write may hit a connection Edge already refused and closed; what it answered is still read.</summary>
    public static async Task SendTolerantAsync(RawClient client, string raw)
    {
        try
        {
            await client.SendAsync(raw);
        }
        catch (SocketException)
        {
            // Edge closed first; the response (if any) is checked by the caller.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Edge.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
