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
    public Http2SettingsUpdate Apply(in Http2SettingsFrame frame) => Apply(frame, received: true);

    /// <summary>
    /// Applies the settings of an HTTP/1.1 <c>HTTP2-Settings</c> field (RFC 7540 §3.2.1: interpreted "as it
    /// would any other SETTINGS frame", acknowledged by the 101). <see cref="Received"/> stays false: the
    /// client's connection preface, with its SETTINGS first, still follows the upgrade (§3.5).
    /// </summary>
    public Http2SettingsUpdate ApplyUpgrade(in Http2SettingsFrame frame) => Apply(frame, received: false);

    private Http2SettingsUpdate Apply(in Http2SettingsFrame frame, bool received)
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
        Received |= received;
        return new Http2SettingsUpdate(
            after.InitialWindowSize - before.InitialWindowSize,
            after.HeaderTableSize != before.HeaderTableSize || smallestTable != before.HeaderTableSize,
            smallestTable,
            after.MaxFrameSize != before.MaxFrameSize);
    }
}
