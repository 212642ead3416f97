namespace Edge.Observability.Metrics;

/// <summary>The <c>code_class</c> label: 1xx…5xx, five series per route and method, whatever the statuses.</summary>
internal static class StatusClass
{
    public const int Count = 5;

    public static readonly byte[][] Labels = ["1xx"u8.ToArray(), "2xx"u8.ToArray(), "3xx"u8.ToArray(), "4xx"u8.ToArray(), "5xx"u8.ToArray()];

    /// <summary>0 for 1xx … 4 for 5xx. A status of 0 (no response was begun) or beyond 599 counts as 5xx: the gateway failed to answer.</summary>
    public static int IndexOf(int status) => status is >= 100 and < 600 ? status / 100 - 1 : 4;
}
