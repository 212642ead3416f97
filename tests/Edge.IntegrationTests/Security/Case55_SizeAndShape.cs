using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 55: a 100 KB token → 431 at the head limit, before any decoding; a token over the
/// 8 KiB JWT cap → 401 without parsing; five segments (JWE) → 401, never decrypted; <c>=</c>, <c>+</c>,
/// <c>/</c>, whitespace, empty segments, duplicate header keys, JSON nested 10,000 deep, non-UTF-8 → 401,
/// on a bounded stack.
/// </summary>
public sealed class Case55_SizeAndShape
{
    [Fact]
    public async Task HundredKilobyteToken_Is431_AtTheHeadLimit()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        using var client = gateway.Edge.Connect();

        await client.SendAsync($"GET /echo/x HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer {new string('a', 100 * 1024)}\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(431, response!.Status);
        Assert.Empty(gateway.Backend.Requests);
    }

    [Fact]
    public async Task OverTheJwtCap_Is401_EvenWhenValid()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var big = gateway.Kit.Token(claims: gateway.Claims($"\"pad\":\"{new string('p', 8 * 1024)}\""));
        Assert.InRange(big.Length, 8 * 1024 + 1, 16 * 1024);

        await gateway.AssertRefusedAsync(big, "a signed token over 8 KiB");
        await gateway.AssertAcceptedAsync(gateway.Kit.Token(claims: gateway.Claims($"\"pad\":\"{new string('p', 4 * 1024)}\"")), "control: 5.5 KiB");
    }

    [Fact]
    public async Task MalformedShapes_Are401()
    {
        await using var gateway = await JwtCaseGateway.StartAsync();
        var valid = gateway.Kit.Token();
        var p = valid.Split('.');
        string Signed(string header, string payload) => JwtKit.Sign(header, payload, "RS256");

        var cases = new (string Token, string What)[]
        {
            ($"{p[0]}.{p[1]}.{p[2]}.{p[2]}.{p[2]}", "five segments (JWE)"),
            ("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", "a JWE header"),
            ($"{p[0]}.{p[1]}", "two segments"),
            ($"{p[0]}.{p[1]}.{p[2]}.", "four segments"),
            ($"{p[0]}=.{p[1]}.{p[2]}", "padding"),
            ($"{p[0]}.{p[1]}.{p[2]}==", "padded signature"),
            ($"{p[0]}.{p[1]}.{p[2].Replace('-', '+').Replace('_', '/')}+/", "standard base64 characters"),
            ($"{p[0]}.{p[1][..10]} {p[1][10..]}.{p[2]}", "whitespace inside"),
            ($"{p[0]}..{p[2]}", "empty payload"),
            ($".{p[1]}.{p[2]}", "empty header"),
            ($"{p[0]}.{p[1]}.", "empty signature"),
            ("..", "all empty"),
            (Signed("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"kid\":\"rsa\"}", gateway.Claims()), "duplicate header key"),
            (Signed("{\"alg\":\"RS256\",\"kid\":\"rsa\",\"\\u0061lg\":\"RS256\"}", gateway.Claims()), "duplicate key, escaped"),
            (Signed(JwtKit.Header("RS256", "rsa"), gateway.Claims().Replace("\"sub\":\"alice\"", "\"sub\":\"alice\",\"sub\":\"admin\"", StringComparison.Ordinal)), "duplicate claim"),
            (Signed(JwtKit.Header("RS256", "rsa"), gateway.Claims($"\"deep\":{new string('[', 10_000)}{new string(']', 10_000)}")), "payload nested 10,000 deep"),
            (JwtKit.B64(Encoding.UTF8.GetBytes(new string('[', 10_000))) + "." + p[1] + "." + p[2], "header nested 10,000 deep"),
            (JwtKit.B64(JwtKit.Header("RS256", "rsa")) + "." + JwtKit.B64([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]) + "." + p[2], "non-UTF-8 payload"),
            ("[]." + p[1] + "." + p[2], "not base64url"),
            (JwtKit.B64("[\"alg\",\"RS256\"]") + "." + p[1] + "." + p[2], "header not an object"),
            (JwtKit.B64(JwtKit.Header("RS256", "rsa")) + "." + JwtKit.B64("\"just text\"") + "." + p[2], "payload not an object"),
        };
        foreach (var (token, what) in cases) await gateway.AssertRefusedAsync(token, what);
        await gateway.AssertAcceptedAsync(valid, "control");
    }
}
