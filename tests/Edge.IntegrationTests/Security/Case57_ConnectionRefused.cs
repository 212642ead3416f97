using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Edge.IntegrationTests.Kit;
using Edge.IntegrationTests.Upstream;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 57: a refused connect is 503 (101503) at once, and — because nothing was sent —
/// the request goes to another endpoint when there is one, whatever its method or body.
/// </summary>
public sealed class Case57_ConnectionRefused
{
    private static string Config(string endpoints, string extra = "") => EdgeTestServer.Config($$"""
        [[upstreams]]
        name = "backend"
        endpoints = [{{endpoints}}]
        {{extra}}

        [[apis]]
        name = "api"
        base_path = "/api"
        upstream = "backend"
        """);

    internal static int FaultCode(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("fault").GetProperty("code").GetInt32();
    }

    [Fact]
    public async Task OnlyEndpointRefuses_503With101503_Quickly()
    {
        var closed = FreePort.Get();
        await using var edge = await EdgeTestServer.StartAsync(Config($"\"http://127.0.0.1:{closed}\""));
        using var client = edge.CreateClient();
        using (await client.GetAsync("/api/warm")) { }

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/x");
        watch.Stop();

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(101503, FaultCode(await response.Content.ReadAsStringAsync()));
        // SECURITY.md holds 100 ms; a loopback refusal takes well under that, the margin is for a loaded CI machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task RefusedEndpoint_RequestsGoToTheOther_AnyMethodAndBody()
    {
        var closed = FreePort.Get();
        await using var healthy = new NamedBackend("b");
        await using var edge = await EdgeTestServer.StartAsync(Config($"\"http://127.0.0.1:{closed}\", \"{{BACKEND}}\""), healthy.Url);
        using var client = edge.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            using var get = await client.GetAsync("/api/x");
            Assert.Equal(200, (int)get.StatusCode);
            using var post = await client.PostAsync("/api/x", new ByteArrayContent(Encoding.ASCII.GetBytes($"body {i}")));
            Assert.Equal(200, (int)post.StatusCode);
            Assert.Equal("b", await post.Content.ReadAsStringAsync());
        }
        // Every request reached the healthy endpoint exactly once; the POST bodies arrived whole.
        Assert.Equal(20, healthy.Served);
        Assert.All(healthy.Backend.Requests.Where(r => r.Method == "POST"), r => Assert.StartsWith("body ", Encoding.ASCII.GetString(r.Body), StringComparison.Ordinal));
        Assert.True(edge.Server.Snapshots.Current.Clusters["backend"].RetryBudget.Started > 0);
    }

    [Fact]
    public async Task RetriesOff_RefusedEndpointIs503()
    {
        var closed = FreePort.Get();
        await using var healthy = new NamedBackend("b");
        await using var edge = await EdgeTestServer.StartAsync(
            Config($"\"http://127.0.0.1:{closed}\", \"{{BACKEND}}\"", "retries = { count = 0 }"), healthy.Url);
        using var client = edge.CreateClient();

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync("/api/x");
            statuses.Add((int)response.StatusCode);
        }
        // Round robin alternates: the refused endpoint's turns are 503s, nothing is retried.
        Assert.Equal(2, statuses.Count(s => s == 503));
        Assert.Equal(2, healthy.Served);
    }

    /// <summary>
    /// An outage does not become a retry storm: with every endpoint failing, each request tries each endpoint
    /// at most once, passive ejection takes them all out after a few failures, and from then on requests
    /// are answered 503 at once without a connect attempt.
    /// </summary>
    [Fact]
    public async Task AllEndpointsFailing_BoundedAttempts_ThenEjectedAnd503AtOnce()
    {
        // Listeners that accept and reset at once count the connect attempts a refused port cannot.
        using var a = new ResettingListener();
        using var b = new ResettingListener();
        await using var edge = await EdgeTestServer.StartAsync(
            Config($"\"http://127.0.0.1:{a.Port}\", \"http://127.0.0.1:{b.Port}\"", "passive = { consecutive_failures = 3, eject = \"30s\" }"));
        using var client = edge.CreateClient();

        for (var i = 0; i < 30; i++)
        {
            using var response = await client.GetAsync("/api/x");
            Assert.True((int)response.StatusCode is 502 or 503, $"request {i}: {(int)response.StatusCode}");
        }
        // 3 failures each eject both endpoints: at most 3 requests × 2 endpoints of attempts, then none.
        Assert.True(a.Accepted + b.Accepted <= 6, $"{a.Accepted} + {b.Accepted} attempts");
        var cluster = edge.Server.Snapshots.Current.Clusters["backend"];
        Assert.True(cluster.Unavailable >= 24, $"answered at once: {cluster.Unavailable}");
    }
}

/// <summary>Accepts connections and resets them (SO_LINGER 0) before reading: an upstream that dies on every request.</summary>
internal sealed class ResettingListener : IDisposable
{
    private readonly TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private int _accepted;

    public ResettingListener(bool readFirst = false)
    {
        _listener.Start();
        Port = ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(readFirst);
    }

    public int Port { get; }
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync(bool readFirst)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync();
            }
            catch (Exception)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            if (readFirst)
            {
                var buffer = new byte[4096];
                try
                {
                    await socket.ReceiveAsync(buffer);
                }
                catch (SocketException)
                {
                }
            }
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
    }

    public void Dispose() => _listener.Stop();
}
