using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 40: an idle HTTP/1.1 connection is closed silently at idle_timeout (1 s here):
/// no 408, no bytes at all — the client did not ask for anything (HAProxy's <c>http-keep-alive</c>).
/// </summary>
public sealed class Case40_Idle
{
    private const string Limits = "idle_timeout = \"1s\"\nheader_timeout = \"10s\"\n";

    [Theory]
    [InlineData(0)] // connected, never sent a byte
    [InlineData(1)] // after one keep-alive exchange
    [InlineData(3)] // after three
    public async Task IdleConnection_ClosedSilently(int requestsFirst)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        using var client = edge.Connect();

        for (var i = 0; i < requestsFirst; i++)
        {
            await client.SendAsync(SecurityGateway.Get($"/echo/{i}"));
            var response = await client.ReadResponseAsync();
            Assert.Equal(200, response?.Status);
            Assert.NotEqual("close", response!.Header("Connection"));
        }

        Assert.True(await client.IsClosedAsync(6000), "idle connection still open 6 s after a 1 s idle timeout");
        Assert.Equal("", client.Pending); // silent: no 408, nothing
        Assert.Equal(requestsFirst, backend.Requests.Count);
        Assert.True(await SecurityGateway.WaitUntilAsync(() => edge.Server.OpenConnections == 0, 5000));
    }

    [Fact]
    public async Task IdleTimer_DoesNotCutARequestInProgress()
    {
        // A slow upstream keeps the exchange busy past idle_timeout: only idle waits count.
        await using var backend = new TestBackend();
        backend.Behavior = async (request, stream) =>
        {
            await Task.Delay(2500);
            return await TestBackend.EchoAsync(request, stream);
        };
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        using var client = edge.Connect();

        await client.SendAsync(SecurityGateway.Get("/echo/slow"));
        var response = await client.ReadResponseAsync(timeoutMs: 15000);

        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        Assert.Contains("\"target\":\"/slow\"", response.BodyText);
    }
}
