using System.Text;
using Edge.Http;
using Edge.Http1;

namespace Edge.Tests.Http1;

/// <summary>What the test driver saw of one message (tests may allocate freely).</summary>
internal sealed class ParsedMessage
{
    public string? Method { get; set; }
    public KnownMethod KnownMethod { get; set; }
    public string? Target { get; set; }
    public HttpVersion Version { get; set; }
    public int Status { get; set; }
    public string? Reason { get; set; }
    public List<KeyValuePair<string, string>> Headers { get; } = [];
    public List<byte> Body { get; } = [];
    public bool HeadComplete { get; set; }
    public bool Complete { get; set; }
    public Http1Framing Framing { get; set; }

    public string BodyText => Decode(Body.ToArray());

    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Method ?? $"{Status} {Reason}").Append(' ').Append(Target).Append(' ').Append(Version);
        foreach (var (name, value) in Headers)
        {
            sb.Append(" | ").Append(name).Append(": ").Append(value);
        }

        sb.Append(" || ").Append(Framing).Append(" body=").Append(BodyText).Append(Complete ? " [complete]" : " [partial]");
        return sb.ToString();
    }
}
