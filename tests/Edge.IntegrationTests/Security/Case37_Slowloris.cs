using System.Diagnostics;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 37: the header deadline is absolute from a request's first byte (HAProxy's
/// <c>timeout http-request</c>), so a client trickling header bytes gets 408 and a close at the deadline,
/// however steadily it trickles. Here header_timeout is 1 s and bytes arrive every 100 ms, forever.
/// </summary>
public sealed class Case37_Slowloris
{
    private const string Limits = "header_timeout = \"1s\"\nidle_timeout = \"10s\"\n";

    [Theory]
    [InlineData("trickle-fields")]     // the request line at once, then a field byte every 100 ms
    [InlineData("trickle-line")]       // the request line itself byte by byte
    [InlineData("stall")]              // everything but the final CRLF, then silence
    [InlineData("second-request")]     // a good request first; the keep-alive follow-up trickles
    public async Task TricklingHead_Gets408AndClose_AtTheAbsoluteDeadline(string shape)
    {
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        using var client = edge.Connect();
        using var stop = new CancellationTokenSource();

        if (shape == "second-request")
        {
            await client.SendAsync(SecurityGateway.Get("/echo/first"));
            var first = await client.ReadResponseAsync();
            Assert.Equal(200, first?.Status);
        }
        var clock = Stopwatch.StartNew();
        var trickle = shape switch
        {
            "trickle-line" => SecurityGateway.TrickleAsync(client, "GET /echo/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 100, stop.Token),
            "stall" => client.SendAsync("GET /echo/x HTTP/1.1\r\nHost: a\r\nX-A: b\r\n"),
            _ => SendThenTrickle(client, stop.Token),
        };

        // Well past the 1 s deadline while the trickle goes on; an inactivity timer would never fire.
        var response = await client.ReadResponseAsync(timeoutMs: 8000);
        var elapsed = clock.Elapsed;
        stop.Cancel();
        await trickle;

        Assert.NotNull(response);
        Assert.Equal(408, response!.Status);
        Assert.True(elapsed < TimeSpan.FromSeconds(6), $"408 after {elapsed.TotalSeconds:F1} s (deadline 1 s)");
        Assert.True(await client.IsClosedAsync());
        Assert.Equal(shape == "second-request" ? 1 : 0, backend.Requests.Count);
    }

    [Fact]
    public async Task ManySlowlorisConnections_AllGet408_WhileOthersAreServed()
    {
        const int attackers = 50;
        await using var backend = new TestBackend();
        await using var edge = await SecurityGateway.StartAsync(backend, Limits);
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, attackers).Select(_ => edge.Connect()).ToList();
        try
        {
            var trickles = clients.Select(c => SendThenTrickle(c, stop.Token)).ToList();

            // A normal client is served while the attack is on.
            using (var good = edge.Connect())
            {
                await good.SendAsync(SecurityGateway.Get("/echo/good"));
                var ok = await good.ReadResponseAsync();
                Assert.Equal(200, ok?.Status);
            }

            var responses = await Task.WhenAll(clients.Select(c => c.ReadResponseAsync(timeoutMs: 10000)));
            stop.Cancel();
            await Task.WhenAll(trickles);

            Assert.All(responses, r => Assert.Equal(408, r?.Status));
            foreach (var c in clients) Assert.True(await c.IsClosedAsync());
            Assert.Equal(new[] { "/good" }, backend.Requests.Select(r => r.Target));
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    private static async Task SendThenTrickle(RawClient client, CancellationToken ct)
    {
        await client.SendAsync("GET /echo/x HTTP/1.1\r\nHost: a\r\n");
        await SecurityGateway.TrickleAsync(client, "X-Slow: 1\r\n", 100, ct);
    }
}
