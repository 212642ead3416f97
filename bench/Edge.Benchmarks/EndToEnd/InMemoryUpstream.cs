using System.Buffers;
using Edge.Transport;

namespace Edge.Benchmarks.EndToEnd;

/// <summary>
/// A minimal keep-alive upstream on an in-memory transport: for every request head it reads, it answers
/// with the same canned response (13-byte body, like the load runs). No parsing beyond finding CRLFCRLF.
/// </summary>
internal static class InMemoryUpstream
{
    public static readonly byte[] Response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!"u8.ToArray();

    public static async Task ServeAsync(ITransport transport)
    {
        var input = transport.Input;
        var output = transport.Output;
        while (true)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var answered = false;
            while (TryTakeHead(ref buffer))
            {
                output.Write(Response);
                answered = true;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (answered) await output.FlushAsync().ConfigureAwait(false);
            if (result.IsCompleted) return;
        }
    }

    private static bool TryTakeHead(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8)) return false;
        buffer = buffer.Slice(reader.Position);
        return true;
    }
}
