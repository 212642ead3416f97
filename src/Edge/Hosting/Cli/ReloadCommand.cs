using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Config;
using Edge.Config.Model;
using Edge.Config.Toml;

namespace Edge.Hosting.Cli;

/// <summary>
/// <c>edge reload -c FILE [--admin HOST:PORT]</c>: asks the running Edge to reload (admin
/// <c>POST /reload</c>, the same as SIGHUP but with the outcome). The admin address comes from
/// <c>--admin</c>, else the file's <c>[server] admin</c>, else 127.0.0.1:9901. An invalid file is still
/// posted (the running Edge is exactly who should report its errors): its admin address is then read
/// from the raw TOML when that much parses, else the default is tried. Exit 0 reloaded,
/// 1 the new file was rejected (every error printed), 2 Edge could not be reached or bad usage.
/// Edge always re-reads the file it was started with; <c>-c</c> only tells this command where to post.
/// </summary>
internal static class ReloadCommand
{
    private const string DefaultAdmin = "127.0.0.1:9901";

    public static int Run(ReadOnlySpan<string> args, CliConsole console)
    {
        string path = "edge.toml";
        string? admin = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-c" or "--config" when i + 1 < args.Length:
                    path = args[++i];
                    break;
                case "--admin" when i + 1 < args.Length:
                    admin = args[++i];
                    break;
                default:
                    console.Error.WriteLine($"edge reload: unexpected argument '{args[i]}' (usage: edge reload -c FILE [--admin HOST:PORT])");
                    return CliApp.ExitUsage;
            }
        }
        admin ??= AdminFromFile(path);
        if (admin is null)
        {
            console.Error.WriteLine($"edge reload: {path} turns the admin endpoint off; pass --admin HOST:PORT");
            return CliApp.ExitUsage;
        }
        return PostAsync(admin, console).GetAwaiter().GetResult();
    }

    /// <summary>The file's admin address as a client would dial it (a wildcard bind is reached on loopback).</summary>
    private static string? AdminFromFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DefaultAdmin;
        }
        var loaded = ConfigLoader.LoadFromBytes(bytes, path);
        if (loaded.Config is not { } config) return RawAdmin(bytes);
        if (config.Server.Admin is not { } a) return null;
        return Dialable(a);
    }

    /// <summary>
    /// A file that fails validation (a typo in an API, say) usually still parses as TOML; its
    /// <c>server.admin</c> is then a far better guess than the default.
    /// </summary>
    private static string RawAdmin(byte[] bytes)
    {
        try
        {
            var root = TomlParser.Parse(bytes);
            if (root.TryGet("server", out var server) && server is TomlTable table
                && table.TryGet("admin", out var admin) && admin is TomlValue { Kind: TomlValueKind.String } value
                && EndpointAddress.TryParse(value.AsString, out var address))
                return Dialable(address);
        }
        catch (TomlException)
        {
            // Not even TOML: fall through to the default.
        }
        return DefaultAdmin;
    }

    private static string Dialable(EndpointAddress a)
    {
        var host = a.Host switch
        {
            "0.0.0.0" or "" => "127.0.0.1",
            "::" or "[::]" => "[::1]",
            _ when a.Host.Contains(':', StringComparison.Ordinal) && !a.Host.StartsWith('[') => $"[{a.Host}]",
            _ => a.Host,
        };
        return $"{host}:{a.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static async Task<int> PostAsync(string admin, CliConsole console)
    {
        // Reloading 10,000 routes is well under a second; the bound is for a wedged process.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
        HttpResponseMessage response;
        string body;
        try
        {
            response = await client.PostAsync(new Uri($"http://{admin}/reload"), content: null).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException or UriFormatException)
        {
            console.Error.WriteLine($"edge reload: cannot reach Edge's admin endpoint at {admin}: {e.Message}");
            return CliApp.ExitUsage;
        }
        using (response)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                var ok = root.GetProperty("ok").GetBoolean();
                var generation = root.GetProperty("generation").GetInt64();
                foreach (var error in root.GetProperty("errors").EnumerateArray()) console.Error.WriteLine(error.GetString());
                if (ok)
                {
                    var took = root.TryGetProperty("elapsed_ms", out var ms) && ms.TryGetDouble(out var value)
                        ? string.Create(CultureInfo.InvariantCulture, $" in {value:F1} ms")
                        : "";
                    console.Out.WriteLine($"edge reload: reloaded, generation {generation}{took}");
                    return CliApp.ExitOk;
                }
                console.Error.WriteLine($"edge reload: rejected; still serving generation {generation}");
                return CliApp.ExitRejected;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // Something answered, but not an Edge that knows POST /reload.
                console.Error.WriteLine($"edge reload: {admin} answered {(int)response.StatusCode} without a reload result");
                return CliApp.ExitUsage;
            }
        }
    }
}
