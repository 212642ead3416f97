namespace Edge.Http;

/// <summary>A response head, protocol-neutral: status and fields (the reason phrase is not kept: HTTP/2 has none).</summary>
internal sealed class HttpResponseHead : HttpHead
{
    public int Status { get; set; }
    public HttpVersion Version { get; set; }
}
