using Edge.Transport.Tls;

namespace Edge.Tests.Transport;

/// <summary>A flood of failed handshakes costs a bounded number of log lines.</summary>
public sealed class TlsFailureLogTests
{
    [Fact]
    public void Write_MoreThanTheBurst_DropsAndCountsTheRest()
    {
        var output = new StringWriter();
        var log = new TlsFailureLog(output);

        for (var i = 0; i < TlsFailureLog.Burst + 5; i++) log.Write($"line {i}");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(TlsFailureLog.Burst, lines.Length);
        Assert.Equal("line 0", lines[0]);
        Assert.Equal(5, log.Suppressed);
    }
}
