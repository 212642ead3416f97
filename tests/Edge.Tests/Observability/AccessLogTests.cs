using System.Text;
using System.Text.Json;
using Edge.Observability;
using Edge.Tests.TestKit;

namespace Edge.Tests.Observability;

public sealed class AccessLogTests
{
    [Fact]
    public async Task TryWrite_QueueFullWhileWriterBlocked_DropsAndCounts()
    {
        var stream = new ControlledStream(blocked: true);
        var log = new AccessLog(stream, AccessLogFormat.Json, capacity: 4);

        // The first entry is taken by the writer, which then blocks inside the stream's write.
        Assert.True(log.TryWrite(AccessLogTestEntries.Sample(0)));
        await stream.FirstWriteStarted.DefaultTimeout();

        for (var i = 1; i <= 4; i++)
            Assert.True(log.TryWrite(AccessLogTestEntries.Sample(i))); // fills the queue
        for (var i = 5; i < 10; i++)
            Assert.False(log.TryWrite(AccessLogTestEntries.Sample(i))); // never blocks: dropped
        Assert.Equal(5, log.Dropped);

        stream.Release();
        await log.DisposeAsync().DefaultTimeout();
        var ids = stream.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("request_id").GetString()!).ToArray();
        Assert.Equal(new[] { "req-0", "req-1", "req-2", "req-3", "req-4" }, ids);
        Assert.Equal(5, log.Written);
        Assert.Equal(5, log.Dropped);
    }

    [Fact]
    public async Task TryWrite_CopiesBorrowedBytes()
    {
        var stream = new ControlledStream(blocked: true);
        var log = new AccessLog(stream, AccessLogFormat.Json, capacity: 8);
        Assert.True(log.TryWrite(AccessLogTestEntries.Sample(0)));
        await stream.FirstWriteStarted.DefaultTimeout();

        // The caller's buffer is recycled right after TryWrite (as a pipe segment would be).
        var path = Encoding.ASCII.GetBytes("/original");
        Assert.True(log.TryWrite(AccessLogTestEntries.Sample() with { Path = path }));
        path.AsSpan().Fill((byte)'X');

        stream.Release();
        await log.DisposeAsync().DefaultTimeout();
        using var doc = JsonDocument.Parse(stream.Lines[1]);
        Assert.Equal("/original", doc.RootElement.GetProperty("path").GetString());
    }

    [Fact]
    public async Task DisposeAsync_FlushesEverythingQueued()
    {
        var stream = new ControlledStream();
        var log = new AccessLog(stream, AccessLogFormat.Json, capacity: 5000);
        for (var i = 0; i < 3000; i++)
            Assert.True(log.TryWrite(AccessLogTestEntries.Sample(i)));
        await log.DisposeAsync().DefaultTimeout();

        var lines = stream.Lines;
        Assert.Equal(3000, lines.Length);
        Assert.Equal(3000, log.Written);
        Assert.Equal(0, log.Dropped);
        for (var i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            Assert.Equal($"req-{i}", doc.RootElement.GetProperty("request_id").GetString()); // order kept
        }
        Assert.True(stream.Writes > 1, "3000 lines exceed one 64 KiB batch"); // batching, not one write per line
        Assert.True(stream.Writes < 100);
        Assert.True(stream.Disposed); // owned output closed
    }

    [Fact]
    public async Task TryWrite_AfterDispose_Dropped()
    {
        var stream = new ControlledStream();
        var log = new AccessLog(stream, ownsOutput: false);
        await log.DisposeAsync().DefaultTimeout();
        Assert.False(log.TryWrite(AccessLogTestEntries.Sample()));
        Assert.Equal(1, log.Dropped);
        Assert.False(stream.Disposed);
        await log.DisposeAsync().DefaultTimeout(); // idempotent
    }

    [Fact]
    public async Task OutputError_CountedAsFailed_LogKeepsRunning()
    {
        var stream = new ControlledStream { FailWrites = true };
        var log = new AccessLog(stream, capacity: 16);
        Assert.True(log.TryWrite(AccessLogTestEntries.Sample(0)));
        await Eventually.TrueAsync(() => log.Failed == 1, "the failed write to be counted");
        stream.FailWrites = false;
        Assert.True(log.TryWrite(AccessLogTestEntries.Sample(1)));
        await log.DisposeAsync().DefaultTimeout();
        Assert.Equal(1, log.Failed);
        Assert.Equal(1, log.Written);
        Assert.Contains("req-1", stream.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_Off_DiscardsEverything()
    {
        var log = AccessLog.Open("off");
        Assert.False(log.IsEnabled);
        Assert.True(log.TryWrite(AccessLogTestEntries.Sample()));
        Assert.Equal(0, log.Dropped);
        await log.DisposeAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Open_File_AppendsLines()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-access-{Guid.NewGuid():N}.log");
        try
        {
            await File.WriteAllTextAsync(path, "existing\n");
            var log = AccessLog.Open(path, AccessLogFormat.Text);
            Assert.True(log.TryWrite(AccessLogTestEntries.Sample(3)));
            await log.DisposeAsync().DefaultTimeout();
            var lines = await File.ReadAllLinesAsync(path);
            Assert.Equal(2, lines.Length);
            Assert.Equal("existing", lines[0]);
            Assert.EndsWith("rid=\"req-3\"", lines[1], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TryWrite_SteadyState_DoesNotAllocate()
    {
        var stream = new ControlledStream(blocked: true);
        var log = new AccessLog(stream, capacity: 64);
        var entry = AccessLogTestEntries.Sample(1);
        Assert.True(log.TryWrite(entry));
        await stream.FirstWriteStarted.DefaultTimeout();
        // Warm up: grow the queue's storage to capacity and prime the array pool, then make room again.
        for (var i = 0; i < 64; i++)
            log.TryWrite(entry);
        stream.Release();
        await Eventually.TrueAsync(() => log.Written == 65, "the warm-up entries to drain");

        // Handing an entry to the waiting writer can grow the thread pool's work queue once in a while
        // (a runtime segment, not per entry); steady state means some round of 16 writes allocates 0 B.
        var rounds = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 16; i++)
                Assert.True(log.TryWrite(entry));
            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            var expected = 65 + 16 * (round + 1);
            await Eventually.TrueAsync(() => log.Written == expected, "the round to drain");
            if (rounds[^1] == 0) break;
        }
        await log.DisposeAsync().DefaultTimeout();
        Assert.Contains(0L, rounds);
    }
}
