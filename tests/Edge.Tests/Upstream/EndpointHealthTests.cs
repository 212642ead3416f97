using Edge.Tests.TestKit;
using Edge.Upstream.Health;
using static Edge.Tests.Upstream.UpstreamTestEndpoints;

namespace Edge.Tests.Upstream;

/// <summary>Passive ejection and active thresholds on one endpoint, on a manual clock.</summary>
public class EndpointHealthTests
{
    private static readonly ActiveHealthOptions Active = new("/healthz", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), Healthy: 2, Unhealthy: 3);

    [Fact]
    public void Consecutive_failures_eject_until_the_time_passes_then_probation()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var health = new EndpointHealth(new PassiveHealthOptions(3, TimeSpan.FromSeconds(10)), time);
        health.ReportFailure();
        health.ReportFailure();
        health.ReportSuccess(); // the streak is broken
        health.ReportFailure();
        health.ReportFailure();
        Assert.True(health.IsAvailable);
        health.ReportFailure();
        Assert.False(health.IsAvailable);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(health.IsAvailable);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(health.IsAvailable);
        // Probation: one more failure ejects again at once.
        health.ReportFailure();
        Assert.False(health.IsAvailable);
        time.Advance(TimeSpan.FromSeconds(10));
        health.ReportSuccess();
        health.ReportFailure();
        health.ReportFailure();
        Assert.True(health.IsAvailable);
    }

    [Fact]
    public void Active_probes_need_the_configured_streaks()
    {
        var health = new EndpointHealth(PassiveHealthOptions.Off);
        health.ReportProbe(false, Active);
        health.ReportProbe(false, Active);
        health.ReportProbe(true, Active);
        health.ReportProbe(false, Active);
        health.ReportProbe(false, Active);
        Assert.True(health.IsAvailable);
        health.ReportProbe(false, Active);
        Assert.False(health.IsAvailable);
        health.ReportProbe(true, Active);
        Assert.False(health.IsAvailable);
        health.ReportProbe(true, Active);
        Assert.True(health.IsAvailable);
    }

    [Fact]
    public void Passive_off_never_ejects()
    {
        var e = Create("a");
        for (var i = 0; i < 100; i++) e.Health.ReportFailure();
        Assert.True(e.Health.IsAvailable);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n", true)]
    [InlineData("HTTP/1.1 302 Found\r\n", true)]
    [InlineData("HTTP/1.0 204 \r\n", true)]
    [InlineData("HTTP/1.1 500 Oops\r\n", false)]
    [InlineData("HTTP/1.1 404 Nope\r\n", false)]
    [InlineData("SSH-2.0-OpenSSH\r\n", false)]
    public void Probe_status_classification(string head, bool healthy) =>
        Assert.Equal(healthy, HealthProbe.IsGoodStatus(System.Text.Encoding.ASCII.GetBytes(head)));
}
