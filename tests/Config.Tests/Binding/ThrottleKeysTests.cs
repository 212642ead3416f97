using Edge.Config.Model;
using Edge.Config.Tests.Loading;

namespace Edge.Config.Tests.Binding;

/// <summary>
/// The throttle keys the wiring added: <c>[throttle] default_tier</c> and <c>ipv6_prefix</c>, per policy
/// <c>name</c> and <c>when_missing</c>, per API <c>rate_limit_headers</c> and <c>subscription_throttle</c>:
/// defaults, values, and positioned errors.
/// </summary>
public class ThrottleKeysTests
{
    private const string Tiers = "[throttle.tiers]\nGold = \"5000/min\"\nBronze = { rate = \"10/s\", burst = 20 }\n";

    private static string Api(string extra) => "[[apis]]\nname = \"a\"\nbase_path = \"/a\"\nupstream = \"coffee\"\n" + extra;

    [Fact]
    public void Defaults_NoDefaultTier_Prefix64_SharedMissing_NoHeaders_NoSubscription()
    {
        var c = TestConfig.LoadOk(TestConfig.Minimal + Tiers + Api("throttle = { tier = \"Gold\", key = \"header:x-client\" }\n"));
        Assert.Null(c.Throttle.DefaultTier);
        Assert.Equal(64, c.Throttle.IPv6Prefix);
        var policy = Assert.Single(c.Apis[0].Throttle);
        Assert.Null(policy.Name);
        Assert.Equal(ThrottleMissingKey.Shared, policy.WhenMissing);
        Assert.False(c.Apis[0].RateLimitHeaders);
        Assert.False(c.Apis[0].SubscriptionThrottle);
    }

    [Fact]
    public void Values_AreBound()
    {
        var c = TestConfig.LoadOk(TestConfig.Minimal + "[throttle]\ndefault_tier = \"Bronze\"\nipv6_prefix = 56\ntier_claim = \"plan\"\napplication_claim = \"client_id\"\n" + Tiers
            + Api("rate_limit_headers = true\nsubscription_throttle = true\nthrottle = [{ tier = \"Gold\", key = \"query:k\", name = \"per-key\", when_missing = \"skip\" }, { tier = \"Bronze\" }]\n"));
        Assert.Equal("Bronze", c.Throttle.DefaultTier);
        Assert.Equal(56, c.Throttle.IPv6Prefix);
        Assert.Equal(("plan", "client_id"), (c.Throttle.TierClaim, c.Throttle.ApplicationClaim));
        Assert.True(c.Apis[0].RateLimitHeaders);
        Assert.True(c.Apis[0].SubscriptionThrottle);
        Assert.Equal("per-key", c.Apis[0].Throttle[0].Name);
        Assert.Equal(ThrottleMissingKey.Skip, c.Apis[0].Throttle[0].WhenMissing);
        Assert.Equal(new TierConfig("Bronze", new Rate(10, new Duration(1000)), 20), c.Throttle.Tiers[1]);
    }

    [Fact]
    public void EqualConfigs_AreEqual_AndANewKeyMakesThemDiffer()
    {
        var text = TestConfig.Minimal + Tiers + Api("throttle = { tier = \"Gold\", name = \"g\" }\n");
        Assert.Equal(TestConfig.LoadOk(text).Apis[0], TestConfig.LoadOk(text).Apis[0]);
        Assert.NotEqual(TestConfig.LoadOk(text).Apis[0], TestConfig.LoadOk(text + "rate_limit_headers = true\n").Apis[0]);
        Assert.NotEqual(TestConfig.LoadOk(text).Apis[0].Throttle, TestConfig.LoadOk(text.Replace("name = \"g\"", "name = \"h\"")).Apis[0].Throttle);
    }

    [Theory]
    [InlineData("[throttle]\nipv6_prefix = 0\n", "edge.toml:2:15: throttle.ipv6_prefix: 0 is out of range: expected an integer from 1 to 128")]
    [InlineData("[throttle]\nipv6_prefix = 129\n", "edge.toml:2:15: throttle.ipv6_prefix: 129 is out of range: expected an integer from 1 to 128")]
    [InlineData("[throttle]\ndefault_tier = \"\"\n", "edge.toml:2:16: throttle.default_tier: ")]
    public void ThrottleTable_BadValue_ReportedAtValue(string toml, string expectedPrefix)
    {
        Assert.StartsWith(expectedPrefix, TestConfig.LoadSingleError(toml), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultTier_Undefined_ReportedWithSuggestion()
    {
        var line = TestConfig.LoadSingleError("[throttle]\ndefault_tier = \"Glod\"\n[throttle.tiers]\nGold = \"1/s\"\n");
        Assert.Equal("edge.toml:2:16: throttle.default_tier: undefined tier \"Glod\" (did you mean \"Gold\"?): expected a tier from [throttle.tiers] (defined: \"Gold\")", line);
    }

    [Theory]
    [InlineData("throttle = { tier = \"Gold\", when_missing = \"drop\" }", "apis[0].throttle.when_missing: bad when_missing \"drop\": expected one of \"shared\", \"skip\"")]
    [InlineData("throttle = { tier = \"Gold\", name = \"\" }", "apis[0].throttle.name: ")]
    [InlineData("rate_limit_headers = \"yes\"", "apis[0].rate_limit_headers: ")]
    [InlineData("subscription_throttle = 1", "apis[0].subscription_throttle: ")]
    public void ApiKeys_BadValue_ReportedAtKeyPath(string line, string expected)
    {
        var error = TestConfig.LoadSingleError(TestConfig.Minimal + Tiers + Api(line + "\n"));
        Assert.Matches(@"^edge\.toml:1[3-4]:\d+: ", error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
