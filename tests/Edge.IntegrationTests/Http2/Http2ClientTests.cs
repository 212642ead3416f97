using System.Net;
using System.Text;
using Edge.IntegrationTests.Kit;
using Edge.IntegrationTests.Security;

namespace Edge.IntegrationTests.Http2;

/// <summary>
/// HTTP/2 from real clients to the real gateway: .NET HttpClient (h2c with prior knowledge and h2 over
/// TLS), curl, nghttp and Node's http2 module; HTTP/2 in, HTTP/1.1 to the upstream.
/// </summary>
public sealed class Http2ClientTests
{
    [Fact]
    public async Task HttpClient_H2c_DirectResponse()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        using var client = Http2Gateway.CreateH2Client(edge);

        using var response = await client.GetAsync("/mock/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, edge.Server.Http2Stats.Connections);
    }

    [Fact]
    public async Task HttpClient_H2c_Forwarded_AsHttp11WithHostFromAuthority()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        using var client = Http2Gateway.CreateH2Client(edge);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/a/b?q=1") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Add("x-test", "yes");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("test", response.Headers.GetValues("x-backend").Single());
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal("/a/b?q=1", seen.Target);
        Assert.Equal("HTTP/1.1", seen.Version);
        Assert.Equal($"127.0.0.1:{backend.Port}", seen.Header("Host"));
        Assert.Equal($"127.0.0.1:{edge.Port}", seen.Header("X-Forwarded-Host"));
        Assert.Equal("2 edge", seen.Header("Via"));
        Assert.Equal("yes", seen.Header("x-test"));
        Assert.Null(seen.Header("te"));
    }

    [Fact]
    public async Task HttpClient_H2c_PostBodyOfUnknownLength_IsChunkedUpstream_AndEchoed()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        using var client = Http2Gateway.CreateH2Client(edge);
        var body = new byte[300_000];
        new Random(7).NextBytes(body);

        // A stream without a length: HTTP/2 sends no content-length, so the upstream gets chunked.
        using var content = new StreamContent(new UnknownLengthStream(body));
        using var response = await client.PostAsync("/echo/upload", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("chunked", seen.Header("Transfer-Encoding"));
        Assert.Equal(body, seen.Body);
    }

    [Fact]
    public async Task HttpClient_H2c_PostWithContentLength_ForwardsContentLength()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        using var client = Http2Gateway.CreateH2Client(edge);

        using var response = await client.PostAsync("/echo/p", new ByteArrayContent(Encoding.ASCII.GetBytes("hello")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("5", seen.Header("Content-Length"));
        Assert.Equal("hello", Encoding.ASCII.GetString(seen.Body));
    }

    [Fact]
    public async Task HttpClient_H2c_LargeResponse_BeyondTheWindows()
    {
        await using var backend = new TestBackend { Behavior = SecurityGateway.Sized(3 * 1024 * 1024) };
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        using var client = Http2Gateway.CreateH2Client(edge);

        var bytes = await client.GetByteArrayAsync("/echo/big");

        Assert.Equal(3 * 1024 * 1024, bytes.Length);
        Assert.StartsWith("/big\n", Encoding.ASCII.GetString(bytes, 0, 10), StringComparison.Ordinal);
        Assert.All(bytes.Skip(5), b => Assert.Equal((byte)'x', b));
    }

    [Fact]
    public async Task HttpClient_H2c_ManyConcurrentStreams_OnOneConnection()
    {
        await using var backend = new TestBackend { Behavior = SecurityGateway.Sized(100_000) };
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        using var client = Http2Gateway.CreateH2Client(edge);

        var tasks = Enumerable.Range(0, 200).Select(i => client.GetByteArrayAsync($"/echo/s{i}")).ToArray();
        var results = await Task.WhenAll(tasks);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(100_000, results[i].Length);
            Assert.StartsWith($"/s{i}\n", Encoding.ASCII.GetString(results[i], 0, 10), StringComparison.Ordinal);
        }
        Assert.Equal(1, edge.Server.Http2Stats.Connections);
        Assert.Equal(200, edge.Server.Http2Stats.Streams);
    }

    [Fact]
    public async Task Http11_StillServed_OnAnH2cListener()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        using var client = edge.CreateClient();

        using var response = await client.GetAsync("/mock/x");

        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, edge.Server.Http2Stats.Connections);
    }

    [Fact]
    public async Task HttpClient_Tls_NegotiatesH2ByAlpn()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartTlsAsync(backend);
        using var client = TlsClient.CreateHttpClient(edge.Port, TlsCertificates.Shared.Ca);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://a.test:{edge.Port}/echo/tls")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("https", seen.Header("X-Forwarded-Proto"));
        Assert.Equal(1, edge.Server.Http2Stats.Connections);
    }

    [Fact]
    public async Task Curl_H2PriorKnowledge_And_Http2OverTls()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        var plain = await Curl.RunAsync("-sS", "-v", "--http2-prior-knowledge", $"{edge.BaseUrl}/mock/x");
        Assert.True(plain.ExitCode == 0, plain.StdErr);
        Assert.Equal("{\"ok\":true}", plain.Text);
        Assert.Contains("< HTTP/2 200", plain.StdErr, StringComparison.Ordinal);

        await using var tlsEdge = await Http2Gateway.StartTlsAsync(backend);
        var tls = await Curl.RunAsync("-sS", "-v", "--http2", "--cacert", TlsCertificates.Shared.CaFile,
            "--resolve", $"a.test:{tlsEdge.Port}:127.0.0.1", "--data-binary", "ping", $"https://a.test:{tlsEdge.Port}/echo/curl");
        Assert.True(tls.ExitCode == 0, tls.StdErr);
        Assert.Contains("ALPN: server accepted h2", tls.StdErr, StringComparison.Ordinal);
        Assert.Contains("< HTTP/2 200", tls.StdErr, StringComparison.Ordinal);
        Assert.Contains("\"body_length\":4", tls.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nghttp_ManyStreams_OneConnection()
    {
        if (!File.Exists("/usr/bin/nghttp")) return; // nghttp2-client is installed by build/install-deps.sh
        await using var backend = new TestBackend { Behavior = SecurityGateway.Sized(200_000) };
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        var urls = Enumerable.Range(0, 20).Select(i => $"{edge.BaseUrl}/echo/n{i}").ToArray();

        var result = await Run("nghttp", ["-n", "-s", .. urls]);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Equal(20, result.StdOut.Split('\n').Count(l => l.Contains(" 200 ", StringComparison.Ordinal)));
        Assert.Equal(20, backend.Requests.Count);
    }

    [Fact]
    public async Task NodeHttp2_GetAndPost()
    {
        await using var backend = new TestBackend();
        await using var edge = await Http2Gateway.StartH2cAsync(backend);
        const string Script = """
            const http2 = require('http2');
            const session = http2.connect(process.argv[1]);
            function go(path, method, body) {
              return new Promise((resolve, reject) => {
                const req = session.request({ ':path': path, ':method': method, 'cookie': 'a=1', });
                let data = '';
                let status = 0;
                req.on('response', h => { status = h[':status']; });
                req.setEncoding('utf8');
                req.on('data', c => data += c);
                req.on('end', () => resolve(status + ' ' + data));
                req.on('error', reject);
                if (body) req.end(body); else req.end();
              });
            }
            (async () => {
              console.log(await go('/mock/n', 'GET'));
              console.log(await go('/echo/n', 'POST', 'x'.repeat(100000)));
              session.close();
            })().catch(e => { console.error(e); process.exit(1); });
            """;

        var result = await Node.RunAsync(Script, edge.BaseUrl);
        if (result is null) return; // node missing: an optional second opinion

        Assert.True(result.ExitCode == 0, result.StdErr);
        var lines = result.StdOut.Trim().Split('\n');
        Assert.Equal("200 {\"ok\":true}", lines[0]);
        Assert.StartsWith("200 ", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"body_length\":100000", lines[1], StringComparison.Ordinal);
        Assert.Equal("a=1", backend.Requests.Single().Header("cookie"));
    }

    internal static async Task<Node.Result> Run(string file, string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Node.Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A read-only stream that will not say its length (so HttpClient sends no content-length).</summary>
    private sealed class UnknownLengthStream(byte[] data) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 7000), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
