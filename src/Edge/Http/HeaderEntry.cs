namespace Edge.Http;

/// <summary>One field of a head: offsets into the head's byte buffer, plus what it is.</summary>
internal struct HeaderEntry
{
    public int NameStart;
    public int NameLength;
    public int ValueStart;
    public int ValueLength;
    public KnownHeader Known;
    /// <summary>Named by a Connection field of the same message: hop-by-hop (RFC 9110 §7.6.1).</summary>
    public bool ConnectionNominated;
}
