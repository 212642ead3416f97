using System.Buffers;
using System.Diagnostics;

namespace Edge.Http2.Frames;

/// <summary>
/// SETTINGS (RFC 9113 §6.5): zero or more 6-octet entries, or an empty acknowledgement. <see cref="Parse"/>
/// validates every entry, so a caller that enumerates a parsed frame sees only legal values (and
/// unknown identifiers, which it must ignore, §6.5.2). Parameters apply in order, the last value of a
/// repeated identifier wins (§6.5.3).
/// </summary>
internal readonly struct Http2SettingsFrame
{
    public const int EntryLength = 6;

    /// <summary>nghttp2's cap on entries per SETTINGS frame (NGHTTP2_DEFAULT_MAX_SETTINGS). A legitimate peer
    /// sends at most one entry per defined parameter (about eight).</summary>
    public const int DefaultMaxEntries = 32;

    /// <summary>SETTINGS_MAX_FRAME_SIZE bounds (§6.5.2).</summary>
    public const int MinMaxFrameSize = 16_384;

    public const int MaxMaxFrameSize = Http2FrameHeader.MaxLength;

    private readonly ReadOnlySequence<byte> _payload;

    private Http2SettingsFrame(bool isAck, int count, ReadOnlySequence<byte> payload)
    {
        IsAck = isAck;
        Count = count;
        _payload = payload;
    }

    public bool IsAck { get; }

    /// <summary>Number of entries (0 for an ACK).</summary>
    public int Count { get; }

    /// <summary>
    /// Validates a SETTINGS frame (all errors are connection errors, §6.5): stream ≠ 0 → PROTOCOL_ERROR;
    /// ACK with a payload, or a length not a multiple of 6 → FRAME_SIZE_ERROR; more than
    /// <paramref name="maxEntries"/> entries → ENHANCE_YOUR_CALM; then each value per §6.5.2 (see
    /// <see cref="Validate"/>).
    /// </summary>
    /// <param name="receiver">Our role: a client must reject SETTINGS_ENABLE_PUSH = 1 from a server.</param>
    public static Http2Error Parse(in Http2Frame frame, Http2Role receiver, out Http2SettingsFrame settings, int maxEntries = DefaultMaxEntries)
    {
        Debug.Assert(frame.Type == Http2FrameType.Settings);
        settings = default;
        var header = frame.Header;
        if (header.StreamId != 0)
        {
            return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.StreamIdNotZero);
        }

        if (header.HasFlag(Http2FrameFlags.Ack))
        {
            if (header.Length != 0)
            {
                return Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.SettingsAckWithPayload);
            }

            settings = new Http2SettingsFrame(isAck: true, 0, ReadOnlySequence<byte>.Empty);
            return Http2Error.None;
        }

        if (header.Length % EntryLength != 0)
        {
            return Http2Error.Connection(Http2ErrorCode.FrameSizeError, Http2ErrorReason.SettingsLength);
        }

        int count = header.Length / EntryLength;
        if (count > maxEntries)
        {
            return Http2Error.Connection(Http2ErrorCode.EnhanceYourCalm, Http2ErrorReason.SettingsTooManyEntries);
        }

        var parsed = new Http2SettingsFrame(isAck: false, count, frame.Payload);
        foreach (var setting in parsed)
        {
            var error = Validate(setting, receiver);
            if (error.IsError)
            {
                return error;
            }
        }

        settings = parsed;
        return Http2Error.None;
    }

    /// <summary>
    /// One entry against §6.5.2 (connection errors): ENABLE_PUSH not 0/1, or 1 from a server →
    /// PROTOCOL_ERROR; INITIAL_WINDOW_SIZE above 2^31-1 → FLOW_CONTROL_ERROR; MAX_FRAME_SIZE outside
    /// 16,384..16,777,215 → PROTOCOL_ERROR; ENABLE_CONNECT_PROTOCOL (RFC 8441 §3) and
    /// NO_RFC7540_PRIORITIES (RFC 9218 §2.1) not 0/1 → PROTOCOL_ERROR. HEADER_TABLE_SIZE,
    /// MAX_CONCURRENT_STREAMS, MAX_HEADER_LIST_SIZE take any value; unknown identifiers are ignored.
    /// </summary>
    public static Http2Error Validate(Http2Setting setting, Http2Role receiver)
    {
        uint value = setting.Value;
        switch (setting.Parameter)
        {
            case Http2SettingsParameter.EnablePush:
                // "A client MUST treat receipt of a SETTINGS frame with SETTINGS_ENABLE_PUSH set to 1 as
                // a connection error of type PROTOCOL_ERROR."
                if (value > 1 || (value == 1 && receiver == Http2Role.Client))
                {
                    return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.SettingsEnablePush);
                }

                break;
            case Http2SettingsParameter.InitialWindowSize:
                if (value > int.MaxValue)
                {
                    return Http2Error.Connection(Http2ErrorCode.FlowControlError, Http2ErrorReason.SettingsInitialWindowSize);
                }

                break;
            case Http2SettingsParameter.MaxFrameSize:
                if (value < MinMaxFrameSize || value > MaxMaxFrameSize)
                {
                    return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.SettingsMaxFrameSize);
                }

                break;
            case Http2SettingsParameter.EnableConnectProtocol:
                if (value > 1)
                {
                    return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.SettingsEnableConnectProtocol);
                }

                break;
            case Http2SettingsParameter.NoRfc7540Priorities:
                if (value > 1)
                {
                    return Http2Error.Connection(Http2ErrorCode.ProtocolError, Http2ErrorReason.SettingsNoRfc7540Priorities);
                }

                break;
        }

        return Http2Error.None;
    }

    public Enumerator GetEnumerator() => new(_payload);

    /// <summary>Walks the entries in wire order; allocation-free, segment boundaries handled by the reader.</summary>
    public ref struct Enumerator
    {
        private SequenceReader<byte> _reader;

        internal Enumerator(ReadOnlySequence<byte> payload)
        {
            _reader = new SequenceReader<byte>(payload);
            Current = default;
        }

        public Http2Setting Current { get; private set; }

        public bool MoveNext()
        {
            if (_reader.Remaining < EntryLength)
            {
                return false;
            }

            _reader.TryReadBigEndian(out short id);
            _reader.TryReadBigEndian(out int value);
            Current = new Http2Setting((Http2SettingsParameter)(ushort)id, (uint)value);
            return true;
        }
    }
}
