using System.Net;
using System.Security.Cryptography.X509Certificates;
using Edge.TestShared;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// The certificates the TLS tests share, made once per test run: a test CA and what it signs (server
/// certificates for <c>a.test</c>, <c>*.wild.test</c> and a default one, a client certificate, an
/// upstream certificate for <c>backend.test</c> and 127.0.0.1), another CA, and self-signed strangers.
/// Tests that change files (reload) copy them first.
/// </summary>
internal sealed class TlsCertificates
{
    private static readonly Lazy<TlsCertificates> Instance = new(() => new TlsCertificates());

    public static TlsCertificates Shared => Instance.Value;

    private TlsCertificates()
    {
        Pki = new TestPki();
        // Shared for the whole run, so the PEM files go when the test process does.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Pki.Dispose();
        Ca = TestPki.CreateCa("Edge Test CA");
        OtherCa = TestPki.CreateCa("Other CA");
        CaFile = Pki.WriteBundle("ca", Ca);
        OtherCaFile = Pki.WriteBundle("other-ca", OtherCa);
        A = Pki.Write("a", TestPki.Issue(Ca, "a.test", ["a.test"]));
        Wild = Pki.Write("wild", TestPki.Issue(Ca, "*.wild.test", ["*.wild.test"]));
        Default = Pki.Write("default", TestPki.Issue(Ca, "default.test", ["default.test"]));
        ClientCertificate = TestPki.Issue(Ca, "client-1", server: false, client: true, uris: ["spiffe://edge.test/client-1"]);
        Client = Pki.Write("client", ClientCertificate);
        StrangerCertificate = TestPki.Issue(null, "stranger", server: false, client: true);
        Stranger = Pki.Write("stranger", StrangerCertificate);
        BackendCertificate = TestPki.Issue(Ca, "backend.test", ["backend.test"], ips: [IPAddress.Loopback]);
        BackendSelfSigned = TestPki.Issue(null, "backend.test", ["backend.test"], ips: [IPAddress.Loopback]);
        EdgeClient = Pki.Write("edge-client", TestPki.Issue(Ca, "edge-gateway", server: false, client: true));
    }

    public TestPki Pki { get; }
    public X509Certificate2 Ca { get; }
    public X509Certificate2 OtherCa { get; }
    public string CaFile { get; }
    public string OtherCaFile { get; }

    public (string Cert, string Key) A { get; }
    public (string Cert, string Key) Wild { get; }
    public (string Cert, string Key) Default { get; }

    /// <summary>Signed by the test CA, clientAuth usage.</summary>
    public X509Certificate2 ClientCertificate { get; }
    public (string Cert, string Key) Client { get; }

    /// <summary>Self-signed: no listener trusts it.</summary>
    public X509Certificate2 StrangerCertificate { get; }
    public (string Cert, string Key) Stranger { get; }

    /// <summary>An upstream's certificate (backend.test and 127.0.0.1), signed by the test CA.</summary>
    public X509Certificate2 BackendCertificate { get; }

    /// <summary>The same names, self-signed.</summary>
    public X509Certificate2 BackendSelfSigned { get; }

    /// <summary>The client certificate Edge presents to an upstream that wants one.</summary>
    public (string Cert, string Key) EdgeClient { get; }

    /// <summary>
    /// A TLS listener config on {PORT} with a direct-response API at /mock/ping, the given <c>tls</c>
    /// inline table, and the access log at <paramref name="accessLog"/> ("off" by default).
    /// </summary>
    public static string ListenerConfig(string tls, string accessLog = "off", string limits = "", string extra = "") => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "{{accessLog}}"
        drain_timeout = "2s"
        {{(limits.Length > 0 ? "[server.limits]\n" + limits : "")}}

        [[listeners]]
        name = "secure"
        bind = "127.0.0.1:{PORT}"
        tls = {{tls}}

        [[apis]]
        name = "mock"
        base_path = "/mock"
          [[apis.resources]]
          path = "/ping"
          respond = { status = 200, body = "pong" }
        {{extra}}
        """;

    /// <summary>The <c>tls</c> table with the default certificate and SNI certificates for a.test and *.wild.test.</summary>
    public string SniTls(string clientAuth = "") =>
        $"{{ cert = \"{Default.Cert}\", key = \"{Default.Key}\"{clientAuth}, certificates = [" +
        $"{{ cert = \"{A.Cert}\", key = \"{A.Key}\", hosts = [\"a.test\"] }}, " +
        $"{{ cert = \"{Wild.Cert}\", key = \"{Wild.Key}\", hosts = [\"*.wild.test\"] }}] }}";
}
