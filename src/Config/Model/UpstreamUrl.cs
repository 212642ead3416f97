using System.Globalization;
using System.Net;

namespace Edge.Config.Model;

/// <summary>
/// An upstream endpoint: http or https, a host, an explicit or default port and an optional path prefix.
/// Queries, fragments and user-info are refused: they have no meaning for a forwarding target and
/// user-info would leak credentials into logs.
/// </summary>
public readonly record struct UpstreamUrl(string Scheme, string Host, int Port, string Path)
{
    public const string Expected = "expected an http:// or https:// URL with a host, optional port and path, and no query, fragment or user-info (e.g. \"http://127.0.0.1:9001\")";

    public bool IsHttps => Scheme == "https";

    public static bool TryParse(string text, out UpstreamUrl value)
    {
        value = default;
        string scheme;
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) scheme = "http";
        else if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) scheme = "https";
        else return false;
        var rest = text[(scheme.Length + 3)..];
        if (rest.AsSpan().IndexOfAny("?#@ ") >= 0) return false;
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..];
        if (path == "/") path = "";
        if (!PathCharacters.IsValid(path, false)) return false;
        string host;
        var port = scheme == "https" ? 443 : 80;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return false;
            host = authority[1..close];
            if (!IPAddress.TryParse(host, out _)) return false;
            var after = authority[(close + 1)..];
            if (after.Length > 0 && (after[0] != ':' || !EndpointAddress.TryParsePort(after.AsSpan(1), out port))) return false;
        }
        else
        {
            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? authority : authority[..colon];
            if (colon >= 0 && !EndpointAddress.TryParsePort(authority.AsSpan(colon + 1), out port)) return false;
            if (!HostName.IsValid(host)) return false;
        }
        value = new UpstreamUrl(scheme, host.ToLowerInvariant(), port, path);
        return true;
    }

    public override string ToString() =>
        Scheme + "://" + (Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host) + ":" +
        Port.ToString(CultureInfo.InvariantCulture) + Path;
}
