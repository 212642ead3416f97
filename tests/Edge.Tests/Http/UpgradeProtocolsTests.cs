using System.Text;
using Edge.Http;

namespace Edge.Tests.Http;

/// <summary>Which upgrade the core forwards (only WebSocket, only where allowed), and which 101 it accepts.</summary>
public sealed class UpgradeProtocolsTests
{
    private sealed class NoSwitch : IUpgradeFeature
    {
        public CancellationToken Aborted => CancellationToken.None;

        public ITunnelEnd SwitchProtocols(HttpResponseHead head, ReadOnlySpan<byte> protocol) => throw new NotSupportedException();
    }

    private static Exchange Request(string method, string upgrade, bool upgradable = true)
    {
        var head = new HttpRequestHead();
        var known = method == "GET" ? KnownMethod.Get : method == "POST" ? KnownMethod.Post : KnownMethod.Custom;
        head.SetRequestLine(Encoding.ASCII.GetBytes(method), known, "/chat"u8, HttpVersion.Http11);
        head.AddHeader("Host"u8, "a"u8);
        head.AddHeader("Connection"u8, "Upgrade"u8);
        foreach (var line in upgrade.Split('|')) head.AddHeader("Upgrade"u8, Encoding.ASCII.GetBytes(line));
        return new Exchange(head) { Upgrade = upgradable ? new NoSwitch() : null };
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("WebSocket")]
    [InlineData("h2c, websocket")]
    [InlineData(" websocket ,foo/2")]
    [InlineData("h2c|websocket")]
    public void Forwardable_WebSocketOnAllowedGet_IsWebSocket(string upgrade) =>
        Assert.Equal(UpgradeProtocol.WebSocket, UpgradeProtocols.Forwardable(Request("GET", upgrade), webSocketAllowed: true));

    [Theory]
    [InlineData("h2c")]
    [InlineData("websocket/13")]
    [InlineData("websockets")]
    [InlineData("web socket")]
    [InlineData("")]
    public void Forwardable_OtherTokens_AreNeverForwarded(string upgrade) =>
        Assert.Equal(UpgradeProtocol.None, UpgradeProtocols.Forwardable(Request("GET", upgrade), webSocketAllowed: true));

    [Fact]
    public void Forwardable_RouteWithoutWebSocket_ForwardsNothing() =>
        Assert.Equal(UpgradeProtocol.None, UpgradeProtocols.Forwardable(Request("GET", "websocket"), webSocketAllowed: false));

    [Fact]
    public void Forwardable_NotGet_ForwardsNothing() =>
        Assert.Equal(UpgradeProtocol.None, UpgradeProtocols.Forwardable(Request("POST", "websocket"), webSocketAllowed: true));

    [Fact]
    public void Forwardable_ProtocolOffersNoSwitch_ForwardsNothing() =>
        Assert.Equal(UpgradeProtocol.None, UpgradeProtocols.Forwardable(Request("GET", "websocket", upgradable: false), webSocketAllowed: true));

    [Theory]
    [InlineData(101, "websocket", true, true)]
    [InlineData(101, "WEBSOCKET", true, true)]
    [InlineData(101, "h2c", true, false)]
    [InlineData(101, "", true, false)]
    [InlineData(101, "websocket", false, false)]
    [InlineData(200, "websocket", true, false)]
    public void Accepted_OnlyTheSwitchThatWasAskedFor(int status, string upgrade, bool askedWebSocket, bool expected)
    {
        var asked = askedWebSocket ? UpgradeProtocol.WebSocket : UpgradeProtocol.None;
        var head = new HttpResponseHead { Status = status };
        if (upgrade.Length > 0) head.AddHeader("Upgrade"u8, Encoding.ASCII.GetBytes(upgrade));

        Assert.Equal(expected, UpgradeProtocols.Accepted(head, asked));
    }
}
