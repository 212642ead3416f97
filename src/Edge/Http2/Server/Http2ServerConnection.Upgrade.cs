using System.Buffers;
using Edge.Http;
using Edge.Http2.Frames;
using Edge.Http2.Streams;

namespace Edge.Http2.Server;

/// <summary>
/// The HTTP/1.1 → HTTP/2 upgrade (RFC 7540 §3.2; a listener opts in with <c>h2c_upgrade</c>): the 101,
/// the client's <c>HTTP2-Settings</c>, and the upgrading request as stream 1, half-closed (remote).
/// </summary>
internal sealed partial class Http2ServerConnection
{
    private static ReadOnlySpan<byte> SwitchingProtocols => "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"u8;

    /// <summary>
    /// Writes the 101 (it must precede our connection preface, §3.2), then, after the caller wrote our
    /// SETTINGS, see <see cref="StartUpgradedStreamLocked"/>.
    /// </summary>
    private void WriteSwitchingProtocolsLocked()
    {
        var span = _output.GetSpan(SwitchingProtocols.Length);
        SwitchingProtocols.CopyTo(span);
        _output.Advance(SwitchingProtocols.Length);
    }

    /// <summary>
    /// Applies <c>HTTP2-Settings</c> like a SETTINGS frame from the client (§3.2.1; its values are checked
    /// the same way, a bad one is a connection error; no ACK: the 101 acknowledged it), then opens stream 1
    /// for the upgrading request (§3.2: "assigned stream identifier 1", half-closed from the client's side).
    /// </summary>
    private Http2Error StartUpgradedStreamLocked(H2cUpgradeRequest upgrade, long now)
    {
        var payload = upgrade.SettingsPayload;
        var frame = new Http2Frame(new Http2FrameHeader(payload.Length, Http2FrameType.Settings, Http2FrameFlags.None, 0), new ReadOnlySequence<byte>(payload));
        var error = Http2SettingsFrame.Parse(frame, Http2Role.Server, out var settings, _limits.MaxSettingsEntries);
        if (error.IsError) return error;
        var update = _peer.ApplyUpgrade(settings);
        if (update.HeaderTableSizeChanged) _encoder.SetPeerMaxTableSize(_peer.Current.HeaderTableSize);

        const int id = 1;
        error = _ids.OpenPeerStream(id);
        if (error.IsError) return error;
        _flood.OnStreamOpened();
        var stream = Rent();
        stream.Start(id, _peer.Current.InitialWindowSize, _limits.InitialStreamWindowSize);
        foreach (var field in upgrade.Fields) stream.Builder.OnHeader(field.Key, field.Value);
        var request = stream.Builder.Complete();
        if (request != Http2RequestError.None && Http2RequestErrors.Status(request) == 0)
        {
            // The HTTP/1.1 parser let through something HTTP/2 calls malformed (§8.1.1): reset stream 1, as for HEADERS.
            Return(stream);
            _closed.Add(id, Http2StreamState.ClosedByResetSent);
            Http2FrameWriter.WriteRstStream(_output, id, Http2ErrorCode.ProtocolError);
            _stats.OnMalformed();
            return Http2Error.None;
        }
        OpenStreamLocked(stream, id, endStream: true, request, now);
        stream.Exchange.StartTimestamp = upgrade.StartTimestamp;
        return Http2Error.None;
    }
}
