using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Upstream;

/// <summary>
/// gRPC through Edge: a @grpc/grpc-js client → Edge (h2c listener) → a @grpc/grpc-js server (h2c upstream).
/// Unary, server-streaming, client-streaming and bidi calls; a NOT_FOUND status with its message (a
/// trailers-only response); a 3 MiB message, which crosses every flow-control window on both hops.
/// Skipped (passing) when node or tests/node/node_modules is missing.
/// </summary>
public sealed class GrpcPassThroughTests
{
    private static string Config(string backendUrl) => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "off"

        [[listeners]]
        bind = "127.0.0.1:{PORT}"
        protocols = ["http1", "h2c"]

        [[upstreams]]
        name = "grpc"
        endpoints = ["{{backendUrl}}"]
        protocol = "h2c"

        [[apis]]
        name = "echo"
        base_path = "/test.Echo"
        rewrite = "/test.Echo"
        upstream = "grpc"
          [[apis.resources]]
          path = "/*"
          methods = ["POST"]
        """;

    [Fact]
    public async Task GrpcJs_AllCallKinds_StatusAndTrailers_PassThrough()
    {
        await using var server = await NodeServer.StartAsync(NodeScripts.GrpcServer);
        if (server is null) return;
        await using var edge = await EdgeTestServer.StartAsync(Config(server.Url()));

        var run = await Node.RunAsync(NodeScripts.GrpcClient, $"127.0.0.1:{edge.Port}");

        Assert.NotNull(run);
        Assert.True(run.ExitCode == 0, run.StdErr);
        var results = JsonDocument.Parse(run.StdOut).RootElement;
        Assert.Equal("hello", results.GetProperty("unary").GetString());
        Assert.Equal(5, results.GetProperty("failCode").GetInt32()); // NOT_FOUND
        Assert.Equal("no such thing", results.GetProperty("failDetails").GetString());
        Assert.True(results.GetProperty("bigEqual").GetBoolean());
        Assert.Equal(["msg0", "msg1", "msg2", "msg3", "msg4"], results.GetProperty("serverStream").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("abc", results.GetProperty("clientStream").GetString());
        Assert.Equal(["echo:x", "echo:y", "echo:z"], results.GetProperty("bidi").EnumerateArray().Select(e => e.GetString()));
    }
}
