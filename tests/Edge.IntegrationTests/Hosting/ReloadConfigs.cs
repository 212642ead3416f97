using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Edge.IntegrationTests.Hosting;

/// <summary>Config texts and admin calls shared by the reload tests (ports are filled in, no placeholders left).</summary>
internal static class ReloadConfigs
{
    public const string ApiA = """

        [[apis]]
        name = "a"
        base_path = "/a"
          [[apis.resources]]
          path = "/"
          respond = { status = 200, body = "route-a" }
        """;

    public const string ApiB = """

        [[apis]]
        name = "b"
        base_path = "/b"
          [[apis.resources]]
          path = "/"
          respond = { status = 200, body = "route-b" }
        """;

    /// <summary>A type error the loader reports with its position.</summary>
    public const string Broken = "\n[[apis]]\nname = \"c\"\nbase_path = 42\n";

    public static string Listener(int port) => $"\n[[listeners]]\nbind = \"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}\"\n";

    public static string Config(int admin, string listeners, string rest) => $$"""
        [server]
        admin = "127.0.0.1:{{admin.ToString(CultureInfo.InvariantCulture)}}"
        access_log = "off"
        drain_timeout = "5s"
        {{listeners}}
        {{rest}}
        """;

    public static HttpClient Client(int port) => new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public sealed record Outcome(int Status, bool Ok, long Generation, string[] Errors);

    public static async Task<Outcome> PostReloadAsync(HttpClient admin)
    {
        using var response = await admin.PostAsync("/reload", content: null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return new Outcome((int)response.StatusCode, root.GetProperty("ok").GetBoolean(), root.GetProperty("generation").GetInt64(),
            root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    public static bool Refuses(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
