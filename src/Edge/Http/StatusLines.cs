using System.Buffers.Text;
using System.Text;

namespace Edge.Http;

/// <summary>Reason phrases (RFC 9110 §15) and precomputed HTTP/1.1 status lines for the common codes.</summary>
internal static class StatusLines
{
    private static readonly byte[]?[] Http11Lines = new byte[600][];

    static StatusLines()
    {
        for (var status = 100; status < 600; status++)
        {
            var reason = Reason(status);
            if (reason.Length > 0) Http11Lines[status] = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\n");
        }
    }

    /// <summary>"HTTP/1.1 200 OK\r\n"; built on the fly for unregistered codes (rare; allocates).</summary>
    public static ReadOnlySpan<byte> Http11(int status)
    {
        if ((uint)status < (uint)Http11Lines.Length && Http11Lines[status] is { } line) return line;
        Span<byte> digits = stackalloc byte[3];
        Utf8Formatter.TryFormat(status, digits, out _);
        return Encoding.ASCII.GetBytes($"HTTP/1.1 {Encoding.ASCII.GetString(digits)} \r\n");
    }

    public static string Reason(int status) => status switch
    {
        100 => "Continue", 101 => "Switching Protocols", 103 => "Early Hints",
        200 => "OK", 201 => "Created", 202 => "Accepted", 203 => "Non-Authoritative Information", 204 => "No Content",
        205 => "Reset Content", 206 => "Partial Content", 207 => "Multi-Status",
        300 => "Multiple Choices", 301 => "Moved Permanently", 302 => "Found", 303 => "See Other", 304 => "Not Modified",
        307 => "Temporary Redirect", 308 => "Permanent Redirect",
        400 => "Bad Request", 401 => "Unauthorized", 402 => "Payment Required", 403 => "Forbidden", 404 => "Not Found",
        405 => "Method Not Allowed", 406 => "Not Acceptable", 407 => "Proxy Authentication Required", 408 => "Request Timeout",
        409 => "Conflict", 410 => "Gone", 411 => "Length Required", 412 => "Precondition Failed", 413 => "Content Too Large",
        414 => "URI Too Long", 415 => "Unsupported Media Type", 416 => "Range Not Satisfiable", 417 => "Expectation Failed",
        421 => "Misdirected Request", 422 => "Unprocessable Content", 425 => "Too Early", 426 => "Upgrade Required",
        428 => "Precondition Required", 429 => "Too Many Requests", 431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error", 501 => "Not Implemented", 502 => "Bad Gateway", 503 => "Service Unavailable",
        504 => "Gateway Timeout", 505 => "HTTP Version Not Supported",
        _ => "",
    };
}
