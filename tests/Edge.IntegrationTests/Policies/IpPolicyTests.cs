using Edge.IntegrationTests.Kit;
using static Edge.IntegrationTests.Policies.AuthGateway;

namespace Edge.IntegrationTests.Policies;

/// <summary>
/// IP allow/deny lists (403, 900805), per API and per listener, checked before anything else: before
/// credentials, and for a listener before routing (a refused client gets 403 even for unknown paths).
/// The test client is 127.0.0.1.
/// </summary>
public sealed class IpPolicyTests
{
    [Theory]
    [InlineData("ip_deny = [\"127.0.0.0/8\"]", 403)]
    [InlineData("ip_allow = [\"10.0.0.0/8\", \"::1\"]", 403)]
    [InlineData("ip_allow = [\"127.0.0.1\"]", 200)]
    [InlineData("ip_allow = [\"0.0.0.0/0\"]\nip_deny = [\"127.0.0.2\"]", 200)]
    public async Task ApiLists(string keys, int status)
    {
        await using var backend = new TestBackend();
        await using var edge = await AuthGateway.StartAsync(backend, "", Api("ip", "/ip", keys));

        var response = await GetAsync(edge, "/ip/x");

        Assert.Equal(status, response.Status);
        if (status == 403)
        {
            Assert.Equal(900805, FaultCode(response.Body));
            Assert.Empty(backend.Requests);
        }
    }

    [Fact]
    public async Task ApiDeny_ComesBeforeCredentials()
    {
        await using var backend = new TestBackend();
        await using var edge = await AuthGateway.StartAsync(backend, "[[auth.api_keys]]\nname = \"k\"\nsha256 = \"" + new string('a', 64) + "\"", Api("ip", "/ip", "security = [\"api_key\"]\nip_deny = [\"127.0.0.1\"]"));

        var response = await GetAsync(edge, "/ip/x");

        Assert.Equal((403, 900805), (response.Status, FaultCode(response.Body)));
    }

    [Fact]
    public async Task ListenerDeny_RefusesEveryPath_BeforeRouting()
    {
        await using var backend = new TestBackend();
        await using var edge = await AuthGateway.StartAsync(backend, "", Api("open", "/open", ""), listenerKeys: "ip_deny = [\"127.0.0.1/32\"]");

        var routed = await GetAsync(edge, "/open/x");
        var unknown = await GetAsync(edge, "/nowhere");

        Assert.Equal((403, 900805), (routed.Status, FaultCode(routed.Body)));
        Assert.Equal((403, 900805), (unknown.Status, FaultCode(unknown.Body)));
        Assert.Empty(backend.Requests);
        // The admin listener is not the listener's business.
        Assert.Equal(200, (await AdminGetAsync(edge, "/health")).Status);
    }

    [Fact]
    public async Task ListenerAllow_LetsLoopbackIn()
    {
        await using var backend = new TestBackend();
        await using var edge = await AuthGateway.StartAsync(backend, "", Api("open", "/open", ""), listenerKeys: "ip_allow = [\"127.0.0.0/8\", \"::1\"]");

        Assert.Equal(200, (await GetAsync(edge, "/open/x")).Status);
    }
}
