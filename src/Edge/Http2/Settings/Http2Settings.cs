using Edge.Http2.Frames;

namespace Edge.Http2.Settings;

/// <summary>
/// One endpoint's SETTINGS values (RFC 9113 §6.5.2). <see cref="Default"/> holds the initial values that
/// apply before any SETTINGS is received ("unlimited" is <see cref="uint.MaxValue"/>). Used for the
/// peer's settings as they arrive and for the ones we announce.
/// </summary>
internal readonly record struct Http2Settings
{
    /// <summary>RFC 9113 §6.5.2 initial SETTINGS_INITIAL_WINDOW_SIZE (2^16-1), also the initial connection window (§6.9.2).</summary>
    public const int DefaultInitialWindowSize = 65_535;

    /// <summary>RFC 9113 §6.5.2 initial SETTINGS_MAX_FRAME_SIZE (2^14), also the smallest allowed.</summary>
    public const int DefaultMaxFrameSize = 16_384;

    /// <summary>RFC 9113 §6.5.2 initial SETTINGS_HEADER_TABLE_SIZE.</summary>
    public const uint DefaultHeaderTableSize = 4_096;

    public Http2Settings()
    {
    }

    public uint HeaderTableSize { get; init; } = DefaultHeaderTableSize;

    public bool EnablePush { get; init; } = true;

    public uint MaxConcurrentStreams { get; init; } = uint.MaxValue;

    public int InitialWindowSize { get; init; } = DefaultInitialWindowSize;

    public int MaxFrameSize { get; init; } = DefaultMaxFrameSize;

    public uint MaxHeaderListSize { get; init; } = uint.MaxValue;

    /// <summary>RFC 8441 extended CONNECT; off until announced.</summary>
    public bool EnableConnectProtocol { get; init; }

    /// <summary>The values in force before any SETTINGS frame (§6.5.2).</summary>
    public static Http2Settings Default => new();

    /// <summary>
    /// This with one entry applied. The entry must have passed <see cref="Http2SettingsFrame.Validate"/>
    /// (a parsed frame's entries have); unknown identifiers are ignored (§6.5.2).
    /// </summary>
    public Http2Settings With(Http2Setting setting) => setting.Parameter switch
    {
        Http2SettingsParameter.HeaderTableSize => this with { HeaderTableSize = setting.Value },
        Http2SettingsParameter.EnablePush => this with { EnablePush = setting.Value == 1 },
        Http2SettingsParameter.MaxConcurrentStreams => this with { MaxConcurrentStreams = setting.Value },
        Http2SettingsParameter.InitialWindowSize => this with { InitialWindowSize = (int)setting.Value },
        Http2SettingsParameter.MaxFrameSize => this with { MaxFrameSize = (int)setting.Value },
        Http2SettingsParameter.MaxHeaderListSize => this with { MaxHeaderListSize = setting.Value },
        Http2SettingsParameter.EnableConnectProtocol => this with { EnableConnectProtocol = setting.Value == 1 },
        _ => this,
    };

    /// <summary>
    /// Writes the entries this endpoint announces into <paramref name="destination"/> (at least
    /// <see cref="MaxAnnouncedEntries"/> long) and returns how many. Every value is sent explicitly, even
    /// when it equals the RFC default, so a capture shows the whole configuration; "unlimited" values are
    /// left out (they are the default and have no wire form). ENABLE_PUSH is only ever sent as 0: a server
    /// "MUST NOT explicitly set this value to 1", and as a client we refuse push.
    /// </summary>
    public int CopyAnnouncedTo(Span<Http2Setting> destination)
    {
        int n = 0;
        destination[n++] = new(Http2SettingsParameter.HeaderTableSize, HeaderTableSize);
        destination[n++] = new(Http2SettingsParameter.EnablePush, 0);
        if (MaxConcurrentStreams != uint.MaxValue)
        {
            destination[n++] = new(Http2SettingsParameter.MaxConcurrentStreams, MaxConcurrentStreams);
        }

        destination[n++] = new(Http2SettingsParameter.InitialWindowSize, (uint)InitialWindowSize);
        destination[n++] = new(Http2SettingsParameter.MaxFrameSize, (uint)MaxFrameSize);
        if (MaxHeaderListSize != uint.MaxValue)
        {
            destination[n++] = new(Http2SettingsParameter.MaxHeaderListSize, MaxHeaderListSize);
        }

        if (EnableConnectProtocol)
        {
            destination[n++] = new(Http2SettingsParameter.EnableConnectProtocol, 1);
        }

        return n;
    }

    /// <summary>Room <see cref="CopyAnnouncedTo"/> needs.</summary>
    public const int MaxAnnouncedEntries = 7;
}
