using Edge.Config.Model;
using Edge.Hosting;

namespace Edge.Tests.Hosting;

/// <summary>[server.limits] maps onto the HTTP/1 server's options.</summary>
public sealed class ServerOptionsTests
{
    [Fact]
    public void ServerOptions_MapsEveryTimeout()
    {
        var limits = LimitsConfig.Default with
        {
            HeaderTimeout = Duration.FromSeconds(1),
            IdleTimeout = Duration.FromSeconds(2),
            BodyTimeout = new Duration(1500),
            SendTimeout = Duration.FromSeconds(3),
        };

        var options = EdgeServer.ServerOptions(limits);

        Assert.Equal(TimeSpan.FromSeconds(1), options.HeaderTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.BodyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.SendTimeout);
    }

    [Fact]
    public void ServerOptions_Defaults_Are60sForBodyAndSend()
    {
        var options = EdgeServer.ServerOptions(LimitsConfig.Default);

        Assert.Equal(TimeSpan.FromSeconds(60), options.BodyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.SendTimeout);
    }
}
