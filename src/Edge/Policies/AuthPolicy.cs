using System.Buffers;
using System.Text;
using Edge.Http;
using Edge.Security.ApiKeys;
using Edge.Security.Basic;
using Edge.Security.Jwt;

namespace Edge.Policies;

/// <summary>The ways a caller can prove who it is (<c>security = [...]</c>).</summary>
internal enum AuthScheme : byte
{
    Jwt,
    ApiKey,
    Basic,
    Mtls,
}

/// <summary>How authentication went for one request.</summary>
internal enum AuthStatus : byte
{
    Authenticated,

    /// <summary>No credential of any accepted scheme was presented (401, 900902).</summary>
    Missing,

    /// <summary>A credential was presented and none was valid (401, 900901).</summary>
    Invalid,

    /// <summary>Basic credentials not in the cache: PBKDF2 must run (off the I/O thread) to decide.</summary>
    NeedsBasicVerification,
}

/// <summary>
/// Who the caller is once authenticated: the scheme and the credential's owner — the token (jwt), the
/// user (basic), the key (api_key) or the client certificate (mtls).
/// </summary>
internal readonly record struct AuthResult(AuthScheme Scheme, VerifiedJwt? Jwt, BasicUser? User, ApiKey? Key = null, ClientCertificateIdentity? Certificate = null)
{
    /// <summary>
    /// The caller's subject, for logs and throttle keys, whatever the scheme: the JWT's <c>sub</c> (empty
    /// when the token has none), the Basic user name, the API key's configured name, or the client
    /// certificate's subject DN. Refers to long-lived immutable bytes: never copied, never allocated.
    /// </summary>
    public ReadOnlyMemory<byte> Subject =>
        Jwt is { } jwt ? jwt.SubjectMemory
        : User is { } user ? user.NameUtf8
        : Key is { } key ? key.NameUtf8
        : Certificate is { } certificate ? certificate.SubjectUtf8
        : default;
}

/// <summary>Basic credentials waiting for PBKDF2: a pooled copy of <c>user:password</c>, wiped when done.</summary>
internal struct PendingBasic
{
    public byte[]? Credentials;
    public int Length;
    public int Colon;

    /// <summary>What the request gets if the Basic check fails (other schemes may have failed before).</summary>
    public PolicyReason FailureReason;

    public readonly ReadOnlySpan<byte> Span => Credentials.AsSpan(0, Length);

    public void Release()
    {
        if (Credentials is null) return;
        Credentials.AsSpan(0, Length).Clear();
        ArrayPool<byte>.Shared.Return(Credentials);
        Credentials = null;
    }
}

/// <summary>
/// A resource's authentication (<c>security</c> of the resource, else of its API): the schemes, tried in
/// the configured order; the first valid credential wins ("any one suffices"). No credential of any
/// scheme → missing (900902); a credential presented but none valid → invalid (900901). Where each
/// credential is read:
/// <list type="bullet">
/// <item><c>jwt</c>: <c>Authorization: Bearer &lt;token&gt;</c> (RFC 6750 §2.1; scheme case-insensitive).</item>
/// <item><c>basic</c>: <c>Authorization: Basic &lt;base64&gt;</c> (RFC 7617).</item>
/// <item><c>api_key</c>: the API's header (<c>apikey</c> by default), else its query parameter when configured.</item>
/// <item><c>mtls</c>: the connection's verified client certificate; with an <c>mtls</c> table its subject or
/// SHA-256 fingerprint must be listed.</item>
/// </list>
/// Two Authorization fields make jwt and basic refuse (invalid): Edge and a backend could read different ones.
/// Every check is allocation-free except a Basic cache miss, which the caller completes asynchronously.
/// </summary>
internal sealed class AuthPolicy
{
    private static readonly byte[] AuthorizationName = "authorization"u8.ToArray();

    private readonly AuthScheme[] _schemes;
    private readonly byte[] _apiKeyHeader;
    private readonly byte[]? _apiKeyQuery;
    private readonly HashSet<string>? _mtlsSubjects;
    private readonly HashSet<string>? _mtlsFingerprints;
    private readonly bool _usesAuthorization;
    private readonly bool _usesBasic;

    /// <summary>Room for the decoded <c>user:password</c> of the longest Basic value accepted.</summary>
    private static readonly int BasicDecodedBytes = BasicCredentials.DecodedSize(BasicCredentials.MaxEncodedBytes + 16);

    /// <param name="mtlsSubjects">Allowed subject DNs (compared case-insensitively), or null with <paramref name="mtlsFingerprints"/> null: any verified certificate.</param>
    /// <param name="mtlsFingerprints">Allowed SHA-256 fingerprints, 64 lower-case hex digits.</param>
    public AuthPolicy(IReadOnlyList<AuthScheme> schemes, string apiKeyHeader, string? apiKeyQuery,
        IEnumerable<string>? mtlsSubjects = null, IEnumerable<string>? mtlsFingerprints = null)
    {
        if (schemes.Count == 0) throw new ArgumentException("at least one scheme", nameof(schemes));
        _schemes = [.. schemes.Distinct()];
        _apiKeyHeader = Encoding.ASCII.GetBytes(apiKeyHeader);
        _apiKeyQuery = apiKeyQuery is null ? null : Encoding.UTF8.GetBytes(apiKeyQuery);
        if (mtlsSubjects is not null || mtlsFingerprints is not null)
        {
            _mtlsSubjects = new HashSet<string>(mtlsSubjects ?? [], StringComparer.OrdinalIgnoreCase);
            _mtlsFingerprints = new HashSet<string>(mtlsFingerprints ?? [], StringComparer.Ordinal);
        }
        _usesBasic = _schemes.Contains(AuthScheme.Basic);
        _usesAuthorization = _schemes.Contains(AuthScheme.Jwt) || _usesBasic;
        Challenge = BuildChallenge(_schemes);
    }

    public IReadOnlyList<AuthScheme> Schemes => _schemes;

    public bool Uses(AuthScheme scheme) => Array.IndexOf(_schemes, scheme) >= 0;

    /// <summary>The <c>WWW-Authenticate</c> value for a 401 (RFC 9110 §11.6.1), empty when no scheme has an HTTP challenge.</summary>
    public byte[] Challenge { get; }

    /// <summary>The API key header's name (lower-case as configured), for stripping.</summary>
    public byte[] ApiKeyHeader => _apiKeyHeader;

    public byte[]? ApiKeyQuery => _apiKeyQuery;

    public AuthStatus Authenticate(Exchange exchange, SecurityContext security, out AuthResult result, out PolicyReason reason, out PendingBasic pending)
    {
        result = default;
        pending = default;
        reason = PolicyReason.CredentialsMissing;
        var request = exchange.Request;
        var presented = false;
        var basicPending = false;

        ReadOnlySpan<byte> authorization = default;
        var authorizationCount = _usesAuthorization ? FindAuthorization(request, out authorization) : 0;
        var ambiguous = authorizationCount > 1;
        // A scheme the resource accepts in Authorization, or an unsupported one: decided after the loop.
        var authorizationUsed = false;
        Span<byte> decoded = _usesBasic ? stackalloc byte[BasicDecodedBytes] : default;

        foreach (var scheme in _schemes)
        {
            switch (scheme)
            {
                case AuthScheme.Jwt:
                {
                    if (authorizationCount == 0 || !TryScheme(authorization, "Bearer"u8, out var token)) break;
                    authorizationUsed = true;
                    presented = true;
                    if (ambiguous)
                    {
                        reason = PolicyReason.AuthorizationAmbiguous;
                        break;
                    }
                    if (security.Jwt is not { } validator)
                    {
                        reason = PolicyReason.JwtUnknownIssuer;
                        break;
                    }
                    // The issuer's algorithms list is checked inside, before any signature work.
                    var verdict = validator.Validate(token, out var jwt);
                    if (verdict == JwtValidationResult.Valid)
                    {
                        pending.Release();
                        result = new AuthResult(AuthScheme.Jwt, jwt, null);
                        reason = PolicyReason.Jwt;
                        return AuthStatus.Authenticated;
                    }
                    reason = PolicyReasons.ForJwt(verdict);
                    break;
                }
                case AuthScheme.Basic:
                {
                    if (authorizationCount == 0 || !TryScheme(authorization, "Basic"u8, out _)) break;
                    authorizationUsed = true;
                    presented = true;
                    if (ambiguous)
                    {
                        reason = PolicyReason.AuthorizationAmbiguous;
                        break;
                    }
                    if (security.Basic is not { } store)
                    {
                        reason = PolicyReason.BasicRefused;
                        break;
                    }
                    if (authorization.Length > BasicCredentials.MaxEncodedBytes + 16
                        || !BasicCredentials.TryParse(authorization, decoded, out var length, out var colon))
                    {
                        reason = PolicyReason.BasicMalformed;
                        break;
                    }
                    var credentials = decoded[..length];
                    if (store.FindCached(credentials) is { } user)
                    {
                        credentials.Clear();
                        result = new AuthResult(AuthScheme.Basic, null, user);
                        reason = PolicyReason.Basic;
                        return AuthStatus.Authenticated;
                    }
                    // Decide later, and only if no other scheme lets the request in.
                    if (!basicPending)
                    {
                        basicPending = true;
                        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
                        credentials.CopyTo(copy);
                        pending = new PendingBasic { Credentials = copy, Length = length, Colon = colon };
                    }
                    credentials.Clear();
                    reason = PolicyReason.BasicRefused;
                    break;
                }
                case AuthScheme.ApiKey:
                {
                    if (!TryFindApiKey(request, out var key, out var fromQuery)) break;
                    presented = true;
                    if (security.ApiKeys is { } keys)
                    {
                        var found = fromQuery ? FindQueryKey(keys, key) : keys.Find(key);
                        if (found is not null)
                        {
                            pending.Release();
                            result = new AuthResult(AuthScheme.ApiKey, null, null, Key: found);
                            reason = PolicyReason.ApiKey;
                            return AuthStatus.Authenticated;
                        }
                    }
                    reason = PolicyReason.ApiKeyUnknown;
                    break;
                }
                case AuthScheme.Mtls:
                {
                    if (exchange.ClientCertificate is not { } identity) break;
                    presented = true;
                    if (_mtlsSubjects is null || _mtlsSubjects.Contains(identity.Subject) || _mtlsFingerprints!.Contains(identity.Sha256Fingerprint))
                    {
                        pending.Release();
                        result = new AuthResult(AuthScheme.Mtls, null, null, Certificate: identity);
                        reason = PolicyReason.Mtls;
                        return AuthStatus.Authenticated;
                    }
                    reason = PolicyReason.MtlsNotListed;
                    break;
                }
            }
        }

        if (basicPending)
        {
            // Only PBKDF2 can still let this request in; if it fails, the most telling reason so far stands.
            pending.FailureReason = reason;
            reason = PolicyReason.BasicRefused;
            return AuthStatus.NeedsBasicVerification;
        }
        if (presented) return AuthStatus.Invalid;
        if (authorizationCount > 0 && !authorizationUsed)
        {
            // "Authorization: Digest …" (or Bearer where only basic is accepted): a credential, of the wrong kind.
            reason = ambiguous ? PolicyReason.AuthorizationAmbiguous : PolicyReason.AuthorizationUnsupported;
            return AuthStatus.Invalid;
        }
        reason = PolicyReason.CredentialsMissing;
        return AuthStatus.Missing;
    }

    /// <summary>The slow half of a Basic check: PBKDF2 (run it off the I/O thread).</summary>
    public static BasicUser? VerifyBasic(SecurityContext security, in PendingBasic pending) =>
        security.Basic?.Verify(pending.Span, pending.Colon);

    /// <summary>Whether the presented value is a credential of <paramref name="scheme"/> ("Bearer" + 1*SP + token).</summary>
    private static bool TryScheme(ReadOnlySpan<byte> value, ReadOnlySpan<byte> scheme, out ReadOnlySpan<byte> credential)
    {
        credential = default;
        if (value.Length <= scheme.Length || !Ascii.EqualsIgnoreCase(value[..scheme.Length], scheme) || value[scheme.Length] != (byte)' ') return false;
        credential = value[(scheme.Length + 1)..].Trim((byte)' ');
        return true;
    }

    private static int FindAuthorization(HttpRequestHead request, out ReadOnlySpan<byte> value)
    {
        value = default;
        var count = 0;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            var name = request.HeaderName(i);
            if (name.Length != 13 || !Ascii.EqualsIgnoreCase(name, AuthorizationName)) continue;
            if (count++ == 0) value = request.HeaderValue(i);
        }
        return count;
    }

    private bool TryFindApiKey(HttpRequestHead request, out ReadOnlySpan<byte> key, out bool fromQuery)
    {
        fromQuery = false;
        if (request.TryGetHeader(_apiKeyHeader, out key) && !key.IsEmpty) return true;
        if (_apiKeyQuery is not null && request.HasQuery && QueryParameters.TryFind(request.Query, _apiKeyQuery, out key) && !key.IsEmpty)
        {
            fromQuery = true;
            return true;
        }
        key = default;
        return false;
    }

    /// <summary>A query value may be percent-encoded; the key is looked up decoded.</summary>
    private static ApiKey? FindQueryKey(ApiKeyStore keys, ReadOnlySpan<byte> raw)
    {
        if (raw.Length > ApiKeyStore.MaxKeyBytes * 3) return null;
        Span<byte> decoded = stackalloc byte[raw.Length];
        var n = QueryParameters.Decode(raw, decoded);
        return n < 0 ? null : keys.Find(decoded[..n]);
    }

    private static byte[] BuildChallenge(AuthScheme[] schemes)
    {
        var parts = new List<string>();
        foreach (var s in schemes)
        {
            if (s == AuthScheme.Jwt) parts.Add("Bearer realm=\"edge\"");
            else if (s == AuthScheme.Basic) parts.Add("Basic realm=\"edge\", charset=\"UTF-8\"");
        }
        return Encoding.ASCII.GetBytes(string.Join(", ", parts));
    }
}
