namespace Edge.Http1;

/// <summary>Result of one <see cref="ChunkedDecoder.Decode"/> call.</summary>
internal enum ChunkedDecodeStatus : byte
{
    /// <summary>All input was consumed and no body bytes are ready: read more, then call again.</summary>
    NeedMoreData,

    /// <summary>Body bytes were produced (a slice of the input, consumed from the reader).</summary>
    Data,

    /// <summary>The last chunk and the trailer section were consumed; the message is complete.</summary>
    Complete,
}
