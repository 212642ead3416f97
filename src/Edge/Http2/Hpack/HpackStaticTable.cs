namespace Edge.Http2.Hpack;

/// <summary>
/// The HPACK static table, RFC 7541 Appendix A: 61 fixed entries, indexes 1..61. The encoder finds a
/// name with one hashed probe (length, middle and last byte; no string scan), and a name+value by
/// checking the few consecutive entries that share the name (:method, :path, :scheme, :status).
/// </summary>
internal static class HpackStaticTable
{
    public const int Count = 61;

    // Indexes the encoder's indexing policy refers to (RFC 7541 Appendix A).
    public const int Authority = 1;
    public const int MethodGet = 2;
    public const int PathSlash = 4;
    public const int Age = 21;
    public const int Authorization = 23;
    public const int ContentDisposition = 25;
    public const int ContentLength = 28;
    public const int Cookie = 32;
    public const int Etag = 34;
    public const int IfModifiedSince = 40;
    public const int IfNoneMatch = 41;
    public const int Location = 46;
    public const int ProxyAuthorization = 49;
    public const int SetCookie = 55;

    private const int SlotMask = 127;

    // Open addressing, linear probing: slot -> first static index with that name (0 = empty).
    private static readonly byte[] Slots = BuildSlots();

    // For each index, how many entries from it on (itself included) share its name.
    private static readonly byte[] SameNameRun = BuildRuns();

    public static ReadOnlySpan<byte> Name(int index) => index switch
    {
        1 => ":authority"u8,
        2 => ":method"u8,
        3 => ":method"u8,
        4 => ":path"u8,
        5 => ":path"u8,
        6 => ":scheme"u8,
        7 => ":scheme"u8,
        8 => ":status"u8,
        9 => ":status"u8,
        10 => ":status"u8,
        11 => ":status"u8,
        12 => ":status"u8,
        13 => ":status"u8,
        14 => ":status"u8,
        15 => "accept-charset"u8,
        16 => "accept-encoding"u8,
        17 => "accept-language"u8,
        18 => "accept-ranges"u8,
        19 => "accept"u8,
        20 => "access-control-allow-origin"u8,
        21 => "age"u8,
        22 => "allow"u8,
        23 => "authorization"u8,
        24 => "cache-control"u8,
        25 => "content-disposition"u8,
        26 => "content-encoding"u8,
        27 => "content-language"u8,
        28 => "content-length"u8,
        29 => "content-location"u8,
        30 => "content-range"u8,
        31 => "content-type"u8,
        32 => "cookie"u8,
        33 => "date"u8,
        34 => "etag"u8,
        35 => "expect"u8,
        36 => "expires"u8,
        37 => "from"u8,
        38 => "host"u8,
        39 => "if-match"u8,
        40 => "if-modified-since"u8,
        41 => "if-none-match"u8,
        42 => "if-range"u8,
        43 => "if-unmodified-since"u8,
        44 => "last-modified"u8,
        45 => "link"u8,
        46 => "location"u8,
        47 => "max-forwards"u8,
        48 => "proxy-authenticate"u8,
        49 => "proxy-authorization"u8,
        50 => "range"u8,
        51 => "referer"u8,
        52 => "refresh"u8,
        53 => "retry-after"u8,
        54 => "server"u8,
        55 => "set-cookie"u8,
        56 => "strict-transport-security"u8,
        57 => "transfer-encoding"u8,
        58 => "user-agent"u8,
        59 => "vary"u8,
        60 => "via"u8,
        61 => "www-authenticate"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>The value of a static entry; empty for the 44 entries that have none.</summary>
    public static ReadOnlySpan<byte> Value(int index) => index switch
    {
        2 => "GET"u8,
        3 => "POST"u8,
        4 => "/"u8,
        5 => "/index.html"u8,
        6 => "http"u8,
        7 => "https"u8,
        8 => "200"u8,
        9 => "204"u8,
        10 => "206"u8,
        11 => "304"u8,
        12 => "400"u8,
        13 => "404"u8,
        14 => "500"u8,
        16 => "gzip, deflate"u8,
        _ => default,
    };

    /// <summary>The lowest static index whose name is <paramref name="name"/>, or 0.</summary>
    public static int FindName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > 27)
            return 0;
        var slots = Slots;
        for (var slot = Bucket(name); ; slot = (slot + 1) & SlotMask)
        {
            int index = slots[slot];
            if (index == 0)
                return 0;
            if (Name(index).SequenceEqual(name))
                return index;
        }
    }

    /// <summary>
    /// The static index holding exactly (name of <paramref name="nameIndex"/>, <paramref name="value"/>),
    /// or 0. <paramref name="nameIndex"/> is a result of <see cref="FindName"/>.
    /// </summary>
    public static int FindValue(int nameIndex, ReadOnlySpan<byte> value)
    {
        var end = nameIndex + SameNameRun[nameIndex];
        for (var i = nameIndex; i < end; i++)
        {
            if (Value(i).SequenceEqual(value))
                return i;
        }
        return 0;
    }

    private static int Bucket(ReadOnlySpan<byte> name) =>
        (name.Length * 13 + name[name.Length >> 1] * 5 + name[^1]) & SlotMask;

    private static byte[] BuildSlots()
    {
        var slots = new byte[SlotMask + 1];
        for (var index = 1; index <= Count; index++)
        {
            if (index > 1 && Name(index).SequenceEqual(Name(index - 1)))
                continue; // only the first index of a name is kept
            var slot = Bucket(Name(index));
            while (slots[slot] != 0)
                slot = (slot + 1) & SlotMask;
            slots[slot] = (byte)index;
        }
        return slots;
    }

    private static byte[] BuildRuns()
    {
        var runs = new byte[Count + 2];
        for (var index = Count; index >= 1; index--)
            runs[index] = (byte)(index < Count && Name(index).SequenceEqual(Name(index + 1)) ? runs[index + 1] + 1 : 1);
        return runs;
    }
}
