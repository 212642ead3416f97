using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 51, with 60 s of skew on a test clock (the edges exactly): exp at now−61 → 401, at
/// now−59 → 200; nbf at now+61 → 401; iat beyond now+60 → 401; no exp, exp as a string, 1e30, negative
/// or a bool → 401 (RFC 7519 §4.1.4–4.1.6; Envoy's 60 s).
/// </summary>
public sealed class Case51_TimeWithSkew
{
    private const long Now = JwtCaseGateway.Now;

    private static string Claims(string times) =>
        $"{{\"iss\":\"{JwtKit.Issuer}\",\"sub\":\"alice\",\"aud\":\"edge\",\"jti\":\"{Guid.NewGuid()}\",{times}}}";

    [Theory]
    [InlineData("\"exp\":" + "1799999939", false)] // now − 61
    [InlineData("\"exp\":" + "1799999940", false)] // now − 60: exp + skew is not after now
    [InlineData("\"exp\":" + "1799999941", true)] // now − 59
    [InlineData("\"exp\":1800003600,\"nbf\":1800000061", false)] // nbf now + 61
    [InlineData("\"exp\":1800003600,\"nbf\":1800000059", true)] // nbf now + 59
    [InlineData("\"exp\":1800003600,\"iat\":1800000061", false)] // iat now + 61
    [InlineData("\"exp\":1800003600,\"iat\":1800000060", true)] // iat now + 60
    [InlineData("\"iat\":1799999990", false)] // no exp
    [InlineData("\"exp\":\"1800003600\"", false)]
    [InlineData("\"exp\":1e30", false)]
    [InlineData("\"exp\":-1", false)]
    [InlineData("\"exp\":true", false)]
    [InlineData("\"exp\":null", false)]
    [InlineData("\"exp\":1800003600.5", true)] // a NumericDate may have a fraction (RFC 7519 §2)
    [InlineData("\"exp\":1800003600,\"nbf\":\"soon\"", false)]
    public async Task TimeClaims_AtTheSkewEdges(string times, bool accepted)
    {
        Assert.Equal(1_800_000_000, Now);
        await using var gateway = await JwtCaseGateway.StartAsync();
        var token = JwtKit.Sign(JwtKit.Header("RS256", "rsa"), Claims(times), "RS256");

        if (accepted) await gateway.AssertAcceptedAsync(token, times);
        else await gateway.AssertRefusedAsync(token, times);
    }

    [Fact]
    public async Task CachedToken_ExpiresOnTheClock()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var token = JwtKit.Sign(JwtKit.Header("RS256", "rsa"), Claims($"\"exp\":{Now + 10}"), "RS256");
        await gateway.AssertAcceptedAsync(token, "fresh");

        gateway.Clock.Now = Now + 10 + 59;
        await gateway.AssertAcceptedAsync(token, "inside the skew");
        gateway.Clock.Now = Now + 10 + 60;
        await gateway.AssertRefusedAsync(token, "exp + skew reached, though cached");
    }
}
