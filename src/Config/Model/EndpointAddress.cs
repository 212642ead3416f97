using System.Globalization;
using System.Net;

namespace Edge.Config.Model;

/// <summary>
/// A local address to listen on: "0.0.0.0:8080", "[::1]:9901" or "localhost:80". The host is kept as
/// text (IPv6 without brackets); resolving names is the transport's job, not the config's.
/// </summary>
public readonly record struct EndpointAddress(string Host, int Port)
{
    public const string Expected = "expected host:port, e.g. \"0.0.0.0:8080\", \"[::1]:9901\" or \"localhost:80\"";

    public bool IsIPv6 => Host.Contains(':', StringComparison.Ordinal);

    public static bool TryParse(string text, out EndpointAddress value)
    {
        value = default;
        string host;
        string portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':') return false;
            host = text[1..close];
            portText = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return false;
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0) return false;
            host = text[..colon];
            portText = text[(colon + 1)..];
            // An unbracketed IPv6 address is ambiguous ("::1:80"); require brackets.
            if (host.Contains(':', StringComparison.Ordinal) || !HostName.IsValid(host)) return false;
        }
        if (!TryParsePort(portText, out var port)) return false;
        value = new EndpointAddress(host, port);
        return true;
    }

    internal static bool TryParsePort(ReadOnlySpan<char> text, out int port)
    {
        port = 0;
        if (text.Length is 0 or > 5) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        port = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return port is > 0 and <= 65535;
    }

    public override string ToString() =>
        (IsIPv6 ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
}
