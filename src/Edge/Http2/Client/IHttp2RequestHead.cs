namespace Edge.Http2.Client;

/// <summary>
/// A request head as an upstream connection encodes it: <see cref="Write"/> adds the pseudo-header
/// fields (<c>:method :scheme :authority :path</c>, in that order) and then the regular fields. Called
/// twice under the connection lock: once to check every field (so a bad field is refused before HPACK's
/// table changes), once to encode. Implement it on a struct: the call devirtualizes.
/// </summary>
internal interface IHttp2RequestHead
{
    void Write(Http2FieldWriter fields);
}
