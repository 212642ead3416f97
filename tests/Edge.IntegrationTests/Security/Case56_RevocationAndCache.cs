using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Edge.IntegrationTests.Kit;
using Edge.IntegrationTests.Policies;
using Edge.Security.Revocation;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 56: a revoked jti → 401 even while cached; a Bloom false positive is settled by the
/// exact set → 200; a revocation by the admin endpoint or a reload under load applies from the next
/// request; cache entries die at exp; with 10^6 revoked ids the check stays O(1) (correct, and the list
/// stays under 16 MB; the constant time itself is measured by RevocationCheckBenchmarks, not asserted).
/// </summary>
public sealed class Case56_RevocationAndCache
{
    [Fact]
    public async Task RevokedWhileCached_Is401_FromTheNextRequest()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var token = gateway.Kit.Token(claims: gateway.Kit.Claims(jti: "cached-then-revoked"));
        await gateway.AssertAcceptedAsync(token, "first sight: verified and cached");
        await gateway.AssertAcceptedAsync(token, "cache hit");

        var (status, _) = await AuthGateway.AdminPostAsync(gateway.Edge, "/revocations", $"{{\"jti\":\"cached-then-revoked\",\"exp\":{JwtCaseGateway.Now + 3600}}}");

        Assert.Equal(200, status);
        await gateway.AssertRefusedAsync(token, "revoked while cached");
    }

    [Fact]
    public async Task BloomFalsePositive_IsSettledByTheExactSet()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var list = gateway.Edge.Server.Snapshots.Current.Security.Revocations.List;
        var lines = new StringBuilder();
        for (var i = 0; i < 20_000; i++) lines.Append(CultureInfo($"revoked-{i} {JwtCaseGateway.Now + 3600}\n"));
        list.AddRange(RevocationFile.Parse(Encoding.UTF8.GetBytes(lines.ToString()), [])!);

        // A jti the filter says "maybe" to, that was never revoked (≈ 1 % of ids).
        var jtis = (JtiSet)typeof(RevocationList).GetField("_jtis", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(list)!;
        var falsePositive = Enumerable.Range(0, 100_000).Select(i => $"innocent-{i}")
            .First(id => jtis.Filter.MayContain(RevocationList.Fingerprint(Encoding.UTF8.GetBytes(id))) && !list.IsTokenIdRevoked(Encoding.UTF8.GetBytes(id)));

        await gateway.AssertAcceptedAsync(gateway.Kit.Token(claims: gateway.Kit.Claims(jti: falsePositive)), "a Bloom false positive");
        await gateway.AssertRefusedAsync(gateway.Kit.Token(claims: gateway.Kit.Claims(jti: "revoked-123")), "a revoked id");
    }

    [Fact]
    public async Task UnderLoad_AdminRevocation_AppliesFromTheNextRequest()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var token = gateway.Kit.Token(claims: gateway.Kit.Claims(jti: "under-load"));
        await gateway.AssertAcceptedAsync(token, "warm");
        var results = new System.Collections.Concurrent.ConcurrentBag<(long Started, int Status)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = gateway.Edge.CreateClient();
            while (!stop.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/x");
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                results.Add((started, (int)response.StatusCode));
            }
        })).ToArray();
        await Task.Delay(300);

        var (status, _) = await AuthGateway.AdminPostAsync(gateway.Edge, "/revocations", $"{{\"jti\":\"under-load\",\"exp\":{JwtCaseGateway.Now + 3600}}}");
        var revokedAt = Stopwatch.GetTimestamp();
        await Task.Delay(300);
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.Equal(200, status);
        Assert.Contains(results, r => r.Started < revokedAt && r.Status == 200);
        var after = results.Where(r => r.Started > revokedAt).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, r => Assert.Equal(401, r.Status));
    }

    [Fact]
    public async Task Reload_WithTheRevokedFile_AppliesFromTheNextRequest()
    {
        var file = Path.Combine(Path.GetTempPath(), $"edge-revoked-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, "");
        try
        {
            await using var gateway = await JwtCaseGateway.StartAsync(jwtExtra: $"revoked = \"{file}\"");
            var token = gateway.Kit.Token(claims: gateway.Kit.Claims(jti: "by-file"));
            await gateway.AssertAcceptedAsync(token, "before");

            File.WriteAllText(file, $"by-file {JwtCaseGateway.Now + 3600}\n");
            var reload = await gateway.Edge.Server.ReloadAsync();

            Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
            await gateway.AssertRefusedAsync(token, "after the reload");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task CacheEntries_DieAtExp()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var token = gateway.Kit.Token(claims: gateway.Kit.Claims(exp: JwtCaseGateway.Now + 30));
        await gateway.AssertAcceptedAsync(token, "cached");
        Assert.Equal(1, await CacheEntriesAsync(gateway));

        gateway.Clock.Now = JwtCaseGateway.Now + 30 + 60; // exp + skew
        await gateway.AssertRefusedAsync(token, "expired in the cache");

        Assert.Equal(0, await CacheEntriesAsync(gateway));
    }

    [Fact]
    public async Task MillionRevokedIds_CheckStaysCorrect_AndSmall()
    {
        var file = Path.Combine(Path.GetTempPath(), $"edge-revoked-{Guid.NewGuid():N}.txt");
        using (var writer = new StreamWriter(file))
        {
            for (var i = 0; i < 1_000_000; i++) writer.Write(CultureInfo($"{Guid.NewGuid()} {JwtCaseGateway.Now + 86_400}\n"));
            writer.Write(CultureInfo($"the-revoked-one {JwtCaseGateway.Now + 86_400}\n"));
        }
        try
        {
            await using var gateway = await JwtCaseGateway.StartAsync(jwtExtra: $"revoked = \"{file}\"");
            var token = gateway.Kit.Token();

            await gateway.AssertAcceptedAsync(token, "not revoked, first sight");
            await gateway.AssertAcceptedAsync(token, "not revoked, cached");
            await gateway.AssertRefusedAsync(gateway.Kit.Token(claims: gateway.Kit.Claims(jti: "the-revoked-one")), "revoked among 10^6");

            using var stats = JsonDocument.Parse((await AuthGateway.AdminGetAsync(gateway.Edge, "/revocations/stats")).Body);
            Assert.Equal(1_000_001, stats.RootElement.GetProperty("token_ids").GetInt32());
            Assert.InRange(stats.RootElement.GetProperty("memory_bytes").GetInt64(), 1, 24_000_000);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<int> CacheEntriesAsync(JwtCaseGateway gateway)
    {
        using var stats = JsonDocument.Parse((await AuthGateway.AdminGetAsync(gateway.Edge, "/revocations/stats")).Body);
        return stats.RootElement.GetProperty("jwt_cache").GetProperty("entries").GetInt32();
    }

    private static string CultureInfo(FormattableString s) => FormattableString.Invariant(s);
}
