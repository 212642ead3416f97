using System.Net;
using System.Text;
using Edge.Observability;

namespace Edge.Tests.Observability;

internal static class AccessLogTestEntries
{
    public static readonly DateTimeOffset Time = new(1994, 11, 6, 8, 49, 37, 123, TimeSpan.Zero);

    public static AccessLogEntry Sample(int i = 0) => new()
    {
        Timestamp = Time,
        RemoteAddress = IPAddress.Parse("10.0.0.7"),
        RemotePort = 51234,
        Method = Encoding.ASCII.GetBytes("GET"),
        Path = Encoding.ASCII.GetBytes($"/coffeebar/v1/order/{i}?x=1"),
        Protocol = "HTTP/1.1",
        Status = 200,
        BytesSent = 512,
        BytesReceived = 0,
        DurationMicroseconds = 1234,
        ApiName = "coffeebar",
        RouteId = "GET /order/{orderId}",
        Upstream = "http://127.0.0.1:9001",
        RequestId = Encoding.ASCII.GetBytes($"req-{i}"),
    };
}
