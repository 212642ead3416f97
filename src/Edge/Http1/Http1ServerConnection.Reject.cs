using Edge.Http;

namespace Edge.Http1;

internal sealed partial class Http1ServerConnection
{
    /// <summary>Answers a malformed request with its status and a JSON fault, then closes (RFC 9112 §9.6: "close").</summary>
    private async ValueTask RejectAsync(RejectReason reason)
    {
        if (_sink.HasStarted)
        {
            // The response already began (e.g. a bad chunk arrived while streaming): it can only be cut.
            _transport.Abort();
            return;
        }
        _sink.Start(HttpVersion.Http11, keepAlive: false);
        try
        {
            await _sink.WriteSimpleAsync(RejectReasons.StatusCode(reason), ProtocolErrorBodies.ContentType, ProtocolErrorBodies.For(reason)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            _transport.Abort();
        }
    }

    private async ValueTask RejectWithTimeoutAsync()
    {
        _sink.Start(HttpVersion.Http11, keepAlive: false);
        try
        {
            await _sink.WriteSimpleAsync(408, ProtocolErrorBodies.ContentType, ProtocolErrorBodies.RequestTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            _transport.Abort();
        }
    }
}
