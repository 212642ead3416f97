using System.Net.Sockets;
using System.Text;

namespace Edge.IntegrationTests.Kit;

/// <summary>A small, lenient HTTP/1.1 request reader for the test backend (Content-Length and chunked bodies).</summary>
internal sealed class BackendReader : BufferedReceiver
{
    private readonly Stream _stream;

    public BackendReader(Stream stream) => _stream = stream;

    protected override ValueTask<int> ReceiveAsync(Memory<byte> destination, CancellationToken ct) => _stream.ReadAsync(destination, ct);

    public async Task<BackendRequest?> ReadRequestAsync(CancellationToken ct)
    {
        var headEnd = await FindAsync("\r\n\r\n"u8.ToArray(), ct);
        if (headEnd < 0) return null;
        var head = Encoding.Latin1.GetString(_buffer, _start, headEnd - _start);
        _start = headEnd + 4;
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }
        var te = headers.FirstOrDefault(h => h.Key.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)).Value;
        var cl = headers.FirstOrDefault(h => h.Key.Equals("content-length", StringComparison.OrdinalIgnoreCase)).Value;
        var body = new MemoryStream();
        var complete = true;
        var trailers = new List<string>();
        if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var lineEnd = await FindAsync("\r\n"u8.ToArray(), ct);
                if (lineEnd < 0) { complete = false; break; }
                var sizeText = Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start).Split(';')[0];
                _start = lineEnd + 2;
                var size = Convert.ToInt32(sizeText, 16);
                if (size == 0)
                {
                    // Trailers up to the empty line.
                    while (true)
                    {
                        var t = await FindAsync("\r\n"u8.ToArray(), ct);
                        if (t < 0) { complete = false; break; }
                        var empty = t == _start;
                        if (!empty) trailers.Add(Encoding.Latin1.GetString(_buffer, _start, t - _start));
                        _start = t + 2;
                        if (empty) break;
                    }
                    break;
                }
                if (!await FillAsync(size + 2, ct)) { complete = false; break; }
                body.Write(_buffer, _start, size);
                _start += size + 2;
            }
        }
        else if (cl is not null && long.TryParse(cl, out var length) && length > 0)
        {
            var remaining = length;
            while (remaining > 0)
            {
                if (_end == _start && !await ReadMoreAsync(ct)) { complete = false; break; }
                var take = (int)Math.Min(remaining, _end - _start);
                body.Write(_buffer, _start, take);
                _start += take;
                remaining -= take;
            }
        }
        return new BackendRequest
        {
            Method = parts[0],
            Target = parts.Length > 1 ? parts[1] : "",
            Version = parts.Length > 2 ? parts[2] : "",
            Headers = headers,
            Body = body.ToArray(),
            RawHead = head,
            BodyComplete = complete,
            Trailers = trailers,
        };
    }

}
