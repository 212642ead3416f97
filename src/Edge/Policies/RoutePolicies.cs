using Edge.Http;
using Edge.Security.Basic;
using Edge.Security.Scopes;
using Edge.Throttling;

namespace Edge.Policies;

/// <summary>What the policy chain decided for a request.</summary>
internal enum PolicyVerdict : byte
{
    /// <summary>Go on to the action (forward or direct response).</summary>
    Allow,

    /// <summary>403, 900805: the client address is not allowed.</summary>
    IpDenied,

    /// <summary>401, 900902, with <c>WWW-Authenticate</c>.</summary>
    CredentialsMissing,

    /// <summary>401, 900901, with <c>WWW-Authenticate</c>.</summary>
    CredentialsInvalid,

    /// <summary>403, 900910.</summary>
    ScopeNotAllowed,

    /// <summary>429, 900800, with <c>Retry-After</c> and the RateLimit fields: a throttle limit refused.</summary>
    Throttled,

    /// <summary>Basic credentials need PBKDF2: finish with <see cref="RoutePolicies.CompleteBasicAsync"/>.</summary>
    VerifyBasic,
}

/// <summary>
/// One route's compiled policy chain (DESIGN.md §1), immutable and shared by every request on the route:
/// <code>
/// IP rules ─▶ CORS (actual-request fields; preflights are answered before this) ─▶ authentication (any of)
/// ─▶ scopes ─▶ throttle (every limit of the route, all or none) ─▶ request transforms (strip, claims to headers, assertion, Authorization swap) ─▶ action
/// </code>
/// A null member is a step the route does not have. Allocation-free on the success path (a cached JWT,
/// an API key, a cached Basic credential, a client certificate); only a Basic cache miss goes async.
/// Every outcome sets <see cref="Exchange.PolicyReason"/> and is counted in <see cref="PolicyCounters"/>.
/// </summary>
internal sealed class RoutePolicies
{
    public required SecurityContext Security { get; init; }

    /// <summary>The API's <c>ip_allow</c> / <c>ip_deny</c> (a listener's own are checked before routing).</summary>
    public IpRules? Ip { get; init; }

    public CorsPolicy? Cors { get; init; }

    /// <summary>Null: <c>security = ["none"]</c>, anyone may call.</summary>
    public AuthPolicy? Auth { get; init; }

    /// <summary>Null or empty: any authenticated caller passes.</summary>
    public ScopeRequirement? Scopes { get; init; }

    /// <summary>The route's limits (API, resource, subscription); null when it has none.</summary>
    public ThrottlePolicy? Throttle { get; init; }

    public RequestTransforms? Transforms { get; init; }

    /// <summary>True when the route has no step at all (the gateway skips the chain).</summary>
    public bool IsEmpty => Ip is null && Cors is null && Auth is null && Scopes is null && Throttle is null && Transforms is null;

    /// <summary>The chain with the TCP peer as the client (no trusted proxies).</summary>
    public PolicyVerdict Evaluate(Exchange exchange, out PendingBasic pending) =>
        Evaluate(exchange, ClientAddresses.Resolve(exchange, TrustedProxies.None), out pending);

    /// <summary>
    /// Runs the synchronous chain for the client address the gateway resolved (<see cref="ClientAddresses"/>).
    /// On <see cref="PolicyVerdict.VerifyBasic"/>, <paramref name="pending"/> must go to <see cref="CompleteBasicAsync(Exchange, PendingBasic, IpAddressBytes?)"/>.
    /// </summary>
    public PolicyVerdict Evaluate(Exchange exchange, IpAddressBytes? client, out PendingBasic pending)
    {
        pending = default;
        if (Ip is { } ip && !ip.AllowsClient(client)) return Refuse(exchange, PolicyReason.IpDenied, PolicyVerdict.IpDenied);
        Cors?.ApplyToActualRequest(exchange);
        var auth = default(AuthResult);
        if (Auth is { } policy)
        {
            var status = policy.Authenticate(exchange, Security, out auth, out var reason, out pending);
            switch (status)
            {
                case AuthStatus.NeedsBasicVerification:
                    return PolicyVerdict.VerifyBasic;
                case AuthStatus.Missing:
                    Challenge(exchange, policy);
                    return Refuse(exchange, reason, PolicyVerdict.CredentialsMissing);
                case AuthStatus.Invalid:
                    Challenge(exchange, policy);
                    return Refuse(exchange, reason, PolicyVerdict.CredentialsInvalid);
                default:
                    Admit(exchange, reason);
                    break;
            }
        }
        return Authorize(exchange, auth, client);
    }

    /// <summary>The slow half of a Basic check (PBKDF2 on the thread pool, at most one per core at a time), then the rest of the chain.</summary>
    public ValueTask<PolicyVerdict> CompleteBasicAsync(Exchange exchange, PendingBasic pending) =>
        CompleteBasicAsync(exchange, pending, ClientAddresses.Resolve(exchange, TrustedProxies.None));

    /// <summary>The slow half of a Basic check, then the rest of the chain for <paramref name="client"/>.</summary>
    public async ValueTask<PolicyVerdict> CompleteBasicAsync(Exchange exchange, PendingBasic pending, IpAddressBytes? client)
    {
        try
        {
            await SecurityContext.BasicVerifications.WaitAsync(exchange.Aborted).ConfigureAwait(false);
            BasicUser? user;
            try
            {
                var security = Security;
                user = await Task.Run(() => AuthPolicy.VerifyBasic(security, pending)).ConfigureAwait(false);
            }
            finally
            {
                SecurityContext.BasicVerifications.Release();
            }
            if (user is null)
            {
                Challenge(exchange, Auth!);
                return Refuse(exchange, pending.FailureReason, PolicyVerdict.CredentialsInvalid);
            }
            Admit(exchange, PolicyReason.Basic);
            return Authorize(exchange, new AuthResult(AuthScheme.Basic, null, user), client);
        }
        finally
        {
            pending.Release();
        }
    }

    private PolicyVerdict Authorize(Exchange exchange, in AuthResult auth, IpAddressBytes? client)
    {
        var authenticated = Auth is not null;
        // Who the caller is, for the access log and claim-based throttle keys, whatever the scheme.
        if (authenticated) exchange.Subject = auth.Subject;
        if (Scopes is { IsEmpty: false } scopes && (!authenticated || auth.Jwt is not { } jwt || !scopes.IsSatisfiedBy(jwt.Scopes)))
        {
            // Known caller, missing grant: 403, not 401. Callers without scopes (API key, Basic, mTLS) never hold one.
            return Refuse(exchange, PolicyReason.ScopeMissing, PolicyVerdict.ScopeNotAllowed);
        }
        if (Throttle is { } throttle && !throttle.TryAdmit(exchange, authenticated ? auth.Jwt : null, client))
            return Refuse(exchange, PolicyReason.Throttled, PolicyVerdict.Throttled);
        Transforms?.Apply(exchange, auth, authenticated);
        return PolicyVerdict.Allow;
    }

    private static void Challenge(Exchange exchange, AuthPolicy policy)
    {
        if (policy.Challenge.Length > 0) exchange.ResponseFields.Add(WwwAuthenticate, policy.Challenge);
    }

    private static readonly byte[] WwwAuthenticate = "WWW-Authenticate"u8.ToArray();

    private static void Admit(Exchange exchange, PolicyReason reason)
    {
        exchange.PolicyReason = PolicyReasons.Name(reason);
        PolicyCounters.Increment(reason);
    }

    private static PolicyVerdict Refuse(Exchange exchange, PolicyReason reason, PolicyVerdict verdict)
    {
        exchange.PolicyReason = PolicyReasons.Name(reason);
        PolicyCounters.Increment(reason);
        return verdict;
    }

    /// <summary>The fault a refusal answers with (the reason is never in it).</summary>
    public static ref readonly Fault FaultFor(PolicyVerdict verdict)
    {
        switch (verdict)
        {
            case PolicyVerdict.IpDenied: return ref FaultCatalog.IpForbidden;
            case PolicyVerdict.CredentialsMissing: return ref FaultCatalog.MissingCredentials;
            case PolicyVerdict.ScopeNotAllowed: return ref FaultCatalog.ScopeNotAllowed;
            case PolicyVerdict.Throttled: return ref FaultCatalog.Throttled;
            default: return ref FaultCatalog.InvalidCredentials;
        }
    }

    /// <summary>Records a listener-level IP refusal (checked before routing).</summary>
    public static void RefuseListenerIp(Exchange exchange) => Refuse(exchange, PolicyReason.ListenerIpDenied, PolicyVerdict.IpDenied);

    /// <summary>Records an API-level IP refusal outside the chain (a preflight).</summary>
    public static void RecordIpDenied(Exchange exchange) => Refuse(exchange, PolicyReason.IpDenied, PolicyVerdict.IpDenied);

    /// <summary>Records a preflight answer (allowed or refused).</summary>
    public static void RecordPreflight(Exchange exchange, bool allowed)
    {
        if (allowed) Admit(exchange, PolicyReason.CorsPreflight);
        else Refuse(exchange, PolicyReason.CorsPreflightRefused, PolicyVerdict.IpDenied);
    }
}
