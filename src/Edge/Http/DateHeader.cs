namespace Edge.Http;

/// <summary>
/// The current Date field value (RFC 9110 §6.6.1 IMF-fixdate), regenerated at most once a second and
/// read without locks. A placeholder until the shared DateHeaderCache lands on the timer.
/// </summary>
internal static class DateHeader
{
    private static byte[] _value = Format(DateTimeOffset.UtcNow);
    private static long _second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static ReadOnlySpan<byte> Current
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            var second = now.ToUnixTimeSeconds();
            if (second != Volatile.Read(ref _second))
            {
                Volatile.Write(ref _value, Format(now));
                Volatile.Write(ref _second, second);
            }
            return Volatile.Read(ref _value);
        }
    }

    private static byte[] Format(DateTimeOffset now)
    {
        var bytes = new byte[29];
        System.Buffers.Text.Utf8Formatter.TryFormat(now, bytes, out _, new System.Buffers.StandardFormat('R'));
        return bytes;
    }
}
