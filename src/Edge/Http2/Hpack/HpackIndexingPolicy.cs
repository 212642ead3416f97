namespace Edge.Http2.Hpack;

/// <summary>
/// Which fields the encoder adds to the dynamic table, following nghttp2 (the reference most servers
/// and clients share) and Kestrel; docs/hpack.md lists the choice.
/// <list type="bullet">
/// <item>Never indexed (RFC 7541 §7.1.3, against CRIME-style guessing of table contents):
/// authorization and proxy-authorization (nghttp2 does authorization), cookie values shorter than 20 bytes
/// (nghttp2: short values are the ones that can be brute-forced), set-cookie and content-disposition
/// (Kestrel: they carry session tokens and file names), and any field that arrived never-indexed
/// (<see cref="HpackFlags.NeverIndexed"/>, which §6.2.3 obliges an intermediary to preserve).</item>
/// <item>Without indexing: fields whose values rarely repeat, so an entry would only evict useful ones
/// (nghttp2's list: :path, content-length, age, etag, if-modified-since, if-none-match, location; plus
/// x-request-id and traceparent, which Edge makes unique per request), and any field larger than 3/4 of
/// the table (it would flush the whole table for one entry; nghttp2 uses the same bound).</item>
/// <item>Everything else: incremental indexing.</item>
/// </list>
/// </summary>
internal static class HpackIndexingPolicy
{
    /// <summary>nghttp2's bound: values shorter than this are guessable one byte at a time.</summary>
    public const int ShortCookieLength = 20;

    public static HpackIndexing Decide(int staticNameIndex, ReadOnlySpan<byte> name, int valueLength, HpackFlags flags, int maxTableSize)
    {
        if ((flags & HpackFlags.NeverIndexed) != 0)
            return HpackIndexing.NeverIndexed;

        switch (staticNameIndex)
        {
            case HpackStaticTable.Authorization:
            case HpackStaticTable.ProxyAuthorization:
            case HpackStaticTable.SetCookie:
            case HpackStaticTable.ContentDisposition:
                return HpackIndexing.NeverIndexed;
            case HpackStaticTable.Cookie when valueLength < ShortCookieLength:
                return HpackIndexing.NeverIndexed;
            case HpackStaticTable.PathSlash:
            case HpackStaticTable.ContentLength:
            case HpackStaticTable.Age:
            case HpackStaticTable.Etag:
            case HpackStaticTable.IfModifiedSince:
            case HpackStaticTable.IfNoneMatch:
            case HpackStaticTable.Location:
                return HpackIndexing.WithoutIndexing;
            case 0 when name.SequenceEqual("x-request-id"u8) || name.SequenceEqual("traceparent"u8):
                return HpackIndexing.WithoutIndexing;
        }

        var entrySize = (long)name.Length + valueLength + HpackDynamicTable.EntryOverhead;
        return entrySize > (long)maxTableSize * 3 / 4 ? HpackIndexing.WithoutIndexing : HpackIndexing.Incremental;
    }
}
