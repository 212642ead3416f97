using System.Text;
using Edge.Http;
using Edge.Http1;

namespace Edge.Tests.Http1;

/// <summary>
/// RFC 7540 §3.2 decisions on an HTTP/1.1 head: which requests upgrade, which are served over HTTP/1.1,
/// which HTTP2-Settings values are refused (400), and the fields stream 1 gets.
/// </summary>
public sealed class H2cUpgradeCheckTests
{
    private static readonly Http1Framing NoBody = new(Http1BodyKind.None, -1, KeepAlive: true, UpgradeRequested: true, Tunnel: false, Interim: false);

    private static HttpRequestHead Head(string method, string target, params (string Name, string Value)[] fields)
    {
        var head = new HttpRequestHead();
        var m = Encoding.ASCII.GetBytes(method);
        head.SetRequestLine(m, KnownMethods.Classify(m), Encoding.ASCII.GetBytes(target), HttpVersion.Http11);
        foreach (var (name, value) in fields) head.AddHeader(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value));
        head.MarkConnectionNominatedFields();
        return head;
    }

    private static (string, string)[] Upgrade(string settings = "AAMAAABk", params (string, string)[] more) =>
        [("Host", "a.test"), ("Connection", "Upgrade, HTTP2-Settings"), ("Upgrade", "h2c"), ("HTTP2-Settings", settings), .. more];

    [Fact]
    public void Qualifying_Get_Upgrades_WithPseudoHeadersFirst_AndOnlyEndToEndFields()
    {
        var head = Head("GET", "/p?q=1", Upgrade(more: [("Accept", "text/plain"), ("X-Hop", "1"), ("TE", "trailers"), ("Keep-Alive", "5")]));
        var request = H2cUpgradeCheck.TryCreate(head, NoBody, 42);

        Assert.NotNull(request);
        Assert.Equal(6, request!.SettingsPayload.Length);
        Assert.Equal(42, request.StartTimestamp);
        var fields = request.Fields.Select(f => (Encoding.ASCII.GetString(f.Key), Encoding.ASCII.GetString(f.Value))).ToArray();
        Assert.Equal(new[] { (":method", "GET"), (":scheme", "http"), (":authority", "a.test"), (":path", "/p?q=1"), ("accept", "text/plain"), ("x-hop", "1") }, fields);
    }

    [Fact]
    public void ConnectionNominatedField_IsLeftOut()
    {
        var head = Head("GET", "/", [("Host", "a"), ("Connection", "Upgrade, HTTP2-Settings, X-Hop"), ("Upgrade", "h2c"), ("HTTP2-Settings", ""), ("X-Hop", "1")]);
        var request = H2cUpgradeCheck.TryCreate(head, NoBody, 0);
        Assert.DoesNotContain(request!.Fields, f => Encoding.ASCII.GetString(f.Key) == "x-hop");
        Assert.Empty(request.SettingsPayload);
    }

    /// <summary>Field lines "Name: Value", one per line.</summary>
    public static TheoryData<string> NotUpgraded => new()
    {
        "Connection: HTTP2-Settings\nHTTP2-Settings: AAMAAABk",                                  // no Upgrade
        "Connection: Upgrade, HTTP2-Settings\nUpgrade: websocket\nHTTP2-Settings: AAMAAABk",    // another protocol
        "Connection: Upgrade\nUpgrade: h2c\nHTTP2-Settings: AAMAAABk",                          // HTTP2-Settings not in Connection
        "Connection: Upgrade, HTTP2-Settings\nUpgrade: h2c",                                     // no HTTP2-Settings
        "Connection: Upgrade, HTTP2-Settings\nUpgrade: h2c\nHTTP2-Settings: AAMAAABk\nHTTP2-Settings: AAMAAABk", // two
    };

    [Theory]
    [MemberData(nameof(NotUpgraded))]
    public void NotQualifying_ServedOverHttp11(string lines)
    {
        var fields = lines.Split('\n').Select(l => (l[..l.IndexOf(':')], l[(l.IndexOf(':') + 2)..])).Prepend(("Host", "a")).ToArray();
        Assert.Null(H2cUpgradeCheck.TryCreate(Head("GET", "/", fields), NoBody, 0));
    }

    [Fact]
    public void WithBody_OrHttp10_OrNoUpgradeFraming_ServedOverHttp11()
    {
        var head = Head("POST", "/", Upgrade());
        Assert.Null(H2cUpgradeCheck.TryCreate(head, NoBody with { Body = Http1BodyKind.ContentLength, ContentLength = 5 }, 0));
        Assert.Null(H2cUpgradeCheck.TryCreate(head, NoBody with { Body = Http1BodyKind.Chunked }, 0));
        Assert.NotNull(H2cUpgradeCheck.TryCreate(head, NoBody with { Body = Http1BodyKind.ContentLength, ContentLength = 0 }, 0));
        Assert.Null(H2cUpgradeCheck.TryCreate(head, NoBody with { UpgradeRequested = false }, 0));
        head.Version = HttpVersion.Http10;
        Assert.Null(H2cUpgradeCheck.TryCreate(head, NoBody, 0));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("AAMAAABk", 6)]
    [InlineData("AAMAAABkAARAAAAAAAIAAAAA", 18)]
    [InlineData("AAMAAABkAARAAAAA", 12)]
    [InlineData("AAMAAABkAAQAAP__", 12)]   // '-' and '_' are base64url
    public void DecodeSettings_Valid(string value, int length)
    {
        Assert.Equal(length, H2cUpgradeCheck.DecodeSettings(Encoding.ASCII.GetBytes(value)).Length);
    }

    [Theory]
    [InlineData("AAMAAABk+A==")]   // '+' is base64, not base64url
    [InlineData("AAMA/ABk")]
    [InlineData("AAMAA")]          // 5 characters: a dangling sextet
    [InlineData("AAMAAA")]         // 4 bytes
    [InlineData("AAMAAABkAAQ")]    // 8 bytes
    [InlineData("AAMAAABk===")]
    [InlineData("AAM AABk")]
    [InlineData("=")]
    public void DecodeSettings_Malformed_Is400(string value)
    {
        var e = Assert.Throws<BadHttpMessageException>(() => H2cUpgradeCheck.DecodeSettings(Encoding.ASCII.GetBytes(value)));
        Assert.Equal(RejectReason.InvalidHttp2Settings, e.Reason);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void DecodeSettings_MoreThan32Entries_Is400_Before32IsFine()
    {
        Assert.Equal(32 * 6, H2cUpgradeCheck.DecodeSettings(Encoding.ASCII.GetBytes(Convert.ToBase64String(new byte[32 * 6]))).Length);
        var e = Assert.Throws<BadHttpMessageException>(() => H2cUpgradeCheck.DecodeSettings(Encoding.ASCII.GetBytes(Convert.ToBase64String(new byte[33 * 6]))));
        Assert.Equal(RejectReason.InvalidHttp2Settings, e.Reason);
    }

    [Fact]
    public void MalformedSettings_OnAQualifyingRequest_Throws()
    {
        Assert.Throws<BadHttpMessageException>(() => H2cUpgradeCheck.TryCreate(Head("GET", "/", Upgrade("A")), NoBody, 0));
    }
}
