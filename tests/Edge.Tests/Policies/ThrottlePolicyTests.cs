using System.Net;
using Edge.Http;
using Edge.Policies;
using Edge.Tests.Security;

namespace Edge.Tests.Policies;

/// <summary>
/// The throttle step of a compiled route, on hand-built requests and the kit's manual clock (time only
/// moves when a test moves it): each key kind, several limits, the RateLimit fields, a missing key part,
/// subscription tiers from a claim, state across a reload, and the compiler's refusals.
/// </summary>
public sealed class ThrottlePolicyTests : IDisposable
{
    private const string Tiers = "[throttle.tiers]\nTwo = \"2/min\"\nThree = \"3/min\"\nMany = \"1000/min\"\nFree = \"Unlimited\"\n";

    private readonly PolicyKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private static string Config(string apiKeys, string resources = "  [[apis.resources]]\n  path = \"/*\"\n", string throttle = "") =>
        PolicyKit.Config(throttle + Tiers + $"[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"u\"\n{apiKeys}\n{resources}");

    private static string Bearer(string claims) => "Authorization: Bearer " + TestTokens.Token("RS256", "rsa", TestTokens.Claims(claims));

    /// <summary>Runs <paramref name="count"/> identical requests and returns how many were allowed.</summary>
    private static int Allowed(Edge.Snapshot.RuntimeSnapshot snapshot, int count, Func<Exchange> request, int route = 0)
    {
        var allowed = 0;
        for (var i = 0; i < count; i++)
        {
            if (PolicyKit.Run(snapshot, request(), route) == PolicyVerdict.Allow) allowed++;
        }
        return allowed;
    }

    [Fact]
    public void ApiKey_OneBucketForTheWholeApi_ThenRefused429WithFields()
    {
        var snapshot = _kit.Load(Config("throttle = { tier = \"Two\" }"));

        Assert.Equal(2, Allowed(snapshot, 2, () => PolicyKit.Request("GET /a/x")));
        var refused = PolicyKit.Request("GET /a/y");

        Assert.Equal(PolicyVerdict.Throttled, PolicyKit.Run(snapshot, refused));
        Assert.Equal("throttled", refused.PolicyReason);
        Assert.Equal(900800, RoutePolicies.FaultFor(PolicyVerdict.Throttled).Code);
        Assert.Equal(429, RoutePolicies.FaultFor(PolicyVerdict.Throttled).Status);
        Assert.Equal("30", PolicyKit.Added(refused.ResponseFields, "Retry-After"));
        Assert.Equal("\"Two\";q=2;w=60", PolicyKit.Added(refused.ResponseFields, "RateLimit-Policy"));
        Assert.Equal("\"Two\";r=0;t=30", PolicyKit.Added(refused.ResponseFields, "RateLimit"));
    }

    [Fact]
    public void Refill_AfterThePeriodShare_AdmitsAgain()
    {
        var snapshot = _kit.Load(Config("throttle = { tier = \"Two\" }"));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x")));

        _kit.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x")));
    }

    [Fact]
    public void AllowedResponses_CarryFields_OnlyWhenTheApiAsks()
    {
        var quiet = _kit.Load(Config("throttle = { tier = \"Three\" }"));
        var plain = PolicyKit.Request("GET /a/x");
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(quiet, plain));
        Assert.Equal("(absent)", PolicyKit.Added(plain.ResponseFields, "RateLimit"));

        var loud = _kit.Load(Config("rate_limit_headers = true\nthrottle = { tier = \"Three\", name = \"per-api\" }"));
        var told = PolicyKit.Request("GET /a/x");
        Assert.Equal(PolicyVerdict.Allow, PolicyKit.Run(loud, told));
        Assert.Equal("\"per-api\";q=3;w=60", PolicyKit.Added(told.ResponseFields, "RateLimit-Policy"));
        Assert.Equal("\"per-api\";r=2;t=20", PolicyKit.Added(told.ResponseFields, "RateLimit"));
        Assert.Equal("(absent)", PolicyKit.Added(told.ResponseFields, "Retry-After"));
        // The upstream's own RateLimit fields are replaced, not duplicated.
        Assert.True(PolicyKit.Removed(told.ResponseFields, "RateLimit"));
        Assert.True(PolicyKit.Removed(told.ResponseFields, "RateLimit-Policy"));
    }

    [Fact]
    public void ResourceKey_OneBucketPerResource()
    {
        var resources = "  [[apis.resources]]\n  path = \"/r1\"\n  [[apis.resources]]\n  path = \"/r2\"\n";
        var snapshot = _kit.Load(Config("throttle = { tier = \"Two\", key = \"resource\" }", resources));

        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/r1"), route: 0));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/r2"), route: 1));
    }

    [Fact]
    public void ResourceEntries_AddToTheApis_BothMustPass()
    {
        var resources = "  [[apis.resources]]\n  path = \"/r1\"\n  throttle = { tier = \"Two\" }\n  [[apis.resources]]\n  path = \"/r2\"\n";
        var snapshot = _kit.Load(Config("throttle = { tier = \"Three\" }", resources));

        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/r1"), route: 0));
        // The refused third request took nothing from the API bucket: one is left for r2.
        Assert.Equal(1, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/r2"), route: 1));
    }

    [Fact]
    public void IpKey_PerClientAddress_IPv6ByItsSlash64()
    {
        var snapshot = _kit.Load(Config("throttle = { tier = \"Two\", key = \"ip\" }"));

        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("192.0.2.1"))));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("192.0.2.2"))));
        Assert.Equal(2, Allowed(snapshot, 1, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("2001:db8:1:2::1")))
                      + Allowed(snapshot, 2, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("2001:db8:1:2:ffff::9"))));
        Assert.Equal(1, Allowed(snapshot, 1, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("2001:db8:1:3::1"))));
    }

    [Fact]
    public void IpKey_Ipv6Prefix_IsConfigurable()
    {
        var snapshot = _kit.Load(Config("throttle = { tier = \"Two\", key = \"ip\" }", throttle: "[throttle]\nipv6_prefix = 128\n"));

        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("2001:db8::1"))));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("2001:db8::2"))));
    }

    [Fact]
    public void HeaderKey_PerValue_MissingShared()
    {
        var snapshot = _kit.Load(Config("throttle = { tier = \"Two\", key = \"header:X-Client\" }"));

        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", "X-Client: one")));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", "x-client: two")));
        // Requests without the field share one bucket ("shared", the default).
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x")));
    }

    [Fact]
    public void QueryKey_PerValue_MissingSkipped()
    {
        var snapshot = _kit.Load(Config("throttle = { tier = \"Two\", key = \"query:key\", when_missing = \"skip\" }"));

        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x?key=one&b=1")));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x?a=1&key=two")));
        Assert.Equal(5, Allowed(snapshot, 5, () => PolicyKit.Request("GET /a/x?other=1")));
    }

    [Fact]
    public void ClaimKey_PerSubject()
    {
        var snapshot = _kit.Load(Config("security = [\"jwt\"]\nthrottle = { tier = \"Two\", key = \"claim:client\" }"));

        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", Bearer("\"client\":\"one\""))));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", Bearer("\"client\":\"two\""))));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", Bearer("\"client\":2"))));
    }

    [Fact]
    public void CombinedKey_ClaimAndIp_EachPairItsOwnBucket()
    {
        var snapshot = _kit.Load(Config("security = [\"jwt\"]\nthrottle = { tier = \"Two\", key = \"claim:client+ip\" }"));

        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("192.0.2.1"), Bearer("\"client\":\"one\""))));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("192.0.2.2"), Bearer("\"client\":\"one\""))));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", IPAddress.Parse("192.0.2.1"), Bearer("\"client\":\"two\""))));
    }

    [Fact]
    public void Subscription_TierFromClaim_PerApplication_DefaultTier_Unlimited()
    {
        var snapshot = _kit.Load(Config("security = [\"jwt\"]\nsubscription_throttle = true", throttle: "[throttle]\ndefault_tier = \"Two\"\n"));

        Assert.Equal(3, Allowed(snapshot, 5, () => PolicyKit.Request("GET /a/x", Bearer("\"tier\":\"Three\",\"azp\":\"app1\""))));
        Assert.Equal(3, Allowed(snapshot, 5, () => PolicyKit.Request("GET /a/x", Bearer("\"tier\":\"Three\",\"azp\":\"app2\""))));
        // No tier claim, or an unknown tier: the default tier.
        Assert.Equal(2, Allowed(snapshot, 5, () => PolicyKit.Request("GET /a/x", Bearer("\"azp\":\"app3\""))));
        Assert.Equal(2, Allowed(snapshot, 5, () => PolicyKit.Request("GET /a/x", Bearer("\"tier\":\"Platinum\",\"azp\":\"app4\""))));
        Assert.Equal(10, Allowed(snapshot, 10, () => PolicyKit.Request("GET /a/x", Bearer("\"tier\":\"Free\",\"azp\":\"app5\""))));
        var refused = PolicyKit.Request("GET /a/x", Bearer("\"tier\":\"Three\",\"azp\":\"app1\""));
        Assert.Equal(PolicyVerdict.Throttled, PolicyKit.Run(snapshot, refused));
        Assert.Equal("\"Three\";q=3;w=60", PolicyKit.Added(refused.ResponseFields, "RateLimit-Policy"));
    }

    [Fact]
    public void Subscription_WithoutDefaultTier_NoTierMeansNoSubscriptionLimit()
    {
        var snapshot = _kit.Load(Config("security = [\"jwt\"]\nsubscription_throttle = true"));

        Assert.Equal(10, Allowed(snapshot, 10, () => PolicyKit.Request("GET /a/x", Bearer("\"azp\":\"app\""))));
    }

    [Fact]
    public void UnlimitedTier_AppliesNoLimit()
    {
        var snapshot = _kit.Load(Config("throttle = { tier = \"Free\" }"));

        Assert.Null(snapshot.Routes[0].Policies);
    }

    [Fact]
    public void Reload_UnchangedDefinition_KeepsTheBuckets_ChangedOneStartsFull()
    {
        var toml = Config("throttle = [{ tier = \"Two\" }, { tier = \"Many\", key = \"ip\" }]");
        var first = _kit.Load(toml);
        Assert.Equal(2, Allowed(first, 3, () => PolicyKit.Request("GET /a/x")));

        var same = _kit.Load(toml + "\n# an unrelated edit\n", first);
        Assert.Equal(0, Allowed(same, 1, () => PolicyKit.Request("GET /a/x")));
        Assert.Equal(2, same.Throttle!.Registry.Carried);
        Assert.Same(first.Throttle!.Clock, same.Throttle.Clock);

        var changed = _kit.Load(toml.Replace("{ tier = \"Two\" }", "{ tier = \"Three\" }"), same);
        Assert.Equal(3, Allowed(changed, 4, () => PolicyKit.Request("GET /a/x")));
        Assert.Equal(1, changed.Throttle!.Registry.Carried);
    }

    [Fact]
    public void Counters_AreReadableFromTheRegistry()
    {
        var snapshot = _kit.Load(Config("throttle = { tier = \"Many\", key = \"header:x-k\" }"));
        for (var i = 0; i < 5; i++) PolicyKit.Run(snapshot, PolicyKit.Request("GET /a/x", "x-k: " + i));

        var (key, table) = Assert.Single(snapshot.Throttle!.Registry.Tables);
        Assert.Equal("api:a#0", key.Scope);
        Assert.Equal(5, table.Counters.Inserts);
        Assert.Equal(5, table.Count);
    }

    [Fact]
    public void TooManyLimits_IsRefusedAtTheKey()
    {
        var nine = string.Join(", ", Enumerable.Range(0, 9).Select(i => $"{{ tier = \"Many\", key = \"header:h{i}\" }}"));
        var errors = _kit.Errors(Config($"throttle = [{nine}]"));

        Assert.Contains(errors, e => e.Contains("apis[0].throttle: 9 limits would apply to one request", StringComparison.Ordinal));
    }

    [Fact]
    public void UnrepresentableTier_IsRefusedAtTheTier()
    {
        var errors = _kit.Errors(PolicyKit.Config("[throttle.tiers]\nOdd = { rate = \"999999999/s\", burst = 1 }\n"));

        Assert.Contains(errors, e => e.Contains("throttle.tiers.Odd: tier \"Odd\"", StringComparison.Ordinal) && e.Contains("raise the burst", StringComparison.Ordinal));
    }

    [Fact]
    public void Order_ThrottleRunsAfterAuthentication_RefusedCredentialsTakeNoToken()
    {
        var snapshot = _kit.Load(Config("security = [\"jwt\"]\nthrottle = { tier = \"Two\" }"));

        Assert.Equal(0, Allowed(snapshot, 5, () => PolicyKit.Request("GET /a/x")));
        Assert.Equal(2, Allowed(snapshot, 3, () => PolicyKit.Request("GET /a/x", Bearer("\"x\":1"))));
    }

    [Fact]
    public void Chain_WithKeyedLimits_Subscription_AndFields_AllocatesNothingPerRequest()
    {
        var snapshot = _kit.Load(Config("security = [\"jwt\"]\nsubscription_throttle = true\nrate_limit_headers = true\nthrottle = [{ tier = \"Many\" }, { tier = \"Many\", key = \"claim:sub+ip+header:x-k+query:q\" }]"));
        var exchange = PolicyKit.Request("GET /a/x?q=1", IPAddress.Parse("2001:db8::7"), Bearer("\"tier\":\"Many\",\"azp\":\"app\""), "x-k: v");
        var policies = snapshot.Routes[0].Policies!;
        var client = ClientAddresses.Resolve(exchange, Edge.Throttling.TrustedProxies.None);

        PolicyVerdict Once()
        {
            exchange.ResponseFields.Reset();
            exchange.UpstreamFields.Reset();
            return policies.Evaluate(exchange, client, out _);
        }

        Assert.Equal(PolicyVerdict.Allow, Once()); // caches the token, inserts the keys
        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = 0;
        for (var i = 0; i < 200; i++)
        {
            if (Once() == PolicyVerdict.Allow) allowed++;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(200, allowed);
        Assert.Equal(0, allocated);
    }
}
