using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.IntegrationTests.Kit;
using Xunit.Abstractions;
using static Edge.IntegrationTests.Hosting.ReloadConfigs;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 66: reload under load. Four clients send keep-alive requests (forwarded and direct)
/// for the whole run while the config is reloaded every 0.5 s, cycling through a valid file, an invalid
/// file and a 10,000-route file. Answers: 0 non-2xx, 0 socket errors; every invalid file is rejected
/// with file:line:col and the old snapshot keeps serving (the 10,000 routes of a previous reload still
/// answer); the unchanged upstream keeps its cluster and connection pool (no new upstream connection
/// beyond the clients' concurrency). The time each reload took is in the outcome (<c>elapsed_ms</c>,
/// <c>swap_ms</c>), printed by the test; SECURITY's bar is a swap under 100 ms, asserted here only with a
/// large margin (DESIGN §5: targets are measured, never asserted tightly).
/// </summary>
public sealed class Case66_ReloadUnderLoad(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int Reloads = 24; // 8 of each kind, one every 0.5 s: 12 s of load

    private static string Base => EdgeTestServer.Config(SecurityGateway.Routes + ApiA);

    [Fact]
    public async Task ReloadEveryHalfSecond_ValidInvalidAndTenThousandRoutes_NoFailedRequest_PoolsSurvive()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Base, backend.Url);
        var valid = await File.ReadAllTextAsync(edge.ConfigPath);
        var invalid = valid + Broken;
        var bulk = valid + TenThousandRoutes();
        using var admin = Client(edge.AdminPort);
        using var probe = edge.CreateClient();
        var cluster = edge.Server.Snapshots.Current.Clusters["backend"];
        var pool = cluster.Endpoints[0].Pool;

        using var stop = new CancellationTokenSource();
        long ok = 0;
        var failures = new ConcurrentQueue<string>();

        async Task LoadAsync(int id)
        {
            using var client = edge.CreateClient();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var path = i % 2 == 0 ? $"/echo/load{id}" : "/a";
                try
                {
                    using var response = await client.GetAsync(path);
                    var body = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode is >= 200 and < 300) Interlocked.Increment(ref ok);
                    else failures.Enqueue($"{path}: {(int)response.StatusCode} {body}");
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue($"{path}: socket error: {e.Message}");
                }
            }
        }

        var load = Enumerable.Range(0, Clients).Select(i => Task.Run(() => LoadAsync(i))).ToArray();
        var bulkTimes = new List<(double Elapsed, double Swap)>();
        var generation = 1L;
        var lastValidWasBulk = false;
        var clock = Stopwatch.StartNew();
        for (var r = 0; r < Reloads; r++)
        {
            // valid → 10,000 routes → invalid (rejected: the 10,000 keep serving) → valid (they go) → ...
            var kind = (r % 3) switch { 0 => "valid", 1 => "bulk", _ => "invalid" };
            await File.WriteAllTextAsync(edge.ConfigPath, kind switch { "valid" => valid, "invalid" => invalid, _ => bulk });
            var outcome = await PostAsync(admin);

            if (kind == "invalid")
            {
                Assert.Equal(422, outcome.Status);
                Assert.False(outcome.Ok);
                Assert.Equal(generation, outcome.Generation);
                Assert.NotEmpty(outcome.Errors);
                Assert.All(outcome.Errors, e => Assert.Matches(new Regex("^" + Regex.Escape(edge.ConfigPath) + @":\d+:\d+: "), e));
                // The old snapshot keeps serving, whatever it was.
                Assert.Equal(generation, edge.Server.Snapshots.Current.Generation);
                using var old = await probe.GetAsync("/bulk77/r9/42");
                Assert.Equal(lastValidWasBulk ? 200 : 404, (int)old.StatusCode);
            }
            else
            {
                Assert.True(outcome.Ok, string.Join("\n", outcome.Errors));
                Assert.Equal(++generation, outcome.Generation);
                lastValidWasBulk = kind == "bulk";
                if (!lastValidWasBulk)
                {
                    using var gone = await probe.GetAsync("/bulk77/r9/42");
                    Assert.Equal(404, (int)gone.StatusCode);
                }
                else
                {
                    bulkTimes.Add((outcome.ElapsedMs, outcome.SwapMs));
                    Assert.Equal(10_000 + 2 + 1, edge.Server.Snapshots.Current.Routes.Length);
                    using var fresh = await probe.GetAsync("/bulk0/r99/1");
                    Assert.Equal(200, (int)fresh.StatusCode);
                }
            }
            // The unchanged upstream is the same cluster, with the same pool, through every kind of reload.
            Assert.Same(cluster, edge.Server.Snapshots.Current.Clusters["backend"]);
            var wait = TimeSpan.FromMilliseconds(500 * (r + 1)) - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.True(failures.IsEmpty, $"{failures.Count} failed requests: {string.Join("; ", failures.Take(5))}");
        Assert.True(ok > Reloads * 4, $"only {ok} requests ran during {Reloads} reloads");
        // Pools survived: the upstream never needed more connections than there were concurrent clients
        // (a pool rebuilt by a reload would open new ones every time).
        Assert.Equal(backend.Connections, (int)pool.Created);
        Assert.InRange(backend.Connections, 1, Clients + 1);

        var times = bulkTimes.Select(t => t.Elapsed).Order().ToList();
        output.WriteLine($"10,000-route reloads under load: elapsed ms {string.Join(", ", bulkTimes.Select(t => t.Elapsed.ToString("F1", CultureInfo.InvariantCulture)))}; median {times[times.Count / 2]:F1} ms");
        output.WriteLine($"  swap (published) at ms {string.Join(", ", bulkTimes.Select(t => t.Swap.ToString("F1", CultureInfo.InvariantCulture)))}");
        Assert.All(bulkTimes, t => Assert.InRange(t.Elapsed, 0.01, 10_000));
    }

    [Fact]
    public async Task TenThousandRouteReload_ReportsItsTime_InTheResponseAndTheLog()
    {
        await using var backend = new TestBackend();
        await using var edge = await EdgeTestServer.StartAsync(Base, backend.Url);
        var valid = await File.ReadAllTextAsync(edge.ConfigPath);
        var bulk = valid + TenThousandRoutes();
        using var admin = Client(edge.AdminPort);

        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            await File.WriteAllTextAsync(edge.ConfigPath, i % 2 == 0 ? bulk : valid);
            var outcome = await PostAsync(admin);
            Assert.True(outcome.Ok, string.Join("\n", outcome.Errors));
            Assert.True(outcome.ElapsedMs > 0);
            Assert.InRange(outcome.SwapMs, 0, outcome.ElapsedMs);
            if (i % 2 == 0) times.Add(outcome.ElapsedMs);
        }
        Assert.Matches(new Regex(@"edge: reloaded .*, 10003 routes, \d+\.\d ms \(swapped at \d+\.\d ms\)"), edge.Log);
        times.Sort();
        output.WriteLine($"10,000-route reload, idle server: {string.Join(", ", times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))} ms; median {times[times.Count / 2]:F1} ms");
    }

    /// <summary>100 APIs × 100 resources: 10,000 routes with templates, all on the unchanged upstream.</summary>
    internal static string TenThousandRoutes()
    {
        var sb = new StringBuilder(1 << 20);
        for (var a = 0; a < 100; a++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n[[apis]]\nname = \"bulk{a}\"\nbase_path = \"/bulk{a}\"\nupstream = \"backend\"\n");
            for (var r = 0; r < 100; r++)
                sb.Append(CultureInfo.InvariantCulture, $"  [[apis.resources]]\n  path = \"/r{r}/{{id}}\"\n  methods = [\"GET\", \"POST\"]\n");
        }
        return sb.ToString();
    }

    private sealed record Outcome(int Status, bool Ok, long Generation, string[] Errors, double ElapsedMs, double SwapMs);

    private static async Task<Outcome> PostAsync(HttpClient admin)
    {
        using var response = await admin.PostAsync("/reload", content: null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return new Outcome((int)response.StatusCode, root.GetProperty("ok").GetBoolean(), root.GetProperty("generation").GetInt64(),
            root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray(),
            root.GetProperty("elapsed_ms").GetDouble(),
            root.TryGetProperty("swap_ms", out var swap) ? swap.GetDouble() : 0);
    }
}
