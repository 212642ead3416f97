using System.Buffers;
using System.Text;
using Edge.Http2.Frames;
using Edge.Tests.Http1;

namespace Edge.Tests.Http2.Frames;

/// <summary>Detecting h2c prior knowledge from the first bytes (RFC 9113 §3.4).</summary>
public sealed class Http2PrefaceTests
{
    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    [Fact]
    public void ClientPreface_Is24Bytes()
    {
        Assert.Equal(Preface, Http2Preface.ClientPreface.ToArray());
        Assert.Equal(Http2Preface.Length, Preface.Length);
    }

    [Fact]
    public void Check_EveryProperPrefix_NeedsMoreData()
    {
        for (int n = 0; n < Preface.Length; n++)
        {
            Assert.Equal(Http2PrefaceStatus.NeedMoreData, Http2Preface.Check(Preface.AsSpan(0, n)));
            Assert.Equal(Http2PrefaceStatus.NeedMoreData, Http2Preface.Check(new ReadOnlySequence<byte>(Preface, 0, n)));
        }
    }

    [Fact]
    public void Check_WholePreface_AndMore_IsPreface()
    {
        byte[] withSettings = [.. Preface, 0, 0, 0, 4, 0, 0, 0, 0, 0];
        Assert.Equal(Http2PrefaceStatus.Preface, Http2Preface.Check(Preface));
        Assert.Equal(Http2PrefaceStatus.Preface, Http2Preface.Check(withSettings));
        for (int split = 1; split < withSettings.Length; split++)
        {
            Assert.Equal(Http2PrefaceStatus.Preface, Http2Preface.Check(SegmentedSequence.Create(withSettings, split)));
        }
    }

    [Fact]
    public void Check_ADifferingByteAnywhere_IsNotPreface_AsSoonAsItArrives()
    {
        for (int i = 0; i < Preface.Length; i++)
        {
            var bytes = (byte[])Preface.Clone();
            bytes[i] ^= 0x20;
            Assert.Equal(Http2PrefaceStatus.NotPreface, Http2Preface.Check(bytes.AsSpan(0, i + 1)));
            Assert.Equal(Http2PrefaceStatus.NotPreface, Http2Preface.Check(bytes));
            if (i > 0)
            {
                Assert.Equal(Http2PrefaceStatus.NotPreface, Http2Preface.Check(SegmentedSequence.Create(bytes, i)));
            }
        }
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("G")]
    [InlineData("PRI / HTTP/1.1\r\n")]
    [InlineData("PRI * HTTP/1.1\r\n\r\nSM\r\n\r\n")]
    public void Check_Http1Requests_AreNotPreface(string request)
    {
        Assert.Equal(Http2PrefaceStatus.NotPreface, Http2Preface.Check(Encoding.ASCII.GetBytes(request)));
    }

    [Fact]
    public void Write_EmitsThePreface()
    {
        var output = new ArrayBufferWriter<byte>();
        Http2Preface.Write(output);
        Assert.Equal(Preface, output.WrittenSpan.ToArray());
    }
}
