using System.Text;

namespace Edge.Http;

/// <summary>
/// JSON bodies for requests the protocol layer refuses before the gateway core sees them (400/408/413/
/// 414/431/501/505), in the WSO2 fault shape of DESIGN.md §4 with the HTTP status as the code. Built once
/// per reason, so a flood of bad requests allocates nothing.
/// </summary>
internal static class ProtocolErrorBodies
{
    public static ReadOnlySpan<byte> ContentType => "application/json; charset=UTF-8"u8;

    private static readonly byte[]?[] ByReason = new byte[Enum.GetValues<RejectReason>().Length + 1][];
    private static byte[]? _timeout;

    public static byte[] For(RejectReason reason)
    {
        var i = (int)reason;
        if ((uint)i >= (uint)ByReason.Length) return Build(RejectReasons.StatusCode(reason), RejectReasons.Message(reason));
        return ByReason[i] ??= Build(RejectReasons.StatusCode(reason), RejectReasons.Message(reason));
    }

    public static byte[] RequestTimeout => _timeout ??= Build(408, "Request header or body not received in time");

    private static byte[]? _internalError;

    /// <summary>The core finished an exchange without answering it (a bug): the client still gets a response.</summary>
    public static byte[] InternalError => _internalError ??= Build(500, "The gateway did not produce a response");

    // Codes follow the fault catalog: 900000 + the HTTP status (there is no WSO2 code for protocol errors).
    private static byte[] Build(int status, string description) => Encoding.UTF8.GetBytes(
        $"{{\"fault\":{{\"code\":{900000 + status},\"message\":\"{StatusLines.Reason(status)}\",\"description\":\"{description}\"}}}}");
}
