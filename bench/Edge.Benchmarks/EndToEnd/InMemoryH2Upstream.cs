using Edge.Http2.Frames;
using Edge.Transport;

namespace Edge.Benchmarks.EndToEnd;

/// <summary>
/// A minimal HTTP/2 upstream on an in-memory transport: its SETTINGS first, SETTINGS ACKs, and for every
/// request HEADERS with END_STREAM the same canned response — HEADERS (<c>:status 200</c> from the static
/// table, <c>content-length: 13</c> as a literal) and one DATA frame with END_STREAM. Request header blocks
/// are never decoded (the response needs nothing from them), so it allocates nothing per request.
/// </summary>
internal static class InMemoryH2Upstream
{
    /// <summary>:status 200 (static index 8) and content-length (static index 28) = "13", literal without indexing.</summary>
    private static readonly byte[] ResponseBlock = [0x88, 0x0F, 0x0D, 0x02, (byte)'1', (byte)'3'];
    private static readonly byte[] Body = "Hello, World!"u8.ToArray();

    public static async Task ServeAsync(ITransport transport)
    {
        var input = transport.Input;
        var output = transport.Output;
        Http2FrameWriter.WriteSettings(output, [new Http2Setting(Http2SettingsParameter.MaxConcurrentStreams, 100)]);
        await output.FlushAsync().ConfigureAwait(false);
        var prefaceSeen = false;
        while (true)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!prefaceSeen)
            {
                if (buffer.Length < Http2Preface.Length)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }
                buffer = buffer.Slice(Http2Preface.Length);
                prefaceSeen = true;
            }
            var wrote = false;
            while (Http2FrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame, out _))
            {
                if (frame.Type == Http2FrameType.Settings && !frame.Header.HasFlag(Http2FrameFlags.Ack))
                {
                    Http2FrameWriter.WriteSettingsAck(output);
                    wrote = true;
                }
                else if (frame.Type == Http2FrameType.Headers && frame.Header.HasFlag(Http2FrameFlags.EndStream))
                {
                    Http2FrameWriter.WriteHeaders(output, frame.StreamId, ResponseBlock, endStream: false, 16_384);
                    Http2FrameWriter.WriteData(output, frame.StreamId, Body, endStream: true, 16_384);
                    wrote = true;
                }
            }
            input.AdvanceTo(buffer.Start, result.Buffer.End);
            if (wrote) await output.FlushAsync().ConfigureAwait(false);
            if (result.IsCompleted) return;
        }
    }
}
