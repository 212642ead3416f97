namespace Edge.Http;

/// <summary>The body of a message that has none.</summary>
internal sealed class EmptyBody : IHttpBodySource
{
    public static readonly EmptyBody Instance = new();

    public long ContentLength => 0;

    public long BytesRead => 0;

    public ValueTask<BodyChunk> ReadAsync(CancellationToken cancellationToken) => new(new BodyChunk(default, IsEnd: true));

    public void LimitTo(long maxBytes)
    {
    }

    public void Consume()
    {
    }
}
