using System.Diagnostics;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 58: an upstream that accepts and never answers (<c>socat … EXEC:'sleep 3600'</c>) →
/// 504 with fault 101504 at the response timeout (1 s here), and the request is never retried: a POST
/// reaches the upstream exactly once, on exactly one connection. That connection is never reused, so a
/// late answer can never be taken for the next request's response. (HTTP/2 needs nothing more: a 504 is
/// a 504 on either protocol; the h2 client side comes with HTTP/2.)
/// </summary>
public sealed class Case58_BlackHole
{
    private const string ResponseTimeout = "response_timeout = \"1s\"";

    [Fact]
    public async Task AcceptsAndNeverReads_PostIs504With101504_AtTheResponseTimeout_OneConnectionOnly()
    {
        // The socat black hole: the connection is accepted and the request sits unread in the socket buffer.
        await using var upstream = new RawUpstream(async (_, _, ct) => await Task.Delay(Timeout.Infinite, ct));
        await using var edge = await SecurityGateway.StartAsync(upstream.Url, ResponseTimeout);
        using var client = edge.Connect();

        var watch = Stopwatch.StartNew();
        await client.SendAsync("POST /echo/order HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
        var response = await client.ReadResponseAsync(timeoutMs: 15000);
        watch.Stop();

        Assert.NotNull(response);
        Assert.Equal(504, response!.Status);
        Assert.Equal(101504, SecurityGateway.FaultCode(response.BodyText));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"504 after {watch.Elapsed} (response_timeout 1 s)");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"504 after {watch.Elapsed} (response_timeout 1 s)");

        // Never retried: a second try would need a second connection (the first one is poisoned).
        await Task.Delay(1500);
        Assert.Equal(1, upstream.Connections);

        // The client connection survives the upstream's fault.
        await client.SendAsync(SecurityGateway.Get("/mock/after"));
        Assert.Equal(401, (await client.ReadResponseAsync())?.Status);
    }

    [Fact]
    public async Task ReadsTheRequestAndNeverAnswers_PostIs504_TheUpstreamSawItExactlyOnce()
    {
        await using var backend = new TestBackend
        {
            Behavior = async (_, _) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30));
                return false;
            },
        };
        await using var edge = await SecurityGateway.StartAsync(backend.Url, ResponseTimeout);
        using var client = edge.CreateClient();

        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync("/echo/pay", new StringContent("amount=10"));
        watch.Stop();

        Assert.Equal(504, (int)response.StatusCode);
        Assert.Equal(101504, SecurityGateway.FaultCode(await response.Content.ReadAsStringAsync()));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"took {watch.Elapsed}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");

        await Task.Delay(1500);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("amount=10"u8.ToArray(), seen.Body);
        Assert.Equal(1, backend.Connections);
    }

    [Fact]
    public async Task TimedOutUpstreamConnection_IsNotReused_ItsLateAnswerNeverReachesTheNextRequest()
    {
        var calls = 0;
        await using var backend = new TestBackend();
        backend.Behavior = async (request, s) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate"u8.ToArray());
                return true;
            }
            return await TestBackend.EchoAsync(request, s);
        };
        await using var edge = await SecurityGateway.StartAsync(backend.Url, ResponseTimeout);
        using var client = edge.CreateClient();

        Assert.Equal(504, (int)(await client.GetAsync("/echo/first")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the late answer is on the wire by now
        using var second = await client.GetAsync("/echo/second");

        Assert.Equal(200, (int)second.StatusCode);
        Assert.Contains("\"target\":\"/second\"", await second.Content.ReadAsStringAsync());
        Assert.Equal(2, backend.Connections);
    }
}
