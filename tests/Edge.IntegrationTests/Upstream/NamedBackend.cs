using System.Net.Sockets;
using System.Text;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Upstream;

/// <summary>
/// A <see cref="TestBackend"/> that answers with its own name (so tests can count where traffic went)
/// and can be switched between healthy and failing. Health probes (<c>/healthz</c>) are answered the same
/// way but not counted as traffic.
/// </summary>
internal sealed class NamedBackend : IAsyncDisposable
{
    private int _served;

    public NamedBackend(string name)
    {
        Name = name;
        Backend = new TestBackend { Behavior = AnswerAsync };
    }

    public string Name { get; }
    public TestBackend Backend { get; }
    public string Url => Backend.Url;

    /// <summary>How the backend fails while <see cref="Failing"/>: a 500, or closing the connection unanswered.</summary>
    public bool CloseWhenFailing { get; init; }

    public volatile bool Failing;

    /// <summary>Proxied requests answered 200 (probes excluded).</summary>
    public int Served => Volatile.Read(ref _served);

    private async Task<bool> AnswerAsync(BackendRequest request, NetworkStream stream)
    {
        var probe = request.Target.StartsWith("/healthz", StringComparison.Ordinal);
        if (Failing)
        {
            if (CloseWhenFailing) return false;
            await stream.WriteAsync("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nfail"u8.ToArray());
            return true;
        }
        if (!probe) Interlocked.Increment(ref _served);
        var body = Encoding.ASCII.GetBytes(Name);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body);
        return true;
    }

    public ValueTask DisposeAsync() => Backend.DisposeAsync();
}
