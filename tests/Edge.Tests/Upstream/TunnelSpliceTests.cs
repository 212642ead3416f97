using System.Buffers;
using System.IO.Pipelines;
using Edge.Tests.TestKit;
using Edge.Transport;
using Edge.Upstream;

namespace Edge.Tests.Upstream;

/// <summary>
/// The byte splice after a 101: order (buffered bytes first), half-close propagation, resets, the idle
/// timeout, a server-side abort, back-pressure, and no allocation per chunk.
/// </summary>
public sealed class TunnelSpliceTests
{
    private static readonly TimeSpan LongIdle = TimeSpan.FromMinutes(5);

    private readonly PinnedBlockMemoryPool _pool = new();

    private (PipeTunnelEnd Client, PipeTunnelEnd Upstream) Ends() => (new PipeTunnelEnd(_pool), new PipeTunnelEnd(_pool));

    [Fact]
    public async Task Run_BytesBufferedBeforeTheSwitch_PassFirstAndInOrder()
    {
        var (client, upstream) = Ends();
        // The 101 head sits unflushed in the client output; both sides pipelined bytes after their heads.
        client.Output.Write("HTTP/1.1 101 \r\n\r\n"u8);
        await client.PeerSendAsync("early-from-client;");
        await upstream.PeerSendAsync("early-from-upstream;");
        var splice = new TunnelSplice(client, upstream, LongIdle);

        var run = splice.RunAsync(CancellationToken.None);
        await client.PeerSendAsync("later-from-client");
        await upstream.PeerSendAsync("later-from-upstream");

        Assert.Equal("early-from-client;later-from-client", await upstream.PeerReceiveAsync(35).DefaultTimeout());
        Assert.Equal("HTTP/1.1 101 \r\n\r\nearly-from-upstream;later-from-upstream", await client.PeerReceiveAsync(56).DefaultTimeout());
        client.PeerClose();
        upstream.PeerClose();
        Assert.Equal(TunnelEndReason.Closed, await run.DefaultTimeout());
        Assert.Equal(35, splice.BytesFromClient);
        Assert.Equal(39, splice.BytesToClient);
        Assert.False(client.Aborted);
        Assert.False(upstream.Aborted);
    }

    [Fact]
    public async Task Run_ClientFin_ClosesUpstreamOutputAndTheOtherDirectionGoesOn()
    {
        var (client, upstream) = Ends();
        var run = new TunnelSplice(client, upstream, LongIdle).RunAsync(CancellationToken.None);

        await client.PeerSendAsync("bye");
        client.PeerClose();
        Assert.Equal("bye", await upstream.PeerReceiveAsync(3).DefaultTimeout());
        Assert.True(await upstream.PeerSeesEndAsync().DefaultTimeout());
        Assert.False(run.IsCompleted);

        // Half-closed: the upstream may still answer (a WebSocket close reply, say).
        await upstream.PeerSendAsync("reply");
        Assert.Equal("reply", await client.PeerReceiveAsync(5).DefaultTimeout());
        upstream.PeerClose();
        Assert.True(await client.PeerSeesEndAsync().DefaultTimeout());
        Assert.Equal(TunnelEndReason.Closed, await run.DefaultTimeout());
        Assert.False(client.Aborted || upstream.Aborted);
    }

    [Fact]
    public async Task Run_UpstreamReset_ResetsBothSides()
    {
        var (client, upstream) = Ends();
        var run = new TunnelSplice(client, upstream, LongIdle).RunAsync(CancellationToken.None);

        upstream.PeerReset();

        Assert.Equal(TunnelEndReason.UpstreamReset, await run.DefaultTimeout());
        Assert.True(client.Aborted);
        Assert.True(upstream.Aborted);
    }

    [Fact]
    public async Task Run_ClientReset_AfterUpstreamFin_ResetsBothSides()
    {
        var (client, upstream) = Ends();
        var run = new TunnelSplice(client, upstream, LongIdle).RunAsync(CancellationToken.None);

        upstream.PeerClose();
        Assert.True(await client.PeerSeesEndAsync().DefaultTimeout());
        client.PeerReset();

        Assert.Equal(TunnelEndReason.ClientReset, await run.DefaultTimeout());
        Assert.True(client.Aborted);
        Assert.True(upstream.Aborted);
    }

    [Fact]
    public async Task Run_OutputNobodyReads_ResetsBothSides()
    {
        var (client, upstream) = Ends();
        var run = new TunnelSplice(client, upstream, LongIdle).RunAsync(CancellationToken.None);

        // The upstream's socket is gone for writing (its send loop ended): the next flush finds no reader.
        upstream.PeerReader.Complete();
        await client.PeerSendAsync("x");

        Assert.Equal(TunnelEndReason.UpstreamReset, await run.DefaultTimeout());
        Assert.True(client.Aborted);
    }

    [Fact]
    public async Task Run_NoByteEitherWayForTheIdleTimeout_ResetsBothSides()
    {
        var (client, upstream) = Ends();
        var splice = new TunnelSplice(client, upstream, TimeSpan.FromMilliseconds(100));

        var end = await splice.RunAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(TunnelEndReason.IdleTimeout, end);
        Assert.True(client.Aborted);
        Assert.True(upstream.Aborted);
    }

    [Fact]
    public async Task Run_ServerAbort_EndsBothWaysAtOnce()
    {
        var (client, upstream) = Ends();
        using var abort = new CancellationTokenSource();
        var run = new TunnelSplice(client, upstream, LongIdle).RunAsync(abort.Token);

        await abort.CancelAsync();

        Assert.Equal(TunnelEndReason.Aborted, await run.DefaultTimeout());
        Assert.True(client.Aborted);
        Assert.True(upstream.Aborted);
    }

    [Fact]
    public async Task Run_AlreadyAborted_EndsAtOnce()
    {
        var (client, upstream) = Ends();

        var end = await new TunnelSplice(client, upstream, LongIdle).RunAsync(new CancellationToken(canceled: true)).DefaultTimeout();

        Assert.Equal(TunnelEndReason.Aborted, end);
        Assert.True(client.Aborted && upstream.Aborted);
    }

    [Fact]
    public async Task Run_ReaderStalls_BackPressureStopsTheSender()
    {
        var (client, upstream) = Ends();
        var run = new TunnelSplice(client, upstream, LongIdle).RunAsync(CancellationToken.None);
        var payload = new byte[1024 * 1024];
        for (var i = 0; i < payload.Length; i++) payload[i] = (byte)(i * 7);

        // Nobody reads the upstream side: both pipes fill to their pause thresholds and the client's send stalls.
        var send = client.PeerSendInBlocksAsync(payload);
        await Task.Delay(100);
        Assert.False(send.IsCompleted);

        var received = new byte[payload.Length];
        var at = 0;
        while (at < received.Length)
        {
            var result = await upstream.PeerReader.ReadAsync().AsTask().DefaultTimeout();
            // Bounded: never more than the two pipes' thresholds (plus one block each) in flight.
            Assert.True(result.Buffer.Length <= 2 * (SocketConnection.MaxInputBuffer + PinnedBlockMemoryPool.BlockSize), $"{result.Buffer.Length} bytes buffered");
            result.Buffer.CopyTo(received.AsSpan(at));
            at += (int)result.Buffer.Length;
            upstream.PeerReader.AdvanceTo(result.Buffer.End);
        }
        await send.DefaultTimeout();
        Assert.Equal(payload, received);
        client.PeerClose();
        upstream.PeerClose();
        Assert.Equal(TunnelEndReason.Closed, await run.DefaultTimeout());
    }

    [Fact]
    public async Task Run_SteadyState_AllocatesNothingPerChunk()
    {
        var (client, upstream) = Ends();
        var run = new TunnelSplice(client, upstream, LongIdle).RunAsync(CancellationToken.None);
        var chunk = new byte[1500];

        // Inline pipes: a write here runs the pump and its flush on this thread, so this thread's
        // allocation counter sees every byte the splice allocates per chunk.
        void Pass(int rounds)
        {
            for (var i = 0; i < rounds; i++)
            {
                client.PeerWriter.Write(chunk);
                // Plain checks: Assert's generic equality would count against the budget.
                if (!client.PeerWriter.FlushAsync().IsCompletedSuccessfully) throw new InvalidOperationException("flush waited");
                if (!upstream.PeerReader.TryRead(out var result) || result.Buffer.Length != chunk.Length) throw new InvalidOperationException("chunk not passed on");
                upstream.PeerReader.AdvanceTo(result.Buffer.End);
            }
        }

        Pass(200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Pass(2000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        client.PeerClose();
        upstream.PeerClose();
        Assert.Equal(TunnelEndReason.Closed, await run.DefaultTimeout());
    }
}
