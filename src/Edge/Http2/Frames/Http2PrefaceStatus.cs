namespace Edge.Http2.Frames;

/// <summary>What the first bytes of a connection say about the HTTP/2 client preface.</summary>
internal enum Http2PrefaceStatus : byte
{
    /// <summary>Every byte so far matches the preface, but fewer than 24 have arrived.</summary>
    NeedMoreData,

    /// <summary>The 24-byte preface is complete.</summary>
    Preface,

    /// <summary>A byte differs: not HTTP/2 prior knowledge (an HTTP/1.1 request, or garbage).</summary>
    NotPreface,
}
