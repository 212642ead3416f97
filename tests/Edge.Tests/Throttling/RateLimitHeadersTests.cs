using System.Text;
using Edge.Throttling;
using static Edge.Tests.Throttling.ThrottleTime;

namespace Edge.Tests.Throttling;

/// <summary>RateLimit-Policy / RateLimit (draft-ietf-httpapi-ratelimit-headers-11) and Retry-After values.</summary>
public class RateLimitHeadersTests
{
    private static string Policy(params LimitStatus[] limits)
    {
        var buffer = new byte[512];
        Assert.True(RateLimitHeaders.TryWritePolicy(buffer, limits, out var written));
        return Encoding.ASCII.GetString(buffer, 0, written);
    }

    private static string Limit(params LimitStatus[] limits)
    {
        var buffer = new byte[512];
        Assert.True(RateLimitHeaders.TryWriteLimit(buffer, limits, out var written));
        return Encoding.ASCII.GetString(buffer, 0, written);
    }

    private static LimitStatus Status(string name, ThrottleLimit limit, BucketReading reading) =>
        new(RateLimitHeaders.EncodePolicyName(name), limit, reading);

    [Fact]
    public void One_policy_renders_as_in_the_draft()
    {
        var gold = ThrottleLimit.Create(5000, 60, 5000);
        var bucket = new TokenBucket(gold);
        Assert.True(bucket.TryTake(0, out var reading));
        var status = Status("Gold", gold, reading);
        Assert.Equal("\"Gold\";q=5000;w=60", Policy(status));
        Assert.Equal("\"Gold\";r=4999;t=1", Limit(status)); // 12 ms to full, rounded up
    }

    [Fact]
    public void Several_policies_are_one_list_and_a_burst_is_a_vendor_parameter()
    {
        var gold = ThrottleLimit.Create(5000, 60, 5000);
        var perIp = ThrottleLimit.Create(10, 1, 20);
        var ipBucket = new TokenBucket(perIp);
        for (var i = 0; i < 20; i++) Assert.True(ipBucket.TryTake(0));
        Assert.False(ipBucket.TryTake(0, out var refused));
        new TokenBucket(gold).Peek(0, out var full);
        var statuses = new[] { Status("Gold", gold, full), Status("per-ip", perIp, refused) };
        Assert.Equal("\"Gold\";q=5000;w=60, \"per-ip\";q=10;w=1;edge-burst=20", Policy(statuses));
        Assert.Equal("\"Gold\";r=5000;t=0, \"per-ip\";r=0;t=1", Limit(statuses));
    }

    [Fact]
    public void With_no_token_left_the_window_is_the_wait_for_the_next_one()
    {
        var daily = ThrottleLimit.Create(1, 86_400, 1);
        var bucket = new TokenBucket(daily);
        Assert.True(bucket.TryTake(0, out var last));
        Assert.Equal("\"daily\";r=0;t=86400", Limit(Status("daily", daily, last)));
        Assert.False(bucket.TryTake(Hour, out var refused));
        Assert.Equal(82_800, RateLimitHeaders.EffectiveWindowSeconds(refused));
        var buffer = new byte[20];
        Assert.True(RateLimitHeaders.TryWriteRetryAfter(buffer, refused, out var n));
        Assert.Equal("82800", Encoding.ASCII.GetString(buffer, 0, n)); // Retry-After = t: never before the window ends
    }

    [Fact]
    public void Retry_after_is_at_least_one_second()
    {
        var buffer = new byte[20];
        var fast = new TokenBucket(ThrottleLimit.Create(10, 1, 1));
        Assert.True(fast.TryTake(0));
        Assert.False(fast.TryTake(97 * Ms, out var soon));
        Assert.Equal(3 * Ms, soon.MicrosUntilToken);
        Assert.True(RateLimitHeaders.TryWriteRetryAfter(buffer, soon, out var n));
        Assert.Equal("1", Encoding.ASCII.GetString(buffer, 0, n));
        var slow = new TokenBucket(ThrottleLimit.Create(1, 2, 1));
        Assert.True(slow.TryTake(0));
        Assert.False(slow.TryTake(Second - 1, out var later));
        Assert.Equal(Second + 1, later.MicrosUntilToken);
        Assert.True(RateLimitHeaders.TryWriteRetryAfter(buffer, later, out n));
        Assert.Equal("2", Encoding.ASCII.GetString(buffer, 0, n));
    }

    [Theory]
    [InlineData("Gold", "\"Gold\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("tab\there", "\"tab_here\"")]
    [InlineData("Or\u00f6", "\"Or_\"")]
    public void Policy_names_are_sf_strings(string name, string encoded)
    {
        Assert.Equal(encoded, Encoding.ASCII.GetString(RateLimitHeaders.EncodePolicyName(name)));
    }

    [Fact]
    public void Long_names_are_cut_and_small_buffers_refused()
    {
        Assert.Equal(RateLimitHeaders.MaxPolicyName + 2, RateLimitHeaders.EncodePolicyName(new string('x', 500)).Length);
        var gold = ThrottleLimit.Create(5000, 60, 5000);
        new TokenBucket(gold).Peek(0, out var reading);
        var status = Status("Gold", gold, reading);
        Assert.False(RateLimitHeaders.TryWritePolicy(new byte[10], [status], out _));
        Assert.False(RateLimitHeaders.TryWriteLimit(new byte[10], [status], out _));
        Assert.True(RateLimitHeaders.TryWritePolicy(new byte[RateLimitHeaders.MaxItemLength(status.PolicyName.Length)], [status], out _));
    }
}
