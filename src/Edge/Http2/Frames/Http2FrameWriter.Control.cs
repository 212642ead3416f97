using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>Control frames: SETTINGS, PING, GOAWAY, RST_STREAM, WINDOW_UPDATE (each one span, one Advance).</summary>
internal static partial class Http2FrameWriter
{
    /// <summary>SETTINGS with <paramref name="settings"/> in order (§6.5). Our own settings go out once per
    /// connection, so callers pass a short stack span.</summary>
    public static void WriteSettings(IBufferWriter<byte> output, ReadOnlySpan<Http2Setting> settings)
    {
        if (settings.Length > Http2SettingsFrame.DefaultMaxEntries)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Length, "more SETTINGS entries than a peer accepts");
        }

        int length = settings.Length * Http2SettingsFrame.EntryLength;
        var span = output.GetSpan(Http2FrameHeader.Size + length);
        Http2FrameHeader.Write(span, length, Http2FrameType.Settings, Http2FrameFlags.None, 0);
        var entry = span.Slice(Http2FrameHeader.Size);
        foreach (var setting in settings)
        {
            BinaryPrimitives.WriteUInt16BigEndian(entry, (ushort)setting.Parameter);
            BinaryPrimitives.WriteUInt32BigEndian(entry.Slice(2), setting.Value);
            entry = entry.Slice(Http2SettingsFrame.EntryLength);
        }

        output.Advance(Http2FrameHeader.Size + length);
    }

    /// <summary>The empty SETTINGS with ACK that every peer SETTINGS requires "as soon as possible" (§6.5.3).</summary>
    public static void WriteSettingsAck(IBufferWriter<byte> output) =>
        WriteFrameHeader(output, 0, Http2FrameType.Settings, Http2FrameFlags.Ack, 0);

    /// <summary>PING with <paramref name="opaqueData"/>; with <paramref name="ack"/> it answers the peer's
    /// PING with the same data (§6.7).</summary>
    public static void WritePing(IBufferWriter<byte> output, ulong opaqueData, bool ack)
    {
        var span = output.GetSpan(Http2FrameHeader.Size + Http2PingFrame.PayloadLength);
        Http2FrameHeader.Write(span, Http2PingFrame.PayloadLength, Http2FrameType.Ping, ack ? Http2FrameFlags.Ack : Http2FrameFlags.None, 0);
        BinaryPrimitives.WriteUInt64BigEndian(span.Slice(Http2FrameHeader.Size), opaqueData);
        output.Advance(Http2FrameHeader.Size + Http2PingFrame.PayloadLength);
    }

    /// <summary>
    /// GOAWAY (§6.8) with the last peer-initiated stream we processed (or may still process: 2^31-1
    /// for the first GOAWAY of a graceful shutdown, SECURITY.md case 67) and optional debug data
    /// (Edge sends <see cref="Http2ErrorReasons.Message"/>, never peer bytes).
    /// </summary>
    public static void WriteGoAway(IBufferWriter<byte> output, int lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData = default)
    {
        Debug.Assert(lastStreamId >= 0);
        const int Fixed = Http2GoAwayFrame.MinPayloadLength;
        var span = output.GetSpan(Http2FrameHeader.Size + Fixed);
        Http2FrameHeader.Write(span, Fixed + debugData.Length, Http2FrameType.GoAway, Http2FrameFlags.None, 0);
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(Http2FrameHeader.Size), (uint)lastStreamId & Http2FrameHeader.StreamIdMask);
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(Http2FrameHeader.Size + 4), (uint)errorCode);
        output.Advance(Http2FrameHeader.Size + Fixed);
        CopyTo(output, debugData);
    }

    /// <summary>RST_STREAM (§6.4).</summary>
    public static void WriteRstStream(IBufferWriter<byte> output, int streamId, Http2ErrorCode errorCode)
    {
        Debug.Assert(streamId > 0);
        var span = output.GetSpan(Http2FrameHeader.Size + Http2RstStreamFrame.PayloadLength);
        Http2FrameHeader.Write(span, Http2RstStreamFrame.PayloadLength, Http2FrameType.RstStream, Http2FrameFlags.None, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(Http2FrameHeader.Size), (uint)errorCode);
        output.Advance(Http2FrameHeader.Size + Http2RstStreamFrame.PayloadLength);
    }

    /// <summary>WINDOW_UPDATE (§6.9) on a stream or, with stream 0, on the connection. The increment must be
    /// 1..2^31-1 (0 is a PROTOCOL_ERROR at the peer).</summary>
    public static void WriteWindowUpdate(IBufferWriter<byte> output, int streamId, int increment)
    {
        Debug.Assert(streamId >= 0);
        if (increment <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(increment), increment, "WINDOW_UPDATE increment must be 1..2^31-1");
        }

        var span = output.GetSpan(Http2FrameHeader.Size + Http2WindowUpdateFrame.PayloadLength);
        Http2FrameHeader.Write(span, Http2WindowUpdateFrame.PayloadLength, Http2FrameType.WindowUpdate, Http2FrameFlags.None, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(Http2FrameHeader.Size), (uint)increment);
        output.Advance(Http2FrameHeader.Size + Http2WindowUpdateFrame.PayloadLength);
    }
}
