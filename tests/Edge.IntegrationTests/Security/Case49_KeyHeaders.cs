using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 49: <c>jku</c>, <c>x5u</c>, an embedded <c>jwk</c> (CVE-2018-0114), <c>x5c</c> → never
/// trusted: 401 unless a configured key signed the token. A listener at the URLs they name receives no
/// connection (RFC 8725 §3.10). (SECURITY.md names 127.0.0.1:9; a free port stands in for it.)
/// </summary>
public sealed class Case49_KeyHeaders
{
    [Fact]
    public async Task KeysNamedByTheToken_AreNeverFetchedOrTrusted()
    {
        using var trap = new TcpListener(IPAddress.Loopback, 0);
        trap.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)trap.LocalEndpoint).Port}/jwks.json";
        var connections = 0;
        using var stop = new CancellationTokenSource();
        var accept = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var c = await trap.AcceptTcpClientAsync(stop.Token);
                    Interlocked.Increment(ref connections);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        await using var gateway = await JwtCaseGateway.StartAsync();
        var claims = gateway.Claims();
        var attackerJwk = JwtKit.RsaJwk(JwtKit.Attacker, "attacker");
        using var attackerCert = new CertificateRequest("CN=attacker", JwtKit.Attacker, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var x5c = Convert.ToBase64String(attackerCert.RawData);

        foreach (var (header, what) in new[]
        {
            ($"{{\"alg\":\"RS256\",\"kid\":\"attacker\",\"jku\":\"{url}\"}}", "jku"),
            ($"{{\"alg\":\"RS256\",\"jku\":\"{url}\"}}", "jku without kid"),
            ($"{{\"alg\":\"RS256\",\"kid\":\"attacker\",\"x5u\":\"{url}\"}}", "x5u"),
            ($"{{\"alg\":\"RS256\",\"jwk\":{attackerJwk}}}", "embedded jwk"),
            ($"{{\"alg\":\"RS256\",\"kid\":\"rsa\",\"jwk\":{attackerJwk}}}", "embedded jwk with a configured kid"),
            ($"{{\"alg\":\"RS256\",\"x5c\":[\"{x5c}\"]}}", "x5c"),
            ($"{{\"alg\":\"RS256\",\"kid\":\"rsa\",\"x5c\":[\"{x5c}\"]}}", "x5c with a configured kid"),
        })
        {
            await gateway.AssertRefusedAsync(JwtKit.Sign(header, claims, "RS256", JwtKit.Attacker), what + ", signed by the attacker");
        }

        // The same headers on a token the configured key signed: ignored, so it passes.
        await gateway.AssertAcceptedAsync(JwtKit.Sign($"{{\"alg\":\"RS256\",\"kid\":\"rsa\",\"jku\":\"{url}\",\"x5u\":\"{url}\"}}", claims, "RS256"), "jku/x5u on a genuine token");

        await Task.Delay(200);
        stop.Cancel();
        trap.Stop();
        await accept;
        Assert.Equal(0, Volatile.Read(ref connections));
    }
}
