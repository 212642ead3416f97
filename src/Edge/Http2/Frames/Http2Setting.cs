namespace Edge.Http2.Frames;

/// <summary>One SETTINGS entry: <c>Identifier (16), Value (32)</c> (RFC 9113 §6.5.1).</summary>
internal readonly record struct Http2Setting(Http2SettingsParameter Parameter, uint Value);
