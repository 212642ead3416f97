using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Gateway;

/// <summary>
/// A second, non-.NET WebSocket client: Node's raw <c>net</c> sockets with the RFC 6455 handshake and
/// framing written out by hand, so the tunnel is checked against an implementation that shares no code
/// with <see cref="System.Net.WebSockets.ClientWebSocket"/>. Needs node (build/install-deps.sh installs it).
/// </summary>
public sealed class WebSocketNodeClientTests
{
    private const string Config = """
        [[upstreams]]
        name = "ws"
        endpoints = ["{BACKEND}"]

        [[apis]]
        name = "chat"
        base_path = "/ws"
        upstream = "ws"
          [[apis.resources]]
          path = "/*"
          websocket = true
        """;

    // Handshake (checks Sec-WebSocket-Accept), one masked text frame, its echo, then a close handshake.
    private const string Script = """
        const net = require('net'), crypto = require('crypto');
        const [port, path] = process.argv.slice(1);
        const key = crypto.randomBytes(16).toString('base64');
        const accept = crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
        const frame = (op, payload) => {
          const mask = crypto.randomBytes(4), masked = Buffer.alloc(payload.length);
          for (let i = 0; i < payload.length; i++) masked[i] = payload[i] ^ mask[i % 4];
          return Buffer.concat([Buffer.from([0x80 | op, 0x80 | payload.length]), mask, masked]);
        };
        let buf = Buffer.alloc(0), open = false, echoed = '', closed = false;
        const fail = (why) => { console.log('FAIL ' + why); process.exit(1); };
        setTimeout(() => fail('timeout'), 20000).unref();
        const sock = net.connect(+port, '127.0.0.1', () => sock.write(
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`));
        sock.on('data', (chunk) => {
          buf = Buffer.concat([buf, chunk]);
          if (!open) {
            const end = buf.indexOf('\r\n\r\n');
            if (end < 0) return;
            const head = buf.subarray(0, end).toString('latin1');
            buf = buf.subarray(end + 4);
            if (!head.startsWith('HTTP/1.1 101 ')) fail('status ' + head.split('\r\n')[0]);
            if (!head.toLowerCase().includes('\r\nsec-websocket-accept: ' + accept.toLowerCase())) fail('accept key');
            open = true;
            sock.write(frame(1, Buffer.from('from-node')));
          }
          while (buf.length >= 2 && buf.length >= 2 + (buf[1] & 0x7f)) {
            const op = buf[0] & 0x0f, len = buf[1] & 0x7f, payload = buf.subarray(2, 2 + len);
            buf = buf.subarray(2 + len);
            if (op === 1) { echoed = payload.toString(); sock.write(frame(8, Buffer.from([0x03, 0xe8]))); }
            else if (op === 8) closed = payload.readUInt16BE(0) === 1000;
          }
        });
        sock.on('close', () => { if (closed) console.log('OK ' + echoed); else fail('no close frame'); });
        sock.on('error', (e) => fail(e.message));
        """;

    [Fact]
    public async Task NodeRawSocketClient_EchoAndCloseHandshake_ThroughEdge()
    {
        await using var backend = new WebSocketBackend();
        await using var edge = await EdgeTestServer.StartAsync(EdgeTestServer.Config(Config), backend.Url);

        var result = await Node.RunAsync(Script, edge.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "/ws/node");
        Assert.True(result is not null, "node is not installed (build/install-deps.sh installs nodejs)");

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Equal("OK from-node", result.StdOut.Trim());
        Assert.True(WebSocketBackend.IsWebSocketUpgrade(Assert.Single(backend.Requests)));
    }
}
