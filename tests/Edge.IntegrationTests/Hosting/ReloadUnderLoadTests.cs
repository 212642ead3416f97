using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Hosting.ReloadConfigs;

namespace Edge.IntegrationTests.Hosting;

/// <summary>DESIGN.md §5: reloads under load fail no request, valid or not.</summary>
public sealed class ReloadUnderLoadTests
{
    [Fact]
    public async Task TwentyReloads_AlternatingValidAndInvalid_FailNoRequest()
    {
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(ApiA));
        var valid = await File.ReadAllTextAsync(edge.ConfigPath);
        using var admin = Client(edge.AdminPort);
        using var stop = new CancellationTokenSource();
        long ok = 0, failed = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();

        async Task LoadAsync()
        {
            using var client = edge.CreateClient();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync("/a");
                    var body = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode == 200 && body == "route-a") Interlocked.Increment(ref ok);
                    else
                    {
                        Interlocked.Increment(ref failed);
                        failures.Enqueue($"{(int)response.StatusCode} {body}");
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref failed);
                    failures.Enqueue(e.Message);
                }
            }
        }

        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(LoadAsync)).ToArray();
        var accepted = 0;
        for (var i = 0; i < 20; i++)
        {
            // Valid edits change the config (an API comes and goes) so every other reload really swaps.
            var text = i % 2 == 0 ? valid + (i % 4 == 0 ? ApiB : "") : valid + Broken;
            await File.WriteAllTextAsync(edge.ConfigPath, text);
            var outcome = await PostReloadAsync(admin);
            Assert.Equal(i % 2 == 0, outcome.Ok);
            if (outcome.Ok) accepted++;
            await Task.Delay(20);
        }
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.Equal(10, accepted);
        Assert.True(failed == 0, $"{failed} failed requests: {string.Join("; ", failures.Take(5))}");
        Assert.True(ok > 20, $"only {ok} requests ran during the reloads");
    }
}
