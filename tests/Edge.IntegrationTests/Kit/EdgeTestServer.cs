using System.Net;
using System.Text;
using Edge.Hosting;
using Edge.Snapshot;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// The real gateway, started in-process on loopback from a TOML config. The placeholders
/// <c>{PORT}</c> (main listener), <c>{ADMIN}</c> (admin listener) and <c>{BACKEND}</c>/<c>{BACKEND2}</c>
/// (backend URLs) are filled in; the config is written to a temp file so reload tests can edit it.
/// </summary>
internal sealed class EdgeTestServer : IAsyncDisposable
{
    private readonly EdgeServer _server;
    private readonly StringWriter _log;

    private EdgeTestServer(EdgeServer server, StringWriter log, string configPath, int port, int adminPort)
    {
        _server = server;
        _log = log;
        ConfigPath = configPath;
        Port = port;
        AdminPort = adminPort;
    }

    public int Port { get; }
    public int AdminPort { get; }
    public string ConfigPath { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string AdminUrl => $"http://127.0.0.1:{AdminPort}";
    public EdgeServer Server => _server;

    /// <summary>What the server logged (bind lines, reloads, errors).</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>
    /// Starts Edge on fresh loopback ports. A port picked as free can be taken by a parallel test (or an
    /// outgoing connection's ephemeral port) before Edge binds it, and Edge refuses to share a port, so a
    /// bind that finds it in use is retried on new ports.
    /// </summary>
    public static Task<EdgeTestServer> StartAsync(string toml, params string[] backendUrls) => StartAsync(toml, null, backendUrls);

    /// <summary>As above, resolving endpoint host names through <paramref name="resolver"/> (never real DNS in tests).</summary>
    public static Task<EdgeTestServer> StartAsync(string toml, HostResolver? resolver, params string[] backendUrls) =>
        StartWithClockAsync(toml, null, resolver, backendUrls);

    /// <summary>As above, with token and credential checks on <paramref name="time"/> (a test clock); reloads keep it.</summary>
    public static Task<EdgeTestServer> StartWithClockAsync(string toml, TimeProvider? time, HostResolver? resolver, params string[] backendUrls)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Task.FromResult(StartOnFreshPorts(toml, resolver, backendUrls, time));
            }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse && attempt < 5)
            {
                // Lost the race for the port; pick new ones.
            }
        }
    }

    private static EdgeTestServer StartOnFreshPorts(string toml, HostResolver? resolver, string[] backendUrls, TimeProvider? time)
    {
        var port = FreePort.Get();
        var admin = FreePort.Get();
        var text = toml.Replace("{PORT}", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                       .Replace("{ADMIN}", admin.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 0; i < backendUrls.Length; i++)
            text = text.Replace(i == 0 ? "{BACKEND}" : $"{{BACKEND{i + 1}}}", backendUrls[i]);
        var path = Path.Combine(Path.GetTempPath(), $"edge-test-{Guid.NewGuid():N}.toml");
        var bytes = Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(path, bytes);
        var log = new StringWriter();
        var synchronizedLog = TextWriter.Synchronized(log);
        var loaded = SnapshotLoader.Load(bytes, path, 1, null, resolver, new Edge.Transport.Tls.TlsFailureLog(synchronizedLog), time);
        if (loaded.Snapshot is not { } snapshot)
            throw new InvalidOperationException("test config is refused:\n" + string.Join("\n", loaded.Errors));
        foreach (var warning in loaded.Warnings) log.WriteLine(warning);
        try
        {
            var server = EdgeServer.Start(snapshot, path, synchronizedLog);
            return new EdgeTestServer(server, log, path, port, admin);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>A minimal config: one listener on {PORT}, admin on {ADMIN}, access log off, plus the given body.</summary>
    public static string Config(string body, string limits = "") => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "off"
        drain_timeout = "5s"
        {{(limits.Length > 0 ? "[server.limits]\n" + limits : "")}}

        [[listeners]]
        bind = "127.0.0.1:{PORT}"

        {{body}}
        """;

    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(BaseUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public RawClient Connect(int receiveBufferSize = 0) => RawClient.Connect(new IPEndPoint(IPAddress.Loopback, Port), receiveBufferSize);

    public async ValueTask DisposeAsync()
    {
        await _server.DrainAsync(TimeSpan.FromSeconds(2));
        await _server.DisposeAsync();
        try
        {
            File.Delete(ConfigPath);
        }
        catch (IOException)
        {
            // Temp file; the OS cleans up.
        }
    }
}
