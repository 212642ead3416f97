namespace Edge.Http2.Hpack;

/// <summary>
/// Receives the decoded fields of one header block, in order. Implement it on a struct and pass it by
/// <c>ref</c> so the call devirtualizes (the decoder is generic over the handler). The spans are valid
/// only during the call: they point into the header block, the dynamic table or the decoder's scratch
/// buffer, all of which are reused. Names are not validated here (lower case, pseudo-header order and
/// connection-specific fields are HTTP/2 rules, RFC 9113 §8.2, checked by the stream layer).
/// </summary>
internal interface IHpackHeaderHandler
{
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags);
}
