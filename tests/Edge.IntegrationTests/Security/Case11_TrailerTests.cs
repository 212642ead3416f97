using System.Text;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md case 11: trailer fields never change the framing and are never merged into the head
/// (RFC 9112 §7.1.2 MUST NOT); Edge drops them (as Envoy does by default) and counts them against
/// the 32 KiB head budget (431 past it). Malformed trailer lines get the same 400s as head lines.
/// </summary>
public sealed class Case11_TrailerTests
{
    private const string Chunked = "POST /echo/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    [Fact]
    public async Task HostileTrailers_FramingUnchanged_NeverMerged_Dropped()
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();

        await h.ExpectForwardedAsync(client,
            Chunked + "5\r\nhello\r\n0\r\nContent-Length: 99\r\nHost: evil\r\nAuthorization: x\r\nTransfer-Encoding: gzip\r\n\r\n");
        // Framing unchanged: the next request on the connection starts right after the trailer section.
        await h.ExpectForwardedAsync(client, "GET /echo/next HTTP/1.1\r\nHost: a\r\n\r\n");

        await h.Backend.WaitForRequestsAsync(2);
        Assert.Equal(2, h.Backend.Requests.Count);
        var first = h.Backend.Requests.First();
        Assert.Equal("/x", first.Target);
        Assert.Equal("hello", Encoding.ASCII.GetString(first.Body));
        Assert.True(first.BodyComplete);
        Assert.Equal($"127.0.0.1:{h.Backend.Port}", Assert.Single(first.HeaderValues("Host")));
        Assert.Null(first.Header("Authorization"));
        Assert.DoesNotContain("99", first.HeaderValues("Content-Length"));
        Assert.DoesNotContain("evil", first.RawHead, StringComparison.Ordinal);
        Assert.DoesNotContain("gzip", first.RawHead, StringComparison.Ordinal);
        Assert.Empty(first.Trailers); // dropped, not forwarded as trailers either
        Assert.Equal("/next", h.Backend.Requests.Last().Target);
    }

    [Fact]
    public async Task TrailersPastTheHeadBudget_431_Close()
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();
        var trailers = new StringBuilder();
        for (var i = 0; i < 40; i++) trailers.Append("X-T").Append(i).Append(": ").Append('v', 1000).Append("\r\n");

        await client.SendAsync(Chunked + "5\r\nhello\r\n0\r\n");
        await SmugglingHarness.SendTolerantAsync(client, trailers.Append("\r\n").ToString());
        await SmugglingHarness.ExpectRejectAsync(client, 431, "Header section too large");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }

    [Fact]
    public async Task HeadAndTrailersTogetherPastTheHeadBudget_431_Close()
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();
        // 20 KiB in the head and 20 KiB in the trailers: each alone fits in 32 KiB, together they do not.
        var head = "POST /echo/x HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('h', 20 * 1024) + "\r\nTransfer-Encoding: chunked\r\n\r\n";

        await client.SendAsync(head + "5\r\nhello\r\n0\r\n");
        await SmugglingHarness.SendTolerantAsync(client, "X-Trailer: " + new string('t', 20 * 1024) + "\r\n\r\n");
        await SmugglingHarness.ExpectRejectAsync(client, 431, "Header section too large");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }

    [Fact]
    public async Task TooManyTrailerFields_431_Close()
    {
        await using var h = await SmugglingHarness.StartAsync();
        using var client = h.Edge.Connect();
        var trailers = new StringBuilder();
        for (var i = 0; i < 101; i++) trailers.Append("T").Append(i).Append(": v\r\n");

        await SmugglingHarness.SendTolerantAsync(client, Chunked + "5\r\nhello\r\n0\r\n" + trailers + "\r\n");
        await SmugglingHarness.ExpectRejectAsync(client, 431, "Too many header fields");

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }

    [Theory]
    [InlineData("X : v\r\n\r\n", "Whitespace between field name and colon")]
    [InlineData("X: a\r\n b\r\n\r\n", "Obsolete line folding")]
    [InlineData("X: a\u0000b\r\n\r\n", "Invalid header field value")]
    [InlineData("X: a\rb\r\n\r\n", "Bare CR")]
    [InlineData("no-colon\r\n\r\n", "Invalid header field name")]
    public async Task MalformedTrailer_400_Close(string trailer, string reason)
    {
        await using var h = await SmugglingHarness.StartAsync();

        await h.ExpectRejectAsync(Chunked + "5\r\nhello\r\n0\r\n" + trailer + SmugglingHarness.Smuggled, 400, reason);

        await h.AssertUpstreamGotNoCompleteRequestAsync();
    }
}
