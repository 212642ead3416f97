using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Edge.IntegrationTests.Kit;

namespace Edge.IntegrationTests.Policies;

/// <summary>Starts Edge in front of a <see cref="TestBackend"/> with <c>[auth]</c> and the given APIs (upstream "backend").</summary>
internal static class AuthGateway
{
    public static Task<EdgeTestServer> StartAsync(TestBackend backend, string auth, string apis, TestClock? clock = null, string listenerKeys = "", string accessLog = "off") =>
        EdgeTestServer.StartWithClockAsync(Config(auth, apis, listenerKeys, accessLog), clock, null, backend.Url);

    public static string Config(string auth, string apis, string listenerKeys = "", string accessLog = "off") => $$"""
        [server]
        admin = "127.0.0.1:{ADMIN}"
        access_log = "{{accessLog}}"
        access_log_format = "json"
        drain_timeout = "5s"

        [[listeners]]
        bind = "127.0.0.1:{PORT}"
        {{listenerKeys}}

        [[upstreams]]
        name = "backend"
        endpoints = ["{BACKEND}"]

        {{auth}}

        {{apis}}
        """;

    /// <summary>One API forwarding everything under <paramref name="basePath"/> with the given keys.</summary>
    public static string Api(string name, string basePath, string keys, string resources = "") => $"""
        [[apis]]
        name = "{name}"
        base_path = "{basePath}"
        upstream = "backend"
        {keys}
        {resources}
        """;

    public static async Task<(int Status, string Body, HttpResponseMessage Response)> GetAsync(EdgeTestServer edge, string path, params (string Name, string Value)[] fields)
    {
        using var client = edge.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in fields) request.Headers.TryAddWithoutValidation(name, value);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body, response);
    }

    public static (string Name, string Value) Bearer(string token) => ("Authorization", "Bearer " + token);

    public static (string Name, string Value) Basic(string user, string password) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>The fault code of a JSON fault body.</summary>
    public static int FaultCode(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("fault").GetProperty("code").GetInt32();
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) ? string.Join(", ", v)
        : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(", ", c) : null;

    /// <summary>POSTs JSON to the admin listener.</summary>
    public static async Task<(int Status, string Body)> AdminPostAsync(EdgeTestServer edge, string path, string json)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(edge.AdminUrl + path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(int Status, string Body)> AdminGetAsync(EdgeTestServer edge, string path)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var response = await client.GetAsync(edge.AdminUrl + path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
