using System.Security.Cryptography;
using System.Text;
using Edge.Config.Model;
using Edge.Policies;
using Edge.Security;
using Edge.Security.ApiKeys;
using Edge.Security.Basic;
using Edge.Security.Jwt;
using Edge.Security.Jwt.Keys;
using Edge.Security.Revocation;

namespace Edge.Snapshot;

/// <summary>
/// Compiles <c>[auth]</c> into the snapshot's <see cref="SecurityContext"/> (docs/security.md, "Config →
/// types"), reading key and revocation files relative to the config file on every load. Every problem is
/// reported at the key that names the file, with the file's own <c>line:column</c> in the message
/// (<c>edge.toml:12:8: auth.jwt.issuers[0].jwks: keys/jwks.json:3:5: key 'k1': RSA key of 1024 bits…</c>).
/// What survives a reload: the revocation list always (entries of the <c>revoked</c> file are added on
/// every load; revocations are add-only), the JWT validator and its token cache when <c>[auth.jwt]</c> and
/// every key file are unchanged (so cached tokens keep answering), the API key and Basic stores when
/// their entries are unchanged (Basic's credential cache with them).
/// </summary>
internal static class SecurityCompiler
{
    public static SecurityContext Compile(EdgeConfig config, string baseDirectory, RuntimeSnapshot? previous, TimeProvider time,
        List<SnapshotProblem> problems, out SecurityInputs inputs)
    {
        var auth = config.Auth;
        var old = previous?.SecurityInputs;
        var oldContext = previous?.Security;
        var revocations = oldContext?.Revocations ?? new RevocationState(time);

        if (auth.Jwt?.Revoked is { } revokedPath) LoadRevocations(revokedPath, baseDirectory, revocations, time, problems);

        JwtValidator? validator = null;
        VerifiedJwtCache? cache = null;
        var keyHash = "";
        if (auth.Jwt is { Issuers.IsEmpty: false } jwt)
        {
            var files = ReadKeyFiles(jwt, baseDirectory, problems, out keyHash);
            if (files is not null)
            {
                if (old is not null && oldContext?.Jwt is { } kept && Equals(old.Jwt, jwt) && old.KeyHash == keyHash)
                {
                    validator = kept;
                    cache = oldContext.JwtCache;
                }
                else
                {
                    cache = jwt.CacheSize == 0 ? null
                        : oldContext?.JwtCache is { } c && old?.Jwt?.CacheSize == jwt.CacheSize ? c
                        : new VerifiedJwtCache(jwt.CacheSize);
                    validator = BuildValidator(jwt, files, revocations.List, cache, time, problems);
                }
            }
        }

        ApiKeyStore? apiKeys = null;
        if (!auth.ApiKeys.IsEmpty)
        {
            apiKeys = old is not null && oldContext?.ApiKeys is { } keptKeys && old.ApiKeys.Equals(auth.ApiKeys)
                ? keptKeys
                : BuildApiKeys(auth.ApiKeys, problems);
        }

        BasicUserStore? basic = null;
        if (!auth.BasicUsers.IsEmpty)
        {
            basic = old is not null && oldContext?.Basic is { } keptUsers && old.BasicUsers.Equals(auth.BasicUsers)
                && old.BasicCacheSize == auth.BasicCacheSize && old.BasicCacheTtl == auth.BasicCacheTtl
                ? keptUsers
                : BuildBasic(auth, time, problems);
        }

        inputs = new SecurityInputs(auth.Jwt, keyHash, auth.ApiKeys, auth.BasicUsers, auth.BasicCacheSize, auth.BasicCacheTtl);
        return new SecurityContext(revocations, validator, cache, apiKeys, basic, time);
    }

    private static string Resolve(string path, string baseDirectory) => Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);

    private static void LoadRevocations(string path, string baseDirectory, RevocationState revocations, TimeProvider time, List<SnapshotProblem> problems)
    {
        const string At = "auth.jwt.revoked";
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Resolve(path, baseDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(At, $"cannot read revocation file \"{path}\": {e.Message}"));
            return;
        }
        var errors = new List<LoadError>();
        var entries = RevocationFile.Parse(bytes, errors);
        foreach (var e in errors) problems.Add(new(At, $"{path}:{e.Line}:{e.Column}: {e.Message}"));
        if (entries is null) return;
        // Add-only: entries of a good file apply at once, even if this load is refused for another reason.
        revocations.List.AddRange(entries);
        revocations.CountFile(entries.Count, time.GetUtcNow());
    }

    /// <summary>Each issuer's JWKS and PEM bytes (null when one could not be read), and one hash over all of them.</summary>
    private static List<(byte[]? Jwks, byte[]? Pem)>? ReadKeyFiles(JwtConfig jwt, string baseDirectory, List<SnapshotProblem> problems, out string hash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = new List<(byte[]?, byte[]?)>();
        var ok = true;
        for (var i = 0; i < jwt.Issuers.Count; i++)
        {
            var issuer = jwt.Issuers[i];
            var at = $"auth.jwt.issuers[{i}]";
            var jwks = issuer.Jwks is { } j ? Read(j, $"{at}.jwks", baseDirectory, problems, ref ok) : null;
            var pem = issuer.Certificate is { } c ? Read(c, $"{at}.certificate", baseDirectory, problems, ref ok) : null;
            sha.AppendData(BitConverter.GetBytes(i));
            sha.AppendData(jwks is null ? [0] : SHA256.HashData(jwks));
            sha.AppendData(pem is null ? [0] : SHA256.HashData(pem));
            files.Add((jwks, pem));
        }
        hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        return ok ? files : null;
    }

    private static byte[]? Read(string path, string at, string baseDirectory, List<SnapshotProblem> problems, ref bool ok)
    {
        try
        {
            return File.ReadAllBytes(Resolve(path, baseDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(at, $"cannot read key file \"{path}\": {e.Message}"));
            ok = false;
            return null;
        }
    }

    private static JwtValidator? BuildValidator(JwtConfig jwt, List<(byte[]? Jwks, byte[]? Pem)> files, RevocationList revocations, VerifiedJwtCache? cache,
        TimeProvider time, List<SnapshotProblem> problems)
    {
        var issuers = new List<JwtIssuer>();
        var failed = false;
        for (var i = 0; i < jwt.Issuers.Count; i++)
        {
            var config = jwt.Issuers[i];
            var at = $"auth.jwt.issuers[{i}]";
            var keys = new List<JwtSigningKey>();
            var (jwks, pem) = files[i];
            if (jwks is not null) failed |= !AddKeys(JwksReader.Read(jwks, Errors(out var e1)), e1, config.Jwks!, $"{at}.jwks", keys, problems);
            if (pem is not null) failed |= !AddKeys(PemKeyReader.Read(Encoding.UTF8.GetString(pem), Errors(out var e2)), e2, config.Certificate!, $"{at}.certificate", keys, problems);
            var kids = keys.Where(k => k.Kid is not null).GroupBy(k => k.Kid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (kids is not null)
            {
                problems.Add(new(at, $"kid \"{kids.Key}\" names two keys (in jwks and certificate): expected each kid to name one key"));
                failed = true;
            }
            // The validator is kept across a reload only when [auth.jwt] is unchanged, algorithms included.
            issuers.Add(new JwtIssuer(config.Name, config.Issuer, new JwtKeySet(keys), config.Audiences.IsEmpty ? null : [.. config.Audiences], config.Typ,
                config.Algorithms.IsEmpty ? null : [.. config.Algorithms.Select(JwsAlgorithms.Parse)]));
        }
        if (failed) return null;
        var options = new JwtValidatorOptions
        {
            ClockSkew = jwt.ClockSkew.ToTimeSpan(),
            MaxTokenBytes = (int)Math.Clamp(jwt.MaxTokenSize.Bytes, 64, JwtValidatorOptions.MaxTokenBytesLimit),
        };
        try
        {
            return new JwtValidator(issuers, options, revocations, cache, time);
        }
        catch (ArgumentException e)
        {
            problems.Add(new("auth.jwt", e.Message));
            return null;
        }
    }

    private static List<LoadError> Errors(out List<LoadError> errors) => errors = [];

    private static bool AddKeys(IReadOnlyList<JwtSigningKey>? loaded, List<LoadError> errors, string path, string at, List<JwtSigningKey> keys, List<SnapshotProblem> problems)
    {
        foreach (var e in errors) problems.Add(new(at, $"{path}:{e.Line}:{e.Column}: {e.Message}"));
        if (loaded is null) return false;
        keys.AddRange(loaded);
        return true;
    }

    private static ApiKeyStore? BuildApiKeys(IReadOnlyList<ApiKeyConfig> keys, List<SnapshotProblem> problems)
    {
        try
        {
            return new ApiKeyStore(keys.Select(k => (k.Name, k.Sha256)));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            problems.Add(new("auth.api_keys", e.Message));
            return null;
        }
    }

    private static BasicUserStore? BuildBasic(AuthConfig auth, TimeProvider time, List<SnapshotProblem> problems)
    {
        var users = new List<BasicUser>();
        for (var i = 0; i < auth.BasicUsers.Count; i++)
        {
            var u = auth.BasicUsers[i];
            if (Pbkdf2Hash.TryParse(u.Hash, out var hash, out var error)) users.Add(new BasicUser(u.Name, hash!));
            else problems.Add(new($"auth.basic_users[{i}].hash", $"bad password hash: {error} (`edge hash-password` prints one)"));
        }
        if (users.Count != auth.BasicUsers.Count) return null;
        try
        {
            return new BasicUserStore(users, auth.BasicCacheSize, auth.BasicCacheTtl.ToTimeSpan(), time);
        }
        catch (ArgumentException e)
        {
            problems.Add(new("auth.basic_users", e.Message));
            return null;
        }
    }
}

/// <summary>What a <see cref="SecurityContext"/> was built from, so the next load can tell what it may keep.</summary>
/// <param name="KeyHash">SHA-256 over every issuer's key file bytes (a changed file rebuilds the validator).</param>
internal sealed record SecurityInputs(
    JwtConfig? Jwt,
    string KeyHash,
    ValueList<ApiKeyConfig> ApiKeys,
    ValueList<BasicUserConfig> BasicUsers,
    int BasicCacheSize,
    Duration BasicCacheTtl);
