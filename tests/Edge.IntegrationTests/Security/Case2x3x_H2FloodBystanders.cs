using System.Buffers;
using System.Buffers.Binary;
using Edge.Http2.Flood;
using Edge.Http2.Frames;
using Edge.IntegrationTests.Http2;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Security;

/// <summary>
/// SECURITY.md cases 21–36 say each flood is "answered by GOAWAY within its limit while other connections
/// keep being served". The per-case tests check the GOAWAY; this one checks the second half: while one
/// connection floods, a bystander HTTP/2 connection (HttpClient, one connection throughout) and an HTTP/1.1
/// keep-alive connection keep getting every answer, and the flood costs only the flooding connection.
/// </summary>
public sealed class Case2x3x_H2FloodBystanders
{
    public static TheoryData<string> Floods => new() { "rapid-reset", "ping", "settings", "empty-data", "priority", "window-update", "continuation" };

    [Theory]
    [MemberData(nameof(Floods))]
    public async Task Flood_OnOneConnection_GoAway_OtherConnectionsKeepBeingServed(string flood)
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        using var h2 = Http2Gateway.CreateH2Client(edge);
        using var h1 = edge.Connect();

        // Both bystanders are connected and served before the flood starts.
        Assert.Equal(200, (int)(await h2.GetAsync("/echo/before")).StatusCode);
        await h1.SendAsync(SecurityGateway.Get("/echo/before"));
        Assert.Equal(200, (await h1.ReadResponseAsync())!.Status);

        using var stop = new CancellationTokenSource();
        var served = 0;
        var failures = new List<string>();
        var bystanders = Task.Run(async () =>
        {
            // Keep both bystanders busy for the whole flood; every answer must be a 200.
            while (!stop.IsCancellationRequested)
            {
                using var r2 = await h2.GetAsync("/echo/during");
                await h1.SendAsync(SecurityGateway.Get("/mock/during"));
                var r1 = await h1.ReadResponseAsync();
                if ((int)r2.StatusCode != 200) lock (failures) failures.Add($"h2 {(int)r2.StatusCode}");
                if (r1?.Status != 200) lock (failures) failures.Add($"h1 {r1?.StatusLine ?? "closed"}");
                Interlocked.Increment(ref served);
                // Paced, so the bystander stays well under the 1,000 streams after which a connection is renewed.
                await Task.Delay(10);
            }
        });

        await using (var attacker = await H2RawClient.ConnectAsync(edge.Port))
        {
            try
            {
                await attacker.SendAsync(FloodBytes(attacker, flood));
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Edge closed the flooding connection before reading all of it: the point of the case.
            }
            var goAway = await attacker.ReadUntilGoAwayAsync();
            Assert.NotNull(goAway);
            Assert.Equal(Http2ErrorCode.EnhanceYourCalm, goAway!.ErrorCode);
            Assert.True(await attacker.ClosedAsync());
        }

        // The bystanders went on through the flood and still go on after it.
        var before = Volatile.Read(ref served);
        Assert.True(await SecurityGateway.WaitUntilAsync(() => Volatile.Read(ref served) >= before + 3, 15000), "the bystanders stopped being served");
        await stop.CancelAsync();
        await bystanders;
        Assert.Empty(failures);

        var stats = edge.Server.Http2Stats;
        Assert.Equal(1, stats.GoAways(Http2ErrorCode.EnhanceYourCalm));
        // The HTTP/2 bystander kept its one connection: only the attacker's was ended (2 connections in all).
        Assert.Equal(2, stats.Connections);
    }

    /// <summary>The flood: far past its limit, so the GOAWAY comes from the detector, not from the end of the input.</summary>
    private static ReadOnlyMemory<byte> FloodBytes(H2RawClient client, string flood)
    {
        var w = new ArrayBufferWriter<byte>();
        Http2FrameWriter.WriteSettingsAck(w);
        switch (flood)
        {
            case "rapid-reset":
                var cancel = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(cancel, (uint)Http2ErrorCode.Cancel);
                for (var i = 0; i < 5_000; i++)
                {
                    H2RawClient.Headers(w, 2 * i + 1, client.Get("/mock/rr"), endStream: true);
                    H2RawClient.Frame(w, Http2FrameType.RstStream, Http2FrameFlags.None, 2 * i + 1, cancel);
                }
                break;
            case "ping":
                for (var i = 0; i < 20_000; i++) Http2FrameWriter.WritePing(w, (ulong)i, ack: false);
                break;
            case "settings":
                for (var i = 0; i < 20_000; i++) Http2FrameWriter.WriteSettings(w, []);
                break;
            case "empty-data":
                H2RawClient.Headers(w, 1, client.Block((":method", "POST"), (":scheme", "http"), (":authority", "a"), (":path", "/mock/e")), endStream: false);
                for (var i = 0; i < 20_000; i++) H2RawClient.Frame(w, Http2FrameType.Data, Http2FrameFlags.None, 1, []);
                break;
            case "priority":
                // Stream 3 depends on stream 1, weight 16: well-formed, just far too many (case 35).
                byte[] priority = [0, 0, 0, 1, 15];
                for (var i = 0; i < 20_000; i++) H2RawClient.Frame(w, Http2FrameType.Priority, Http2FrameFlags.None, 3, priority);
                break;
            case "window-update":
                var one = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(one, 1);
                for (var i = 0; i < 20_000; i++) H2RawClient.Frame(w, Http2FrameType.WindowUpdate, Http2FrameFlags.None, 0, one);
                break;
            case "continuation":
                H2RawClient.Frame(w, Http2FrameType.Headers, Http2FrameFlags.None, 1, client.Get("/mock/c"));
                for (var i = 0; i < 20_000; i++) H2RawClient.Frame(w, Http2FrameType.Continuation, Http2FrameFlags.None, 1, []);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(flood), flood, null);
        }
        return w.WrittenMemory;
    }
}
