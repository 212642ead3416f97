namespace Edge.IntegrationTests.Kit;

/// <summary>Node scripts: a real HTTP/2 backend (Node's http2 module) and a gRPC server and client (@grpc/grpc-js).</summary>
internal static class NodeScripts
{
    /// <summary>
    /// An HTTP/2 backend. argv[1]: "h2c" or "tls" (then argv[2], argv[3]: cert and key PEM paths, ALPN h2 and
    /// http/1.1 allowed). Routes: <c>/trailers</c> answers a body then trailers <c>x-checksum</c>;
    /// <c>/big?n=N</c> answers N bytes; <c>/refuse-once</c> resets the first stream with REFUSED_STREAM;
    /// anything else echoes as JSON (method, path, authority, scheme, headers, body length, body sha256).
    /// </summary>
    public const string Http2Backend = """
        const http2 = require('http2'); const crypto = require('crypto'); const fs = require('fs');
        const mode = process.argv[1];
        let refused = 0;
        const handler = (req, res) => {
          const chunks = [];
          req.on('data', c => chunks.push(c));
          req.on('end', () => {
            const body = Buffer.concat(chunks);
            const url = new URL(req.url, 'http://x');
            if (url.pathname.endsWith('/trailers')) {
              res.writeHead(200, { 'content-type': 'text/plain' });
              res.addTrailers({ 'x-checksum': 'abc123', 'grpc-status': '0' });
              res.end('body-before-trailers');
              return;
            }
            if (url.pathname.endsWith('/big')) {
              const n = parseInt(url.searchParams.get('n'));
              const buf = Buffer.alloc(n); for (let i = 0; i < n; i++) buf[i] = i % 251;
              res.writeHead(200, { 'content-type': 'application/octet-stream' });
              res.end(buf);
              return;
            }
            res.writeHead(200, { 'content-type': 'application/json', 'x-backend-protocol': req.httpVersion });
            res.end(JSON.stringify({ method: req.method, path: req.url, authority: req.headers[':authority'] || req.headers['host'],
              scheme: req.headers[':scheme'] || 'http', version: req.httpVersion, headers: req.headers, length: body.length,
              sha256: crypto.createHash('sha256').update(body).digest('hex') }));
          });
        };
        let server;
        if (mode === 'tls') {
          server = http2.createSecureServer({ cert: fs.readFileSync(process.argv[2]), key: fs.readFileSync(process.argv[3]),
            allowHTTP1: process.argv[4] === 'allow-http1' }, handler);
        } else {
          server = http2.createServer(handler);
        }
        server.prependListener('stream', (stream, headers) => {
          if (headers[':path'].endsWith('/refuse-once') && refused++ === 0) { stream.close(http2.constants.NGHTTP2_REFUSED_STREAM); }
        });
        server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
        """;

    /// <summary>The gRPC service both scripts share: raw Buffer messages, no protobuf (grpc-js generic service).</summary>
    private const string GrpcService = """
        const grpc = require('@grpc/grpc-js');
        const id = x => x;
        const def = (name, requestStream, responseStream) => ({ path: '/test.Echo/' + name, requestStream, responseStream,
          requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id });
        const service = { unary: def('Unary', false, false), serverStream: def('ServerStream', false, true),
          clientStream: def('ClientStream', true, false), bidi: def('Bidi', true, true) };
        """;

    /// <summary>A gRPC server on h2c: Unary echoes (or fails with NOT_FOUND for "fail"), ServerStream sends 3, ClientStream concatenates, Bidi echoes each.</summary>
    public const string GrpcServer = GrpcService + """
        const server = new grpc.Server();
        server.addService(service, {
          unary: (call, cb) => call.request.toString() === 'fail'
            ? cb({ code: grpc.status.NOT_FOUND, details: 'no such thing' })
            : cb(null, call.request),
          serverStream: call => { const n = parseInt(call.request.toString()); for (let i = 0; i < n; i++) call.write(Buffer.from('msg' + i)); call.end(); },
          clientStream: (call, cb) => { const parts = []; call.on('data', d => parts.push(d)); call.on('end', () => cb(null, Buffer.concat(parts))); },
          bidi: call => { call.on('data', d => call.write(Buffer.concat([Buffer.from('echo:'), d]))); call.on('end', () => call.end()); },
        });
        server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
          if (err) { console.error(err); process.exit(1); }
          console.log('PORT ' + port);
        });
        """;

    /// <summary>A gRPC client through Edge (argv[1] = host:port): runs every call kind and prints one JSON object of results.</summary>
    public const string GrpcClient = GrpcService + """
        const Client = grpc.makeGenericClientConstructor(service);
        const client = new Client(process.argv[1], grpc.credentials.createInsecure());
        const results = {};
        const unary = (msg) => new Promise(resolve => client.unary(msg, (err, res) =>
          resolve(err ? { code: err.code, details: err.details } : { code: 0, value: res })));
        (async () => {
          const hello = await unary(Buffer.from('hello'));
          results.unary = hello.value ? hello.value.toString() : hello;
          const failed = await unary(Buffer.from('fail'));
          results.failCode = failed.code; results.failDetails = failed.details;
          const big = Buffer.alloc(3 * 1024 * 1024); for (let i = 0; i < big.length; i++) big[i] = i % 241;
          const echoed = await unary(big);
          results.bigEqual = echoed.value ? Buffer.compare(echoed.value, big) === 0 : echoed;
          results.serverStream = await new Promise(resolve => {
            const got = []; const call = client.serverStream(Buffer.from('5'));
            call.on('data', d => got.push(d.toString())); call.on('end', () => resolve(got));
            call.on('error', e => resolve({ code: e.code, details: e.details }));
          });
          results.clientStream = await new Promise(resolve => {
            const call = client.clientStream((err, res) => resolve(err ? { code: err.code } : res.toString()));
            for (const p of ['a', 'b', 'c']) call.write(Buffer.from(p));
            call.end();
          });
          results.bidi = await new Promise(resolve => {
            const got = []; const call = client.bidi();
            // Ping-pong: each message is written only after the previous echo came back (both directions stream at once).
            const msgs = ['x', 'y', 'z']; let i = 0;
            call.on('data', d => { got.push(d.toString()); if (++i < msgs.length) call.write(Buffer.from(msgs[i])); else call.end(); });
            call.on('end', () => resolve(got));
            call.on('error', e => resolve({ code: e.code, details: e.details }));
            call.write(Buffer.from(msgs[0]));
          });
          console.log(JSON.stringify(results));
          client.close();
        })();
        """;
}
