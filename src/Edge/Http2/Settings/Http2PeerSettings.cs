using Edge.Http2.Frames;

namespace Edge.Http2.Settings;

/// <summary>
/// The peer's settings as they stand, updated frame by frame. Starts at the RFC initial values (§6.5.2),
/// which apply until the peer's first SETTINGS (the one that must follow its preface, §3.4).
/// </summary>
internal sealed class Http2PeerSettings
{
    public Http2Settings Current { get; private set; } = Http2Settings.Default;

    /// <summary>Whether a non-ACK SETTINGS arrived yet (the first frame of the peer must be one, §3.4).</summary>
    public bool Received { get; private set; }

    /// <summary>
    /// Applies a parsed, non-ACK SETTINGS frame in wire order and reports what changed. Cannot fail:
    /// <see cref="Http2SettingsFrame.Parse"/> validated every value; overflowing a stream window with the
    /// new initial size is the send windows' check (§6.9.2).
    /// </summary>
    public Http2SettingsUpdate Apply(in Http2SettingsFrame frame)
    {
        var before = Current;
        var after = before;
        uint smallestTable = before.HeaderTableSize;
        foreach (var setting in frame)
        {
            after = after.With(setting);
            smallestTable = Math.Min(smallestTable, after.HeaderTableSize);
        }

        Current = after;
        Received = true;
        return new Http2SettingsUpdate(
            after.InitialWindowSize - before.InitialWindowSize,
            after.HeaderTableSize != before.HeaderTableSize || smallestTable != before.HeaderTableSize,
            smallestTable,
            after.MaxFrameSize != before.MaxFrameSize);
    }
}
