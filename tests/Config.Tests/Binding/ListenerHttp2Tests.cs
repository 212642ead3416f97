using Edge.Config.Model;
using Edge.Config.Tests.Loading;

namespace Edge.Config.Tests.Binding;

/// <summary><c>[listeners.http2]</c>: defaults from <c>[server.limits]</c>, explicit values, bounds with file:line:col.</summary>
public sealed class ListenerHttp2Tests
{
    private const string Listener = "[[listeners]]\nbind = \"0.0.0.0:80\"\nprotocols = [\"http1\", \"h2c\"]\n";

    [Fact]
    public void NoTable_DefaultsFromServerLimits()
    {
        var c = TestConfig.LoadOk("[server.limits]\nh2_max_streams = 50\nh2_max_requests = 5000\nh2_header_list = \"32KiB\"\n" + Listener);
        var h2 = c.Listeners[0].Http2!;
        Assert.Equal(50, h2.MaxConcurrentStreams);
        Assert.Equal(ByteSize.FromKiB(32), h2.HeaderListSize);
        Assert.Equal(5000, h2.MaxStreamsPerConnection);
        Assert.Equal(65_535, h2.InitialWindowSize.Bytes);
        Assert.Equal(ByteSize.FromMiB(1), h2.ConnectionWindowSize);
        Assert.Equal(16_384, h2.MaxFrameSize.Bytes);
    }

    [Fact]
    public void NoLimits_AnchoredDefaults()
    {
        var h2 = TestConfig.LoadOk(Listener).Listeners[0].Http2!;
        Assert.Equal(ListenerHttp2Config.From(LimitsConfig.Default), h2);
        Assert.Equal(100, h2.MaxConcurrentStreams);
        Assert.Equal(ByteSize.FromKiB(16), h2.HeaderListSize);
    }

    [Fact]
    public void ExplicitValues_Bound()
    {
        var c = TestConfig.LoadOk(Listener + """
            [listeners.http2]
            max_concurrent_streams = 250
            max_streams_per_connection = 10000
            header_list_size = "64KiB"
            initial_window_size = "256KiB"
            connection_window_size = "4MiB"
            max_frame_size = "32KiB"
            """);
        Assert.Equal(new ListenerHttp2Config(250, 10_000, ByteSize.FromKiB(64), ByteSize.FromKiB(256), ByteSize.FromMiB(4), ByteSize.FromKiB(32)), c.Listeners[0].Http2);
    }

    [Fact]
    public void ServerLimitsChange_ChangesTheListener_SoAReloadRebindsIt()
    {
        var a = TestConfig.LoadOk(Listener).Listeners[0];
        var b = TestConfig.LoadOk("[server.limits]\nh2_max_streams = 10\n" + Listener).Listeners[0];
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("max_concurrent_streams = 0", "edge.toml:5:26: listeners[0].http2.max_concurrent_streams: 0 is out of range: expected an integer from 1 to 10000")]
    [InlineData("max_concurrent_streams = 10001", "edge.toml:5:26: listeners[0].http2.max_concurrent_streams: 10001 is out of range")]
    [InlineData("max_streams_per_connection = 0", "edge.toml:5:30: listeners[0].http2.max_streams_per_connection: 0 is out of range: expected an integer from 1 to 1073741824")]
    [InlineData("header_list_size = \"512\"", "edge.toml:5:20: listeners[0].http2.header_list_size: header_list_size 512 is out of range: expected 1KiB")]
    [InlineData("header_list_size = \"2MiB\"", "edge.toml:5:20: listeners[0].http2.header_list_size: header_list_size 2MiB is out of range")]
    [InlineData("initial_window_size = \"65534\"", "edge.toml:5:23: listeners[0].http2.initial_window_size: initial_window_size 65534 is out of range: expected 65535")]
    [InlineData("initial_window_size = \"32MiB\"", "edge.toml:5:23: listeners[0].http2.initial_window_size: initial_window_size 32MiB is out of range")]
    [InlineData("connection_window_size = \"1GiB\"", "edge.toml:5:26: listeners[0].http2.connection_window_size: connection_window_size 1GiB is out of range")]
    [InlineData("max_frame_size = \"16000\"", "edge.toml:5:18: listeners[0].http2.max_frame_size: max_frame_size 16000 is out of range: expected 16384 to 16777215")]
    [InlineData("max_frame_size = \"16MiB\"", "edge.toml:5:18: listeners[0].http2.max_frame_size: max_frame_size 16MiB is out of range")]
    [InlineData("max_concurrent_stream = 5", "edge.toml:5:1: listeners[0].http2.max_concurrent_stream: unknown key")]
    public void OutOfRange_OrUnknown_IsOnePositionedError(string line, string expected)
    {
        var error = TestConfig.LoadSingleError(Listener + "[listeners.http2]\n" + line + "\n");
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionWindowBelowStreamWindow_Refused()
    {
        var error = TestConfig.LoadSingleError(Listener + "[listeners.http2]\ninitial_window_size = \"1MiB\"\nconnection_window_size = \"512KiB\"\n");
        Assert.StartsWith("edge.toml:6:26: listeners[0].http2.connection_window_size: connection_window_size 512KiB is smaller than initial_window_size 1MiB", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Http2Table_OnAListenerWithoutHttp2_Refused()
    {
        var error = TestConfig.LoadSingleError("[[listeners]]\nbind = \"0.0.0.0:80\"\n[listeners.http2]\nmax_concurrent_streams = 5\n");
        Assert.StartsWith("edge.toml:3:1: listeners[0].http2: http2 settings on a listener that serves no HTTP/2", error, StringComparison.Ordinal);
    }
}
