using Edge.Http;

namespace Edge.Observability.Metrics;

/// <summary>
/// The <c>method</c> label, by <see cref="KnownMethod"/>: the nine known methods by name, every other
/// method as <c>OTHER</c> (a client chooses method bytes: they must not mint series).
/// </summary>
internal static class MethodLabels
{
    public const int Count = (int)KnownMethod.Patch + 1;

    public static readonly byte[][] Values =
    [
        "OTHER"u8.ToArray(), "GET"u8.ToArray(), "HEAD"u8.ToArray(), "POST"u8.ToArray(), "PUT"u8.ToArray(),
        "DELETE"u8.ToArray(), "CONNECT"u8.ToArray(), "OPTIONS"u8.ToArray(), "TRACE"u8.ToArray(), "PATCH"u8.ToArray(),
    ];

    /// <summary>The index of a configured method name (upper case, as config validation leaves it), or 0 (OTHER).</summary>
    public static int IndexOf(string method)
    {
        for (var i = 1; i < Values.Length; i++)
        {
            if (System.Text.Encoding.ASCII.GetString(Values[i]) == method) return i; // compile time only
        }
        return 0;
    }
}
