using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security.Interop;

/// <summary>
/// Keys and tokens made by the <c>jose</c> npm package (an independent JOSE implementation), in one node
/// run per test class (xunit class fixture): for every algorithm a public JWK (with <c>kid</c>
/// "jose-&lt;alg&gt;", <c>alg</c> and <c>use</c>), a valid token, a token signed by another key under the same
/// kid, and for the public-key families a SubjectPublicKeyInfo PEM with a token of its own issuer
/// (<see cref="PemIssuer"/>). Token times are around <see cref="Now"/>; issuer <see cref="Issuer"/>,
/// subject alice, audience edge, scope read:order, a random jti.
/// </summary>
public sealed class JoseMinted : IAsyncLifetime
{
    public const long Now = 1_800_000_000;
    public const string Issuer = "https://jose.test";

    /// <summary>Every algorithm jose mints here; EdDSA (Ed25519) is the one Edge cannot verify.</summary>
    public static readonly string[] Algorithms =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "EdDSA"];

    /// <summary>The algorithms Edge verifies (docs/security.md: no Ed25519 in the BCL).</summary>
    public static readonly string[] Supported = [.. Algorithms.Where(a => a != "EdDSA")];

    // One RSA pair serves RS* and PS*, one pair per curve its ES*: key generation dominates the run.
    private const string Script = """
        const jose = require('jose');
        const crypto = require('crypto');
        (async () => {
          const now = Number(process.argv[1]);
          const iss = process.argv[2];
          const algs = process.argv[3].split(',');
          const out = { jwks: { keys: [] }, pem: {}, tokens: {} };
          const pairs = {};
          const family = alg => alg.startsWith('RS') || alg.startsWith('PS') ? 'RSA' : alg;
          const pairFor = async (alg, n) => {
            const id = family(alg) + '/' + n;
            if (!pairs[id]) pairs[id] = await jose.generateKeyPair(family(alg) === 'RSA' ? 'RS256' : alg, { extractable: true, modulusLength: 2048 });
            return pairs[id];
          };
          const mint = (alg, kid, key, issuer) => new jose.SignJWT({ scope: 'read:order' })
            .setProtectedHeader({ alg, kid, typ: 'JWT' })
            .setIssuer(issuer).setSubject('alice').setAudience('edge').setJti(crypto.randomUUID())
            .setIssuedAt(now - 10).setNotBefore(now - 10).setExpirationTime(now + 3600)
            .sign(key);
          for (const alg of algs) {
            const kid = 'jose-' + alg;
            let key, other, jwk, pemToken = null;
            if (alg.startsWith('HS')) {
              key = await jose.generateSecret(alg, { extractable: true });
              other = await jose.generateSecret(alg, { extractable: true });
              jwk = await jose.exportJWK(key);
            } else {
              const pair = await pairFor(alg, 1);
              key = pair.privateKey;
              other = (await pairFor(alg, 2)).privateKey;
              jwk = await jose.exportJWK(pair.publicKey);
              out.pem[family(alg)] = await jose.exportSPKI(pair.publicKey);
              pemToken = await mint(alg, kid, key, iss + '/pem/' + family(alg));
            }
            Object.assign(jwk, { kid, alg, use: 'sig' });
            out.jwks.keys.push(jwk);
            out.tokens[alg] = { valid: await mint(alg, kid, key, iss), wrongKey: await mint(alg, kid, other, iss), pem: pemToken };
          }
          process.stdout.write(JSON.stringify(out));
        })().catch(e => { console.error(e.stack || String(e)); process.exit(1); });
        """;

    private JsonDocument? _output;

    private JsonElement Root => _output?.RootElement ?? throw new InvalidOperationException("not minted yet");

    public async Task InitializeAsync()
    {
        // build/install-deps.sh installs node and tests/node/node_modules (jose): both are required here.
        Assert.True(Node.ModulesDirectory is not null, "tests/node/node_modules is missing: run build/install-deps.sh");
        var result = await Node.RunAsync(Script, Now.ToString(System.Globalization.CultureInfo.InvariantCulture), Issuer, string.Join(",", Algorithms));
        Assert.True(result is not null, "node is not installed: run build/install-deps.sh");
        Assert.True(result!.ExitCode == 0, $"jose mint script failed ({result.ExitCode}): {result.StdErr}");
        _output = JsonDocument.Parse(result.StdOut);
    }

    public Task DisposeAsync()
    {
        _output?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The JWKS with every key jose exported, EdDSA's OKP key included.</summary>
    public string JwksWithEveryKey => Root.GetProperty("jwks").GetRawText();

    /// <summary>The JWKS without the OKP key (Edge refuses a key file with a key it cannot use).</summary>
    public string Jwks(params string[] algorithms)
    {
        var keys = Root.GetProperty("jwks").GetProperty("keys").EnumerateArray()
            .Where(k => (algorithms.Length == 0 ? Supported : algorithms).Contains(k.GetProperty("alg").GetString()))
            .Select(k => k.GetRawText());
        return "{\"keys\":[" + string.Join(",", keys) + "]}";
    }

    public string Valid(string alg) => Token(alg, "valid");

    /// <summary>Same claims and kid, signed by another key of the same kind.</summary>
    public string WrongKey(string alg) => Token(alg, "wrongKey");

    /// <summary>A token of <see cref="PemIssuer"/>(family), signed with the key in <see cref="Pem"/>(family).</summary>
    public string PemToken(string alg) => Token(alg, "pem");

    /// <summary>"RSA" for RS*/PS*, else the algorithm (each curve has its own key).</summary>
    public static string Family(string alg) => alg.StartsWith("RS", StringComparison.Ordinal) || alg.StartsWith("PS", StringComparison.Ordinal) ? "RSA" : alg;

    public static string PemIssuer(string family) => Issuer + "/pem/" + family;

    /// <summary>The public key of a family as a SubjectPublicKeyInfo PEM.</summary>
    public string Pem(string family) => Root.GetProperty("pem").GetProperty(family).GetString()!;

    /// <summary>The token with its payload re-encoded after changing sub (alice → admin); header and signature kept.</summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        var changed = payload.Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal);
        Assert.NotEqual(payload, changed);
        return $"{parts[0]}.{JwtKit.B64(changed)}.{parts[2]}";
    }

    private string Token(string alg, string kind) =>
        Root.GetProperty("tokens").GetProperty(alg).GetProperty(kind).GetString() ?? throw new InvalidOperationException($"no {kind} token for {alg}");
}
