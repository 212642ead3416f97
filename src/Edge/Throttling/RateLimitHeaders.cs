using System.Buffers.Text;
using System.Text;

namespace Edge.Throttling;

/// <summary>
/// Field values for <c>RateLimit-Policy</c> and <c>RateLimit</c> as defined by
/// draft-ietf-httpapi-ratelimit-headers-11 (May 2026), and <c>Retry-After</c> (RFC 9110 §10.2.3). Both
/// RateLimit fields are RFC 9651 Lists of Items whose value is a String naming the policy:
/// <code>
///   RateLimit-Policy: "Gold";q=5000;w=60, "per-ip";q=10;w=1;edge-burst=20
///   RateLimit: "Gold";r=4999;t=1, "per-ip";r=0;t=1
/// </code>
/// How a token bucket maps onto the draft's quota vocabulary (docs/throttling.md, "Headers"):
/// <list type="bullet">
/// <item><c>q</c>/<c>w</c>: the configured rate, count per period in seconds. A burst different from
/// the count goes in the vendor parameter <c>edge-burst</c> (§3.1: service-specific parameters carry a
/// vendor prefix), since the draft has no burst parameter.</item>
/// <item><c>r</c>: whole tokens left.</item>
/// <item><c>t</c>: with tokens left, seconds until the bucket is full again; with none, seconds until the
/// next token — which is also Retry-After, so Retry-After never points before the end of the effective
/// window (§6). Both round up: a client that waits <c>t</c> is never early.</item>
/// </list>
/// </summary>
internal static class RateLimitHeaders
{
    public static ReadOnlySpan<byte> PolicyField => "RateLimit-Policy"u8;

    public static ReadOnlySpan<byte> LimitField => "RateLimit"u8;

    public static ReadOnlySpan<byte> RetryAfterField => "Retry-After"u8;

    /// <summary>Longest policy name kept; longer configured names are cut (the header is advisory).</summary>
    public const int MaxPolicyName = 64;

    /// <summary>Upper bound of one item's bytes for a name of the given encoded length.</summary>
    public static int MaxItemLength(int encodedName) => encodedName + 60;

    /// <summary>
    /// A name as an sf-string (RFC 9651 §3.3.3): quoted, with <c>"</c> and <c>\</c> escaped. Only printable
    /// ASCII is allowed there, so any other character becomes <c>_</c>. Done once per config, not per request.
    /// </summary>
    public static byte[] EncodePolicyName(string name)
    {
        var builder = new StringBuilder(name.Length + 2).Append('"');
        foreach (var c in name.Length > MaxPolicyName ? name[..MaxPolicyName] : name)
        {
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else builder.Append(c is >= ' ' and <= '~' ? c : '_');
        }
        return Encoding.ASCII.GetBytes(builder.Append('"').ToString());
    }

    /// <summary>Writes <c>"name";q=…;w=…[;edge-burst=…]</c> items joined by ", ".</summary>
    public static bool TryWritePolicy(Span<byte> destination, ReadOnlySpan<LimitStatus> limits, out int written)
    {
        var w = new Output(destination);
        for (var i = 0; i < limits.Length; i++)
        {
            var limit = limits[i].Limit;
            if (i > 0) w.Write(", "u8);
            w.Write(limits[i].PolicyName);
            w.Write(";q="u8);
            w.Write(limit.Count);
            w.Write(";w="u8);
            w.Write(limit.PeriodSeconds);
            if (limit.Burst != limit.Count)
            {
                w.Write(";edge-burst="u8);
                w.Write(limit.Burst);
            }
        }
        written = w.Position;
        return w.Ok;
    }

    /// <summary>Writes <c>"name";r=…;t=…</c> items joined by ", ".</summary>
    public static bool TryWriteLimit(Span<byte> destination, ReadOnlySpan<LimitStatus> limits, out int written)
    {
        var w = new Output(destination);
        for (var i = 0; i < limits.Length; i++)
        {
            var reading = limits[i].Reading;
            if (i > 0) w.Write(", "u8);
            w.Write(limits[i].PolicyName);
            w.Write(";r="u8);
            w.Write(reading.Remaining);
            w.Write(";t="u8);
            w.Write(EffectiveWindowSeconds(reading));
        }
        written = w.Position;
        return w.Ok;
    }

    /// <summary>Writes the delay-seconds of a refusal (at least 1: a refused request is never told "retry now").</summary>
    public static bool TryWriteRetryAfter(Span<byte> destination, BucketReading refusing, out int written) =>
        Utf8Formatter.TryFormat(Math.Max(1, refusing.RetryAfterSeconds), destination, out written);

    /// <summary>The draft's effective window <c>t</c> for a reading (see the type's remarks).</summary>
    public static long EffectiveWindowSeconds(BucketReading reading) =>
        reading.Remaining > 0 ? reading.FullInSeconds : Math.Max(1, reading.RetryAfterSeconds);

    /// <summary>A bounded writer: once something does not fit, it stops and reports failure.</summary>
    private ref struct Output(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Position { get; private set; }

        public bool Ok { get; private set; } = true;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            if (!Ok || !bytes.TryCopyTo(_destination[Position..]))
            {
                Ok = false;
                return;
            }
            Position += bytes.Length;
        }

        public void Write(long value)
        {
            if (!Ok || !Utf8Formatter.TryFormat(value, _destination[Position..], out var n))
            {
                Ok = false;
                return;
            }
            Position += n;
        }
    }
}
