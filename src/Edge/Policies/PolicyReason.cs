using Edge.Security.Jwt;

namespace Edge.Policies;

/// <summary>
/// Why a policy refused a request, or how it let it in. Written to the access log (<c>policy</c>) and
/// counted (<see cref="PolicyCounters"/>); never sent to the client, which only sees the fault code
/// (an attacker must not learn which check failed).
/// </summary>
internal enum PolicyReason : byte
{
    None = 0,

    // ---- refusals ----
    /// <summary>The listener's ip_allow / ip_deny refused the client address.</summary>
    ListenerIpDenied,
    /// <summary>The API's ip_allow / ip_deny refused the client address.</summary>
    IpDenied,
    /// <summary>A CORS preflight for an origin, method or header the API does not allow.</summary>
    CorsPreflightRefused,
    /// <summary>No credential of any scheme the resource accepts.</summary>
    CredentialsMissing,
    /// <summary>Two Authorization fields: Edge and the backend could read different ones.</summary>
    AuthorizationAmbiguous,
    /// <summary>An Authorization field with a scheme the resource does not accept, and no other credential.</summary>
    AuthorizationUnsupported,
    JwtTooLarge,
    JwtMalformed,
    JwtAlgorithmNone,
    JwtUnsupportedAlgorithm,
    JwtUnknownIssuer,
    JwtUnknownKey,
    JwtAlgorithmMismatch,
    JwtUnsupportedCrit,
    JwtWrongType,
    JwtBadSignature,
    JwtMissingClaim,
    JwtInvalidClaim,
    JwtExpired,
    JwtNotYetValid,
    JwtIssuedInFuture,
    JwtWrongAudience,
    JwtRevoked,
    ApiKeyUnknown,
    BasicMalformed,
    BasicRefused,
    /// <summary>A verified client certificate whose subject and fingerprint are not on the API's lists.</summary>
    MtlsNotListed,
    /// <summary>Authenticated, but the resource's scopes are not granted (403, 900910).</summary>
    ScopeMissing,
    /// <summary>A throttle limit of the route had no token left (429, 900800).</summary>
    Throttled,

    // ---- admissions ----
    CorsPreflight,
    Jwt,
    ApiKey,
    Basic,
    Mtls,
}

internal static class PolicyReasons
{
    public const int Count = (int)PolicyReason.Mtls + 1;

    private static readonly string[] Names =
    [
        "",
        "listener_ip_denied",
        "ip_denied",
        "cors_preflight_refused",
        "credentials_missing",
        "authorization_ambiguous",
        "authorization_unsupported",
        "jwt_too_large",
        "jwt_malformed",
        "jwt_alg_none",
        "jwt_unsupported_alg",
        "jwt_unknown_issuer",
        "jwt_unknown_key",
        "jwt_alg_mismatch",
        "jwt_crit",
        "jwt_wrong_typ",
        "jwt_bad_signature",
        "jwt_missing_claim",
        "jwt_invalid_claim",
        "jwt_expired",
        "jwt_not_yet_valid",
        "jwt_issued_in_future",
        "jwt_wrong_audience",
        "jwt_revoked",
        "api_key_unknown",
        "basic_malformed",
        "basic_refused",
        "mtls_not_listed",
        "scope_missing",
        "throttled",
        "cors_preflight",
        "jwt",
        "api_key",
        "basic",
        "mtls",
    ];

    /// <summary>The log name (a static string: logging it allocates nothing).</summary>
    public static string Name(PolicyReason reason) => Names[(int)reason];

    public static bool IsRefusal(PolicyReason reason) => reason is > PolicyReason.None and < PolicyReason.CorsPreflight;

    /// <summary>A refused token's reason, one for each <see cref="JwtValidationResult"/> but Valid.</summary>
    public static PolicyReason ForJwt(JwtValidationResult result) => result switch
    {
        JwtValidationResult.TooLarge => PolicyReason.JwtTooLarge,
        JwtValidationResult.Malformed => PolicyReason.JwtMalformed,
        JwtValidationResult.AlgorithmNone => PolicyReason.JwtAlgorithmNone,
        JwtValidationResult.UnsupportedAlgorithm => PolicyReason.JwtUnsupportedAlgorithm,
        JwtValidationResult.UnknownIssuer => PolicyReason.JwtUnknownIssuer,
        JwtValidationResult.UnknownKey => PolicyReason.JwtUnknownKey,
        JwtValidationResult.AlgorithmMismatch => PolicyReason.JwtAlgorithmMismatch,
        JwtValidationResult.UnsupportedCrit => PolicyReason.JwtUnsupportedCrit,
        JwtValidationResult.WrongType => PolicyReason.JwtWrongType,
        JwtValidationResult.BadSignature => PolicyReason.JwtBadSignature,
        JwtValidationResult.MissingClaim => PolicyReason.JwtMissingClaim,
        JwtValidationResult.InvalidClaim => PolicyReason.JwtInvalidClaim,
        JwtValidationResult.Expired => PolicyReason.JwtExpired,
        JwtValidationResult.NotYetValid => PolicyReason.JwtNotYetValid,
        JwtValidationResult.IssuedInFuture => PolicyReason.JwtIssuedInFuture,
        JwtValidationResult.WrongAudience => PolicyReason.JwtWrongAudience,
        JwtValidationResult.Revoked => PolicyReason.JwtRevoked,
        _ => PolicyReason.JwtMalformed,
    };
}

/// <summary>
/// Process-wide counts of policy outcomes by <see cref="PolicyReason"/> (for /metrics and the admin
/// endpoint's stats). Lock-free increments; kept across reloads.
/// </summary>
internal static class PolicyCounters
{
    private static readonly long[] Counts = new long[PolicyReasons.Count];

    public static void Increment(PolicyReason reason) => Interlocked.Increment(ref Counts[(int)reason]);

    public static long Get(PolicyReason reason) => Volatile.Read(ref Counts[(int)reason]);

    /// <summary>Non-zero counts by name, for reports.</summary>
    public static IEnumerable<(string Name, long Count)> NonZero()
    {
        for (var i = 1; i < Counts.Length; i++)
        {
            var c = Volatile.Read(ref Counts[i]);
            if (c != 0) yield return (PolicyReasons.Name((PolicyReason)i), c);
        }
    }
}
