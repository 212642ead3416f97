using System.Net;
using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Policies.AuthGateway;

namespace Edge.IntegrationTests.Policies;

/// <summary>
/// Throttling through real requests: each key kind (api, resource, ip — behind a trusted proxy and
/// spoofed from an untrusted one —, header, query, claim, a combination, the subscription tier from a
/// claim), the 429 with fault 900800, Retry-After and the RateLimit fields (JSON and XML, HTTP/1.1 and
/// h2c), quota fields on allowed responses, state across an admin reload, and a flood of unique keys
/// that stays within max_keys. Rates are per day so no token comes back during a test.
/// </summary>
public sealed class ThrottleTests : IDisposable
{
    private const string Tiers = "[throttle.tiers]\nTwo = \"2/day\"\nThree = \"3/day\"\nMany = \"100000/day\"\n";

    private readonly JwtKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private Task<EdgeTestServer> StartAsync(TestBackend backend, string apiKeys, string resources = "", string throttle = "", string listenerKeys = "") =>
        AuthGateway.StartAsync(backend, _kit.AuthJwt() + "\n" + throttle + "\n" + Tiers, Api("t", "/t", apiKeys, resources), listenerKeys: listenerKeys);

    /// <summary>Sends <paramref name="count"/> GETs and returns their statuses.</summary>
    private static async Task<int[]> StatusesAsync(EdgeTestServer edge, string path, int count, params (string Name, string Value)[] fields)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++) statuses[i] = (await GetAsync(edge, path, fields)).Status;
        return statuses;
    }

    private static int[] Expect(int allowed, int total) => [.. Enumerable.Repeat(200, allowed), .. Enumerable.Repeat(429, total - allowed)];

    [Fact]
    public async Task ApiKey_429_WithFault900800_RetryAfter_AndRateLimitFields_NothingReachesTheBackend()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "throttle = { tier = \"Two\" }");

        var first = await GetAsync(edge, "/t/x");
        Assert.Equal(200, first.Status);
        // Allowed responses carry no fields unless the API asks.
        Assert.Null(Header(first.Response, "RateLimit"));
        Assert.Equal(200, (await GetAsync(edge, "/t/x")).Status);
        var (status, body, response) = await GetAsync(edge, "/t/y");

        Assert.Equal(429, status);
        Assert.Equal(900800, FaultCode(body));
        Assert.Contains("Message throttled out", body, StringComparison.Ordinal);
        Assert.Equal("application/json; charset=UTF-8", Header(response, "Content-Type"));
        Assert.Equal("43200", Header(response, "Retry-After"));
        // Process-wide counter (other tests' gateways share it): it has counted this refusal at least.
        Assert.True((await MetricsScrape.GetAsync(edge)).Value("edge_throttled_total") >= 1);
        Assert.Equal("\"Two\";q=2;w=86400", Header(response, "RateLimit-Policy"));
        Assert.Equal("\"Two\";r=0;t=43200", Header(response, "RateLimit"));
        Assert.Equal(2, backend.Requests.Count);
    }

    [Fact]
    public async Task XmlErrors_429IsXml()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "errors = \"xml\"\nthrottle = { tier = \"Two\" }");

        await StatusesAsync(edge, "/t/x", 2);
        var (status, body, response) = await GetAsync(edge, "/t/x");

        Assert.Equal(429, status);
        Assert.StartsWith("application/xml", Header(response, "Content-Type"), StringComparison.Ordinal);
        Assert.Contains("900800", body, StringComparison.Ordinal);
        Assert.Equal("43200", Header(response, "Retry-After"));
    }

    [Fact]
    public async Task QuotaFields_OnAllowedResponses_WhenTheApiAsks_ReplacingTheUpstreams()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "rate_limit_headers = true\nthrottle = { tier = \"Three\", name = \"daily\" }");

        var first = await GetAsync(edge, "/t/x");
        var second = await GetAsync(edge, "/t/x");

        Assert.Equal(200, first.Status);
        Assert.Equal("\"daily\";q=3;w=86400", Header(first.Response, "RateLimit-Policy"));
        Assert.Equal("\"daily\";r=2;t=28800", Header(first.Response, "RateLimit"));
        Assert.Equal("\"daily\";r=1;t=57600", Header(second.Response, "RateLimit"));
    }

    [Fact]
    public async Task ResourceKey_AndResourceEntries_AddToTheApis()
    {
        await using var backend = new TestBackend();
        var resources = "  [[apis.resources]]\n  path = \"/r1\"\n  throttle = { tier = \"Two\" }\n  [[apis.resources]]\n  path = \"/r2\"\n";
        await using var edge = await StartAsync(backend, "throttle = { tier = \"Three\", key = \"resource\" }", resources);

        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/r1", 3));
        Assert.Equal(Expect(3, 4), await StatusesAsync(edge, "/t/r2", 4));
    }

    [Fact]
    public async Task IpKey_BehindATrustedProxy_IsTheForwardedClient()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "throttle = { tier = \"Two\", key = \"ip\" }", listenerKeys: "trusted_proxies = [\"127.0.0.0/8\"]");

        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x", 3, ("X-Forwarded-For", "203.0.113.5")));
        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x", 3, ("X-Forwarded-For", "6.6.6.6, 198.51.100.9")));
        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x", 3));
    }

    [Fact]
    public async Task IpKey_SpoofedForwardedFor_FromAnUntrustedPeer_IsIgnored()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "throttle = { tier = \"Two\", key = \"ip\" }");

        Assert.Equal(Expect(2, 2), await StatusesAsync(edge, "/t/x", 2, ("X-Forwarded-For", "203.0.113.5")));
        // Another forged address does not buy a new bucket: the key is the TCP peer.
        Assert.Equal(Expect(0, 2), await StatusesAsync(edge, "/t/x", 2, ("X-Forwarded-For", "203.0.113.6")));
    }

    [Fact]
    public async Task ApiIpRules_UseTheForwardedClient_ListenerRulesThePeer()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "ip_deny = [\"203.0.113.0/24\"]",
            listenerKeys: "trusted_proxies = [\"127.0.0.1/32\"]\nip_allow = [\"127.0.0.1/32\"]");

        var denied = await GetAsync(edge, "/t/x", ("X-Forwarded-For", "203.0.113.5"));
        Assert.Equal((403, 900805), (denied.Status, FaultCode(denied.Body)));
        Assert.Equal(200, (await GetAsync(edge, "/t/x", ("X-Forwarded-For", "198.51.100.1"))).Status);
    }

    [Fact]
    public async Task ApiIpRules_SpoofedForwardedFor_FromAnUntrustedPeer_IsIgnored()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "ip_allow = [\"203.0.113.0/24\"]");

        Assert.Equal(403, (await GetAsync(edge, "/t/x", ("X-Forwarded-For", "203.0.113.5"))).Status);
    }

    [Fact]
    public async Task HeaderAndQueryKeys_PerValue()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "throttle = [{ tier = \"Two\", key = \"header:X-Client\" }, { tier = \"Many\", key = \"query:k\", name = \"per-k\" }]");

        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x", 3, ("X-Client", "a")));
        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x?k=1", 3, ("X-Client", "b")));
        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x?k=2", 3, ("X-Client", "c")));
    }

    [Fact]
    public async Task QueryKey_PerValue_MissingSkipped()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "throttle = { tier = \"Two\", key = \"query:k\", when_missing = \"skip\" }");

        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x?k=1", 3));
        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x?a=b&k=2", 3));
        Assert.Equal(Expect(4, 4), await StatusesAsync(edge, "/t/x", 4));
    }

    [Fact]
    public async Task ClaimKey_AndClaimPlusIpCombination()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "security = [\"jwt\"]\nthrottle = [{ tier = \"Three\", key = \"claim:sub\" }, { tier = \"Two\", key = \"claim:client+ip\" }]");
        var one = Bearer(_kit.Token(claims: _kit.Claims("\"client\":\"one\"")));
        var two = Bearer(_kit.Token(claims: _kit.Claims("\"client\":\"two\"")));

        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x", 3, one));
        // Same subject (alice), another client: its own claim+ip bucket, but the subject's has one left.
        Assert.Equal(Expect(1, 2), await StatusesAsync(edge, "/t/x", 2, two));
        Assert.Equal(401, (await GetAsync(edge, "/t/x")).Status);
    }

    [Fact]
    public async Task SubscriptionTier_FromTheTokensClaim_PerApplication()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "security = [\"jwt\"]\nsubscription_throttle = true\nrate_limit_headers = true",
            throttle: "[throttle]\ntier_claim = \"tier\"\napplication_claim = \"azp\"\ndefault_tier = \"Two\"");
        var gold = Bearer(_kit.Token(claims: _kit.Claims("\"tier\":\"Three\",\"azp\":\"app1\"")));
        var other = Bearer(_kit.Token(claims: _kit.Claims("\"tier\":\"Three\",\"azp\":\"app2\"")));
        var none = Bearer(_kit.Token(claims: _kit.Claims("\"azp\":\"app3\"")));

        Assert.Equal(Expect(3, 4), await StatusesAsync(edge, "/t/x", 4, gold));
        Assert.Equal(Expect(3, 4), await StatusesAsync(edge, "/t/x", 4, other));
        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x", 3, none));
        var refused = await GetAsync(edge, "/t/x", gold);
        Assert.Equal("\"Three\";q=3;w=86400", Header(refused.Response, "RateLimit-Policy"));
    }

    [Fact]
    public async Task Http2Client_Gets429WithTheSameFields()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "throttle = { tier = \"Two\" }", listenerKeys: "protocols = [\"http1\", \"h2c\"]");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(edge.BaseUrl),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        var statuses = new List<int>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await client.GetAsync("/t/x");
            statuses.Add((int)last.StatusCode);
        }

        Assert.Equal(Expect(2, 3), statuses);
        Assert.Equal(HttpVersion.Version20, last!.Version);
        Assert.Equal(900800, FaultCode(await last.Content.ReadAsStringAsync()));
        Assert.Equal("43200", Header(last, "Retry-After"));
        Assert.Equal("\"Two\";r=0;t=43200", Header(last, "RateLimit"));
        last.Dispose();
    }

    [Fact]
    public async Task AdminReload_UnchangedLimit_KeepsItsState_ChangedLimitStartsFull()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "throttle = { tier = \"Two\" }");
        using var admin = Edge.IntegrationTests.Hosting.ReloadConfigs.Client(edge.AdminPort);
        Assert.Equal(Expect(2, 3), await StatusesAsync(edge, "/t/x", 3));

        await File.AppendAllTextAsync(edge.ConfigPath, "\n[[apis]]\nname = \"other\"\nbase_path = \"/other\"\nupstream = \"backend\"\n");
        var kept = await Edge.IntegrationTests.Hosting.ReloadConfigs.PostReloadAsync(admin);
        Assert.True(kept.Ok, string.Join("\n", kept.Errors));
        Assert.Equal(429, (await GetAsync(edge, "/t/x")).Status);
        Assert.Equal(1, edge.Server.Snapshots.Current.Throttle!.Registry.Carried);

        var text = await File.ReadAllTextAsync(edge.ConfigPath);
        await File.WriteAllTextAsync(edge.ConfigPath, text.Replace("throttle = { tier = \"Two\" }", "throttle = { tier = \"Three\" }", StringComparison.Ordinal));
        var changed = await Edge.IntegrationTests.Hosting.ReloadConfigs.PostReloadAsync(admin);
        Assert.True(changed.Ok, string.Join("\n", changed.Errors));
        Assert.Equal(Expect(3, 4), await StatusesAsync(edge, "/t/x", 4));
    }

    [Fact]
    public async Task FloodOfUniqueKeys_StaysWithinMaxKeys_AndEvictionIsCounted()
    {
        await using var backend = new TestBackend();
        await using var edge = await StartAsync(backend, "throttle = { tier = \"Two\", key = \"header:X-Client\" }", throttle: "[throttle]\nmax_keys = 64");
        using var client = edge.CreateClient();

        for (var i = 0; i < 400; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/t/x");
            request.Headers.TryAddWithoutValidation("X-Client", "flood-" + i);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (_, table) = Assert.Single(edge.Server.Snapshots.Current.Throttle!.Registry.Tables);
        Assert.InRange(table.Count, 1, 64);
        Assert.Equal(400, table.Counters.Inserts);
        Assert.True(table.Counters.EvictedIdle + table.Counters.EvictedActive >= 400 - 64);
        Assert.True(table.MemoryBytes <= table.MaxMemoryBytes);

        // The same, as an operator sees it on /metrics.
        var scrape = await MetricsScrape.GetAsync(edge);
        var limit = ("limit", edge.Server.Snapshots.Current.Throttle!.Registry.Tables[0].Key.Scope);
        Assert.InRange(scrape.Value("edge_throttle_keys", limit), 1, 64);
        Assert.True(scrape.Value("edge_throttle_evictions_total", limit) >= 400 - 64);
    }
}
