using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 52: a wrong iss, issuer A's token signed with issuer B's key (and the reverse), no
/// aud, or aud "edgex" → 401; aud ["x","edge"] → 200; typ checked when the issuer configures it
/// (RFC 8725 §3.8, §3.9, §3.11–3.12).
/// </summary>
public sealed class Case52_IssuerAudienceType
{
    [Fact]
    public async Task IssuerAndAudience()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var kit = gateway.Kit;
        string RsA(string claims) => JwtKit.Sign(JwtKit.Header("RS256", "rsa"), claims, "RS256");

        await gateway.AssertAcceptedAsync(RsA(kit.Claims()), "control");
        await gateway.AssertRefusedAsync(RsA(kit.Claims(issuer: "https://evil.test")), "unknown iss");
        await gateway.AssertRefusedAsync(RsA(kit.Claims(issuer: "https://KM.test")), "iss in another case");
        await gateway.AssertRefusedAsync(RsA(kit.Claims(issuer: JwtKit.Issuer + "/")), "iss with a trailing slash");
        await gateway.AssertRefusedAsync(RsA(kit.Claims().Replace($"\"iss\":\"{JwtKit.Issuer}\",", "", StringComparison.Ordinal)), "no iss");
        await gateway.AssertRefusedAsync(JwtKit.Sign(JwtKit.Header("RS256", "rsa-b"), kit.Claims(), "RS256", JwtKit.RsaB), "issuer A's claims, issuer B's key");
        await gateway.AssertRefusedAsync(RsA(kit.Claims(issuer: JwtKit.IssuerB)), "issuer B's claims, issuer A's key");
        await gateway.AssertAcceptedAsync(JwtKit.Sign(JwtKit.Header("RS256", "rsa-b"), kit.Claims(issuer: JwtKit.IssuerB), "RS256", JwtKit.RsaB), "control: issuer B");

        await gateway.AssertRefusedAsync(RsA(kit.Claims().Replace("\"aud\":\"edge\",", "", StringComparison.Ordinal)), "no aud");
        await gateway.AssertRefusedAsync(RsA(kit.Claims(aud: "\"edgex\"")), "aud edgex");
        await gateway.AssertRefusedAsync(RsA(kit.Claims(aud: "\"Edge\"")), "aud Edge");
        await gateway.AssertRefusedAsync(RsA(kit.Claims(aud: "[]")), "aud []");
        await gateway.AssertAcceptedAsync(RsA(kit.Claims(aud: "[\"x\",\"edge\"]")), "aud [x, edge]");
    }

    [Fact]
    public async Task Type_WhenConfigured()
    {
        await using var gateway = await JwtCaseGateway.StartAsync(issuerAExtra: ", typ = \"at+jwt\"");
        var claims = gateway.Claims();
        string Typed(string? typ) => JwtKit.Sign(JwtKit.Header("RS256", "rsa", typ is null ? null : $"\"typ\":\"{typ}\""), claims, "RS256");

        await gateway.AssertAcceptedAsync(Typed("at+jwt"), "typ at+jwt");
        await gateway.AssertAcceptedAsync(Typed("application/at+JWT"), "typ application/at+JWT");
        await gateway.AssertRefusedAsync(Typed("JWT"), "typ JWT");
        await gateway.AssertRefusedAsync(Typed(null), "no typ");
        // Issuer B configures no typ: any or none.
        await gateway.AssertAcceptedAsync(JwtKit.Sign(JwtKit.Header("RS256", "rsa-b", "\"typ\":\"JWT\""), gateway.Kit.Claims(issuer: JwtKit.IssuerB), "RS256", JwtKit.RsaB), "issuer B, typ JWT");
    }
}
