namespace Edge.Http2.Settings;

/// <summary>
/// What a peer SETTINGS frame changed, for the connection loop to act on (§6.5.3: "the values in the
/// SETTINGS frame MUST be processed in the order they appear", then acknowledged).
/// </summary>
/// <param name="InitialWindowDelta">New minus old SETTINGS_INITIAL_WINDOW_SIZE: add it to the send window of
/// every open stream (§6.9.2; it may drive windows negative, and an overflow is a connection error).</param>
/// <param name="HeaderTableSizeChanged">The frame carried SETTINGS_HEADER_TABLE_SIZE with a new value.</param>
/// <param name="SmallestHeaderTableSize">The smallest HEADER_TABLE_SIZE in the frame (or the current one): RFC
/// 7541 §4.2 makes the encoder signal the smallest size that occurred, then the final one.</param>
/// <param name="MaxFrameSizeChanged">Frames we write may now be up to the new size.</param>
internal readonly record struct Http2SettingsUpdate(int InitialWindowDelta, bool HeaderTableSizeChanged, uint SmallestHeaderTableSize, bool MaxFrameSizeChanged);
