namespace Edge.Http;

/// <summary>The gateway core, as the protocol layers call it: handle one exchange to its end.</summary>
internal interface IExchangeHandler
{
    ValueTask HandleAsync(Exchange exchange);
}
