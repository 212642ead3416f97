using System.Runtime.InteropServices;
using Edge.Http2.Frames;
using Edge.Tests.Http1;
using Edge.Tests.TestKit;

namespace Edge.Tests.Http2.Frames;

/// <summary>Header block assembly and the CONTINUATION rules (RFC 9113 §4.3, §6.10; SECURITY.md case 28).</summary>
public sealed class Http2HeaderBlockAssemblerTests
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void SingleContiguousHeaders_IsHandedOverWithoutACopy()
    {
        var bytes = Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream, 1, "828684");
        var frame = Http2TestFrames.Read(bytes);
        using var assembler = Create();
        Assert.True(assembler.CheckSequence(frame.Header).IsNone);
        Assert.True(Http2HeadersFrame.Parse(frame, out var headers).IsNone);

        Assert.True(assembler.Begin(headers, _time.GetTimestamp()).IsNone);

        Assert.True(assembler.IsComplete);
        Assert.True(assembler.EndStream);
        Assert.Equal(1, assembler.StreamId);
        Assert.Equal([0x82, 0x86, 0x84], assembler.Block.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(frame.Payload.First, out var segment));
        Assert.True(assembler.Block.Overlaps(segment.Array.AsSpan()));
    }

    [Fact]
    public void HeadersThenContinuations_AreConcatenated()
    {
        using var assembler = Create();
        var result = Feed(assembler,
            Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.None, 3, "8286"),
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.None, 3, ""),
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.None, 3, "84"),
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 3, "4188aa"));

        Assert.Equal("ok", result);
        Assert.True(assembler.IsComplete);
        Assert.False(assembler.EndStream);
        Assert.Equal(3, assembler.ContinuationCount);
        Assert.Equal(Convert.FromHexString("8286844188aa"), assembler.Block.ToArray());

        assembler.Reset();
        Assert.False(assembler.IsComplete);
        Assert.True(assembler.Block.IsEmpty);
    }

    [Fact]
    public void HeadersSplitAcrossSegments_IsCopiedWhole()
    {
        var bytes = Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.EndHeaders, 1, "8286848788");
        var buffer = SegmentedSequence.Create(bytes, 11);
        Assert.True(Http2FrameReader.TryReadFrame(ref buffer, 16_384, out var frame, out _));
        Assert.True(Http2HeadersFrame.Parse(frame, out var headers).IsNone);
        using var assembler = Create();
        Assert.True(assembler.Begin(headers, 0).IsNone);
        Assert.Equal(Convert.FromHexString("8286848788"), assembler.Block.ToArray());
    }

    public static TheoryData<string, byte[], string> SequenceViolations => new()
    {
        {
            "DATA inside a header block",
            Http2TestFrames.Frame(Http2FrameType.Data, Http2FrameFlags.None, 1, "00"),
            "Connection:ProtocolError:ContinuationExpected"
        },
        {
            "PING inside a header block",
            Http2TestFrames.Frame(Http2FrameType.Ping, Http2FrameFlags.None, 0, "0000000000000000"),
            "Connection:ProtocolError:ContinuationExpected"
        },
        {
            "HEADERS inside a header block",
            Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.EndHeaders, 1, "82"),
            "Connection:ProtocolError:ContinuationExpected"
        },
        {
            "unknown type inside a header block",
            Http2TestFrames.Raw(0, 0xEE, 0, 1, []),
            "Connection:ProtocolError:ContinuationExpected"
        },
        {
            "CONTINUATION on another stream",
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 3, "82"),
            "Connection:ProtocolError:ContinuationWrongStream"
        },
    };

    [Theory]
    [MemberData(nameof(SequenceViolations))]
    public void OpenBlock_InterleavedFrame_IsConnectionProtocolError(string name, byte[] interloper, string expected)
    {
        using var assembler = Create();
        string result = Feed(assembler, Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.None, 1, "82"), interloper);
        Assert.True(result == expected, $"{name}: {result}");
    }

    [Fact]
    public void Continuation_WithoutOpenBlock_IsConnectionProtocolError()
    {
        using var assembler = Create();
        Assert.Equal("Connection:ProtocolError:ContinuationUnexpected",
            Feed(assembler, Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, "82")));

        // Also right after a block completed.
        using var after = Create();
        Assert.Equal("Connection:ProtocolError:ContinuationUnexpected", Feed(after,
            Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.EndHeaders, 1, "82"),
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, "82")));
    }

    [Fact]
    public void UnknownFrameOutsideABlock_IsAllowed()
    {
        using var assembler = Create();
        Assert.True(assembler.CheckSequence(new Http2FrameHeader(0, (Http2FrameType)0xEE, Http2FrameFlags.None, 1)).IsNone);
    }

    [Theory]
    [InlineData(8, "ok")]
    [InlineData(9, "Connection:EnhanceYourCalm:TooManyContinuations")]
    public void ContinuationCount_CappedAtEight(int continuations, string expected)
    {
        // SECURITY.md case 28a: a flood of empty CONTINUATIONs ends after nghttp2's 8.
        var frames = new List<byte[]> { Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.None, 1, "82") };
        for (int i = 1; i <= continuations; i++)
        {
            frames.Add(Http2TestFrames.Frame(Http2FrameType.Continuation, i == continuations ? Http2FrameFlags.EndHeaders : Http2FrameFlags.None, 1, ""));
        }

        using var assembler = Create();
        Assert.Equal(expected, Feed(assembler, [.. frames]));
    }

    [Theory]
    [InlineData(1024, "ok")]
    [InlineData(1025, "Connection:EnhanceYourCalm:HeaderBlockTooLarge")]
    public void BlockSize_CappedAtTheBound(int total, string expected)
    {
        using var assembler = new Http2HeaderBlockAssembler(1024, 8, TimeSpan.FromSeconds(10), _time.TimestampFrequency);
        var first = new byte[300];
        var rest = new byte[total - 900];
        Assert.Equal(expected, Feed(assembler,
            Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.None, 1, first),
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.None, 1, new byte[300]),
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.None, 1, new byte[300]),
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, rest)));
    }

    [Fact]
    public void BlockSize_ASingleHeadersFrameOverTheBound_IsRejected()
    {
        using var assembler = new Http2HeaderBlockAssembler(100, 8, TimeSpan.FromSeconds(10), _time.TimestampFrequency);
        Assert.Equal("Connection:EnhanceYourCalm:HeaderBlockTooLarge",
            Feed(assembler, Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.EndHeaders, 1, new byte[101])));
    }

    [Fact]
    public void LargeBlock_GrowsBeyondTheFirstBuffer()
    {
        var fragment = Enumerable.Range(0, 16_000).Select(i => (byte)i).ToArray();
        using var assembler = Create();
        Assert.Equal("ok", Feed(assembler,
            Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.None, 1, fragment),
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.None, 1, fragment),
            Http2TestFrames.Frame(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, fragment)));
        Assert.Equal([.. fragment, .. fragment, .. fragment], assembler.Block.ToArray());
    }

    [Fact]
    public void OpenBlock_TimesOutAtTheHeaderTimeout()
    {
        // SECURITY.md case 28c: one CONTINUATION every 5 s must not keep a block open forever.
        using var assembler = Create();
        Assert.Equal("ok", Feed(assembler, Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.None, 1, "82")));
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.True(assembler.CheckTimeout(_time.GetTimestamp()).IsNone);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(Http2Error.Connection(Http2ErrorCode.EnhanceYourCalm, Http2ErrorReason.HeaderBlockTimeout), assembler.CheckTimeout(_time.GetTimestamp()));
    }

    [Fact]
    public void CompleteBlock_DoesNotTimeOut()
    {
        using var assembler = Create();
        Assert.Equal("ok", Feed(assembler, Http2TestFrames.Frame(Http2FrameType.Headers, Http2FrameFlags.EndHeaders, 1, "82")));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(assembler.CheckTimeout(_time.GetTimestamp()).IsNone);
    }

    private Http2HeaderBlockAssembler Create() =>
        new(Http2HeaderBlockAssembler.DefaultMaxBlockBytes, Http2HeaderBlockAssembler.DefaultMaxContinuations, TimeSpan.FromSeconds(10), _time.TimestampFrequency);

    /// <summary>Drives frames through the assembler as a connection loop would; "ok" or the first error.</summary>
    private string Feed(Http2HeaderBlockAssembler assembler, params byte[][] frames)
    {
        foreach (var bytes in frames)
        {
            var frame = Http2TestFrames.Read(bytes);
            var error = assembler.CheckSequence(frame.Header);
            if (error.IsNone)
            {
                if (frame.Type == Http2FrameType.Headers)
                {
                    error = Http2HeadersFrame.Parse(frame, out var headers);
                    if (error.IsNone)
                    {
                        if (assembler.IsComplete)
                        {
                            assembler.Reset();
                        }

                        error = assembler.Begin(headers, _time.GetTimestamp());
                    }
                }
                else if (frame.Type == Http2FrameType.Continuation)
                {
                    error = Http2ContinuationFrame.Parse(frame, out var continuation);
                    if (error.IsNone)
                    {
                        error = assembler.Append(continuation);
                    }
                }
            }

            if (error.IsError)
            {
                return Http2FrameParsingTests.Describe(error);
            }
        }

        return "ok";
    }
}
