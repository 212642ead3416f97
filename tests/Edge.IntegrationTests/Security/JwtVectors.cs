using System.Text.Json;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// The shared JWT conformance vectors (shared/conformance/jwt/vectors.json), read at run time from
/// <c>$EDGE_CONFORMANCE_DIR/jwt</c> or the nearest <c>shared/conformance/jwt</c> above the tests.
/// RFC 7515 A.1 is an HS256 JWT from "joe" that expired at 1300819380: with a clock just before that,
/// it is valid, so its derived negatives (<c>~alg-none</c>, <c>~unknown-crit</c>) fail for their own reason.
/// </summary>
internal static class JwtVectors
{
    public const long A1ValidAt = 1_300_819_000;

    public static (string Token, string Jwk) Get(string id)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory(), "vectors.json")));
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (v.GetProperty("id").GetString() == id) return (v.GetProperty("token").GetString()!, v.GetProperty("jwk").GetRawText());
        }
        throw new KeyNotFoundException(id);
    }

    /// <summary>An extra issuer table for "joe" with A.1's key, for <see cref="JwtCaseGateway.StartAsync"/>.</summary>
    public static string JoeIssuer(string jwksPath) => $"{{ issuer = \"joe\", jwks = \"{jwksPath}\" }},";

    private static string Directory()
    {
        var env = Environment.GetEnvironmentVariable("EDGE_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(env)) return Path.Combine(Path.GetFullPath(env), "jwt");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "jwt");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("JWT vectors not found: set EDGE_CONFORMANCE_DIR or put shared/conformance beside the repository");
    }
}
