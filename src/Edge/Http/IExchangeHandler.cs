namespace Edge.Http;

/// <summary>The gateway core, as the protocol layers call it: handle one exchange to its end.</summary>
internal interface IExchangeHandler
{
    ValueTask HandleAsync(Exchange exchange);

    /// <summary>
    /// The protocol layer refused a request before the core saw it (malformed head, 408, 413, ...) and
    /// answered it with <see cref="Exchange.ResponseStatus"/>; the core records it (access log, metrics).
    /// </summary>
    void OnRejected(Exchange exchange)
    {
    }
}
