using System.Globalization;

namespace Edge.Config.Model;

/// <summary>
/// A size in bytes: a plain number ("512"), binary units KiB/MiB/GiB (1024-based) or decimal units
/// KB/MB/GB (1000-based), as operators expect from nginx and systemd-style configs. A bare integer in
/// TOML is also accepted by the binder and means bytes.
/// </summary>
public readonly record struct ByteSize(long Bytes)
{
    public const string Expected = "expected a number of bytes, optionally followed by KiB, MiB, GiB (1024-based) or KB, MB, GB (1000-based) (e.g. \"64KiB\", \"10MiB\")";

    public static ByteSize FromKiB(long n) => new(n * 1024);
    public static ByteSize FromMiB(long n) => new(n * 1024 * 1024);

    public static bool TryParse(string text, out ByteSize value)
    {
        value = default;
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == 0 || i > 15) return false;
        var number = long.Parse(text.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture);
        long multiplier = text.AsSpan(i) switch
        {
            "" or "B" => 1,
            "KiB" => 1L << 10,
            "MiB" => 1L << 20,
            "GiB" => 1L << 30,
            "KB" or "kB" => 1000,
            "MB" => 1000_000,
            "GB" => 1000_000_000,
            _ => 0,
        };
        if (multiplier == 0 || number > long.MaxValue / multiplier) return false; // overflow is a bad value, not a crash
        value = new ByteSize(number * multiplier);
        return true;
    }

    public override string ToString()
    {
        if (Bytes != 0 && Bytes % (1L << 30) == 0) return (Bytes >> 30).ToString(CultureInfo.InvariantCulture) + "GiB";
        if (Bytes != 0 && Bytes % (1L << 20) == 0) return (Bytes >> 20).ToString(CultureInfo.InvariantCulture) + "MiB";
        if (Bytes != 0 && Bytes % (1L << 10) == 0) return (Bytes >> 10).ToString(CultureInfo.InvariantCulture) + "KiB";
        return Bytes.ToString(CultureInfo.InvariantCulture);
    }
}
