using Edge.Http;
using Edge.Security.Jwt;
using Edge.Throttling;

namespace Edge.Policies;

/// <summary>
/// A route's throttle step, after authentication and scopes (the claims are known) and before the request
/// transforms (DESIGN.md §1). Every limit of the route — the API's entries, the resource's, and the
/// caller's subscription tier — must pass; a refusal takes no token anywhere (<see cref="LimitChain"/>).
/// Refused: 429 with fault 900800, <c>Retry-After</c>, and <c>RateLimit-Policy</c> / <c>RateLimit</c>
/// for every limit that applied. Allowed: the RateLimit fields too when the API asks
/// (<c>rate_limit_headers</c>), replacing any the upstream sends.
/// <para>Allocation-free: the clock is read once, keys are built in one stack buffer, handles, readings and
/// statuses live in inline arrays, and the fields are written into the exchange's pooled edit buffer.</para>
/// </summary>
internal sealed class ThrottlePolicy
{
    private static readonly byte[] PolicyFieldName = RateLimitHeaders.PolicyField.ToArray();
    private static readonly byte[] LimitFieldName = RateLimitHeaders.LimitField.ToArray();
    private static readonly byte[] RetryAfterFieldName = RateLimitHeaders.RetryAfterField.ToArray();

    /// <summary>The upstream's own RateLimit fields are dropped when Edge writes its own.</summary>
    private static readonly byte[][] OwnFields = [PolicyFieldName, LimitFieldName];
    private static readonly byte[][] OwnFieldsAndCors = [.. CorsPolicy.ResponseFieldNames, PolicyFieldName, LimitFieldName];

    private readonly ThrottleClock _clock;
    private readonly RouteLimit[] _limits;
    private readonly SubscriptionLimits? _subscription;
    private readonly byte[] _api;
    private readonly byte[] _resource;
    private readonly int _keyBytes;
    private readonly int _fieldBytes;

    /// <param name="api">The API's identity for "api" key parts (its name, UTF-8).</param>
    /// <param name="resource">The resource's identity for "resource" key parts ("METHODS path").</param>
    public ThrottlePolicy(ThrottleClock clock, IReadOnlyList<RouteLimit> limits, SubscriptionLimits? subscription, bool headersOnAllowed, byte[] api, byte[] resource)
    {
        if (limits.Count + (subscription is null ? 0 : 1) > LimitChain.MaxLimits)
            throw new ArgumentException($"at most {LimitChain.MaxLimits} limits apply to one request", nameof(limits));
        _clock = clock;
        _limits = [.. limits];
        _subscription = subscription;
        HeadersOnAllowed = headersOnAllowed;
        _api = api;
        _resource = resource;
        var recipes = _limits.Where(l => l.Recipe is not null).Select(l => l.Recipe!.MaxKeyLength);
        if (subscription is not null) recipes = recipes.Append(subscription.Recipe.MaxKeyLength);
        _keyBytes = recipes.DefaultIfEmpty(0).Max();
        var longestName = Math.Max(_limits.Select(l => l.PolicyName.Length).DefaultIfEmpty(0).Max(), subscription?.MaxPolicyNameLength ?? 0);
        _fieldBytes = LimitChain.MaxLimits * RateLimitHeaders.MaxItemLength(longestName);
    }

    public bool HeadersOnAllowed { get; }

    public int LimitCount => _limits.Length;

    /// <summary>Takes a token from every limit, or from none; false: refused (the fields for the 429 are already set).</summary>
    public bool TryAdmit(Exchange exchange, VerifiedJwt? jwt, IpAddressBytes? client)
    {
        var now = _clock.NowMicros();
        var handles = new LimitHandles();
        var statuses = new LimitStatuses();
        Span<byte> key = stackalloc byte[_keyBytes];
        scoped var source = new ThrottleKeySource(exchange, jwt, client, _api, _resource);
        var n = 0;
        foreach (var limit in _limits)
        {
            if (limit.Bucket is { } bucket)
            {
                handles[n] = bucket.Handle;
            }
            else
            {
                var length = limit.Recipe!.Write(ref source, key, out var missing);
                if (missing && limit.SkipWhenMissing) continue;
                handles[n] = limit.Table!.GetOrAdd(key[..length], now);
            }
            statuses[n++] = new LimitStatus(limit.PolicyName, limit.Limit, default);
        }
        if (_subscription is { } subscription && subscription.TryGetTable(jwt, out var table, out var name))
        {
            var length = subscription.Recipe.Write(ref source, key, out _);
            handles[n] = table.GetOrAdd(key[..length], now);
            statuses[n++] = new LimitStatus(name, table.Limit, default);
        }
        if (n == 0) return true;

        var readings = new LimitReadings();
        var refused = LimitChain.TryTakeAll(handles[..n], now, readings[..n]);
        if (refused < 0 && !HeadersOnAllowed) return true;
        for (var i = 0; i < n; i++) statuses[i] = statuses[i] with { Reading = readings[i] };
        WriteFields(exchange.ResponseFields, statuses[..n], refused >= 0);
        return refused < 0;
    }

    private void WriteFields(HeaderEdits edits, ReadOnlySpan<LimitStatus> statuses, bool refused)
    {
        // CORS (earlier in the chain) may have set its removal list: keep it and add ours.
        edits.RemoveFields(edits.Removed.Length == 0 ? OwnFields : ReferenceEquals(edits.Removed, CorsPolicy.ResponseFieldNames) ? OwnFieldsAndCors : edits.Removed);
        var room = edits.ReserveValue(_fieldBytes);
        if (RateLimitHeaders.TryWritePolicy(room, statuses, out var written)) edits.CommitAdd(PolicyFieldName, written);
        room = edits.ReserveValue(_fieldBytes);
        if (RateLimitHeaders.TryWriteLimit(room, statuses, out written)) edits.CommitAdd(LimitFieldName, written);
        if (!refused) return;
        // The longest wait among the empty buckets: retrying earlier would be refused again.
        var wait = default(BucketReading);
        var longest = -1L;
        foreach (var s in statuses)
        {
            if (s.Reading.Remaining == 0 && s.Reading.RetryAfterSeconds > longest)
            {
                longest = s.Reading.RetryAfterSeconds;
                wait = s.Reading;
            }
        }
        room = edits.ReserveValue(20);
        if (RateLimitHeaders.TryWriteRetryAfter(room, wait, out written)) edits.CommitAdd(RetryAfterFieldName, written);
    }
}
