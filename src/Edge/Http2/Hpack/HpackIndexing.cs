namespace Edge.Http2.Hpack;

/// <summary>The three literal representations an encoder chooses between (RFC 7541 §6.2).</summary>
internal enum HpackIndexing : byte
{
    /// <summary>§6.2.1: emitted and added to both dynamic tables.</summary>
    Incremental,

    /// <summary>§6.2.2: emitted, table untouched; an intermediary may index it when re-encoding.</summary>
    WithoutIndexing,

    /// <summary>§6.2.3: emitted, table untouched, and every intermediary must keep it out of its tables.</summary>
    NeverIndexed,
}
