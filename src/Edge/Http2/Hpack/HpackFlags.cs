namespace Edge.Http2.Hpack;

/// <summary>How a field was (or is to be) represented, as far as a consumer needs to know.</summary>
[Flags]
internal enum HpackFlags : byte
{
    None = 0,

    /// <summary>
    /// "Literal Header Field Never Indexed" (RFC 7541 §6.2.3). The decoder reports it; the encoder honours
    /// it. An intermediary MUST re-encode such a field as never-indexed (§6.2.3, §7.1.3), so a proxy passes
    /// this flag from the decoder's callback straight to the encoder.
    /// </summary>
    NeverIndexed = 1,
}
