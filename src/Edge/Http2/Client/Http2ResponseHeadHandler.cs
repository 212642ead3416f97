using System.Buffers.Text;
using Edge.Http;
using Edge.Http2.Hpack;

namespace Edge.Http2.Client;

/// <summary>
/// Collects a response header block (or trailer block) into a head, checking RFC 9113 §8.3.2 and §8.2:
/// <c>:status</c> is the only pseudo-header, once, first, three digits (and absent from trailers); names
/// are lower case; connection-specific fields (connection, keep-alive, proxy-connection,
/// transfer-encoding, upgrade) make the response malformed (§8.2.2); no CR, LF or NUL in a value (HPACK
/// can carry them; HTTP/1.1 clients must never see them). A null head discards (a stream already gone:
/// the block is still decoded to keep HPACK in step, §4.3).
/// </summary>
internal struct Http2ResponseHeadHandler(HttpResponseHead? head, bool trailers) : IHpackHeaderHandler
{
    public int Status;
    public bool Malformed;
    private bool _sawRegular;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags)
    {
        if (head is null || Malformed) return;
        if (!name.IsEmpty && name[0] == (byte)':')
        {
            if (trailers || _sawRegular || Status != 0 || !name.SequenceEqual(":status"u8)
                || value.Length != 3 || !Utf8Parser.TryParse(value, out int status, out var used) || used != 3 || status < 100)
            {
                Malformed = true;
                return;
            }
            Status = status;
            return;
        }
        _sawRegular = true;
        if (name.IsEmpty || name.IndexOfAnyInRange((byte)'A', (byte)'Z') >= 0 || value.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0)
        {
            Malformed = true;
            return;
        }
        var kind = KnownHeaders.Classify(name);
        if (kind is KnownHeader.Connection or KnownHeader.KeepAlive or KnownHeader.ProxyConnection or KnownHeader.TransferEncoding or KnownHeader.Upgrade)
        {
            Malformed = true;
            return;
        }
        head.AddHeader(name, value);
    }

    /// <summary>A response head needs a status; a trailer block must not have one.</summary>
    public readonly bool IsValid => !Malformed && (trailers ? Status == 0 : Status != 0);
}
