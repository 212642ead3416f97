using Edge.Http;
using Edge.Http1;

namespace Edge.Tests.Http1;

/// <summary>Mutable holder so a struct handler can feed the framing struct by reference.</summary>
internal sealed class FramingBox
{
    public Http1MessageFraming Value;
    public KnownMethod RequestMethod { get; set; } = KnownMethod.Get;
}

/// <summary>Struct head handler that records into a <see cref="ParsedMessage"/> and feeds framing.</summary>
internal struct CollectingHandler : IHttp1HeadHandler
{
    public CollectingHandler(ParsedMessage message, FramingBox framing)
    {
        Message = message;
        Framing = framing;
    }

    public ParsedMessage Message { get; }

    public FramingBox Framing { get; }

    public readonly void OnRequestLine(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> target, HttpVersion version)
    {
        Message.Method = ParsedMessage.Decode(method);
        Message.KnownMethod = knownMethod;
        Message.Target = ParsedMessage.Decode(target);
        Message.Version = version;
        Framing.Value.StartRequest(knownMethod, version);
    }

    public readonly void OnStatusLine(HttpVersion version, int status, ReadOnlySpan<byte> reason)
    {
        Message.Version = version;
        Message.Status = status;
        Message.Reason = ParsedMessage.Decode(reason);
        Framing.Value.StartResponse(version, status, Framing.RequestMethod);
    }

    public readonly void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Message.Headers.Add(new(ParsedMessage.Decode(name), ParsedMessage.Decode(value)));
        Framing.Value.OnHeader(name, value);
    }

    public readonly void OnHeadersComplete() => Message.HeadComplete = true;
}
