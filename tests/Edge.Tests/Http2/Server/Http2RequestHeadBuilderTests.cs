using System.Text;
using Edge.Http;
using Edge.Http2.Server;

namespace Edge.Tests.Http2.Server;

/// <summary>The request head validation table (RFC 9113 §8.2–§8.3) and the mapping into an HttpRequestHead.</summary>
public sealed class Http2RequestHeadBuilderTests
{
    private static (Http2RequestError Error, HttpRequestHead Head, Http2RequestHeadBuilder Builder) Build(params string[] flat)
    {
        var head = new HttpRequestHead();
        var builder = new Http2RequestHeadBuilder(maxHeaderCount: 5);
        builder.Start(head);
        for (var i = 0; i < flat.Length; i += 2) builder.OnHeader(Encoding.Latin1.GetBytes(flat[i]), Encoding.Latin1.GetBytes(flat[i + 1]));
        return (builder.Complete(), head, builder);
    }

    private static readonly string[] Base = [":method", "GET", ":scheme", "https", ":authority", "api.test:8443", ":path", "/a/b?x=1"];

    [Fact]
    public void ValidRequest_FillsTheHead()
    {
        var (error, head, _) = Build([.. Base, "accept", "*/*"]);

        Assert.Equal(Http2RequestError.None, error);
        Assert.Equal("GET", Encoding.ASCII.GetString(head.Method));
        Assert.Equal(KnownMethod.Get, head.KnownMethod);
        Assert.Equal("/a/b", Encoding.ASCII.GetString(head.Path));
        Assert.Equal("x=1", Encoding.ASCII.GetString(head.Query));
        Assert.Equal("api.test:8443", Encoding.ASCII.GetString(head.Authority));
        Assert.Equal(1, head.HeaderCount);
    }

    [Fact]
    public void CookieCrumbs_AreJoined()
    {
        var (error, head, _) = Build([.. Base, "cookie", "a=1", "x", "y", "cookie", "b=2"]);

        Assert.Equal(Http2RequestError.None, error);
        Assert.True(head.TryGetHeader("cookie"u8, out var cookie));
        Assert.Equal("a=1; b=2", Encoding.ASCII.GetString(cookie));
    }

    [Fact]
    public void ContentLength_IsRead()
    {
        var (error, _, builder) = Build([.. Base, "content-length", "42"]);
        Assert.Equal(Http2RequestError.None, error);
        Assert.Equal(42, builder.ContentLength);
    }

    [Fact]
    public void HostWithoutAuthority_IsTheAuthority()
    {
        var (error, head, _) = Build(":method", "GET", ":scheme", "http", ":path", "/", "host", "h.test");
        Assert.Equal(Http2RequestError.None, error);
        Assert.Equal("h.test", Encoding.ASCII.GetString(head.Authority));
    }

    public static TheoryData<string, string[]> Invalid => new()
    {
        { nameof(Http2RequestError.UppercaseName), [.. Base, "Accept", "x"] },
        { nameof(Http2RequestError.InvalidName), [.. Base, "a b", "x"] },
        { nameof(Http2RequestError.InvalidName), [.. Base, "", "x"] },
        { nameof(Http2RequestError.InvalidValue), [.. Base, "x", "a\r\nb"] },
        { nameof(Http2RequestError.InvalidValue), [.. Base, "x", "a\0"] },
        { nameof(Http2RequestError.InvalidValue), [.. Base, "x", " a"] },
        { nameof(Http2RequestError.ConnectionSpecificField), [.. Base, "connection", "close"] },
        { nameof(Http2RequestError.ConnectionSpecificField), [.. Base, "keep-alive", "1"] },
        { nameof(Http2RequestError.ConnectionSpecificField), [.. Base, "proxy-connection", "1"] },
        { nameof(Http2RequestError.ConnectionSpecificField), [.. Base, "transfer-encoding", "chunked"] },
        { nameof(Http2RequestError.ConnectionSpecificField), [.. Base, "upgrade", "h2c"] },
        { nameof(Http2RequestError.InvalidTe), [.. Base, "te", "gzip"] },
        { nameof(Http2RequestError.PseudoHeaderAfterField), [":method", "GET", "x", "y", ":scheme", "http", ":path", "/", ":authority", "a"] },
        { nameof(Http2RequestError.UnknownPseudoHeader), [.. Base, ":status", "200"] },
        { nameof(Http2RequestError.UnknownPseudoHeader), [":protocol", "websocket", .. Base] },
        { nameof(Http2RequestError.DuplicatePseudoHeader), [":path", "/", .. Base] },
        { nameof(Http2RequestError.MissingPseudoHeader), [":method", "GET", ":scheme", "http", ":authority", "a"] },
        { nameof(Http2RequestError.MissingPseudoHeader), [":scheme", "http", ":authority", "a", ":path", "/"] },
        { nameof(Http2RequestError.InvalidMethod), [":method", "GET?", ":scheme", "http", ":authority", "a", ":path", "/"] },
        { nameof(Http2RequestError.InvalidScheme), [":method", "GET", ":scheme", "ftp", ":authority", "a", ":path", "/"] },
        { nameof(Http2RequestError.InvalidPath), [":method", "GET", ":scheme", "http", ":authority", "a", ":path", ""] },
        { nameof(Http2RequestError.InvalidPath), [":method", "GET", ":scheme", "http", ":authority", "a", ":path", "x"] },
        { nameof(Http2RequestError.InvalidPath), [":method", "GET", ":scheme", "http", ":authority", "a", ":path", "/a#b"] },
        { nameof(Http2RequestError.InvalidPath), [":method", "GET", ":scheme", "http", ":authority", "a", ":path", "*"] },
        { nameof(Http2RequestError.InvalidAuthority), [":method", "GET", ":scheme", "http", ":authority", "u@a", ":path", "/"] },
        { nameof(Http2RequestError.InvalidConnect), [":method", "CONNECT", ":authority", "a:443", ":path", "/"] },
        { nameof(Http2RequestError.InvalidConnect), [":method", "CONNECT"] },
        { nameof(Http2RequestError.InvalidContentLength), [.. Base, "content-length", "1e3"] },
        { nameof(Http2RequestError.InvalidContentLength), [.. Base, "content-length", "5", "content-length", "5"] },
        { nameof(Http2RequestError.MissingAuthority), [":method", "GET", ":scheme", "http", ":path", "/"] },
        { nameof(Http2RequestError.AuthorityMismatch), [.. Base, "host", "other.test"] },
        { nameof(Http2RequestError.TooManyHeaders), [.. Base, "a", "1", "b", "1", "c", "1", "d", "1", "e", "1", "f", "1"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_IsRefusedWithTheRightReason(string expected, string[] fields)
    {
        var (error, _, _) = Build(fields);
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void OptionsAsterisk_IsAccepted()
    {
        var (error, head, _) = Build(":method", "OPTIONS", ":scheme", "http", ":authority", "a", ":path", "*");
        Assert.Equal(Http2RequestError.None, error);
        Assert.True(head.IsAsteriskForm);
    }

    [Theory]
    [InlineData(nameof(Http2RequestError.MissingAuthority), 400)]
    [InlineData(nameof(Http2RequestError.AuthorityMismatch), 400)]
    [InlineData(nameof(Http2RequestError.TooManyHeaders), 431)]
    [InlineData(nameof(Http2RequestError.InvalidPath), 0)]
    public void Status_ForRefusals(string error, int status) =>
        Assert.Equal(status, Http2RequestErrors.Status(Enum.Parse<Http2RequestError>(error)));
}
