using System.Text.Json;

namespace Edge.Tests.Http1;

/// <summary>One llhttp markdown test case as converted into <c>shared/conformance/http1</c>.</summary>
internal sealed class LlhttpCase
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required bool Skip { get; init; }
    public required bool SkipBody { get; init; }
    public required byte[] Input { get; init; }
    public required int MessagesCompleted { get; init; }
    public required int? ErrorCode { get; init; }
    public required string? ErrorReason { get; init; }
    public required IReadOnlyList<string?> Log { get; init; }

    public bool IsRequest => Type.StartsWith("request", StringComparison.Ordinal);

    /// <summary>llhttp refused the input (codes 21–23 are pauses, not failures).</summary>
    public bool ExpectsError => ErrorCode is int code && code is not (21 or 22 or 23);

    public bool ExpectsTunnel => ErrorCode is 22;

    /// <summary>Finds <c>shared/conformance/http1</c>: <c>$EDGE_CONFORMANCE_DIR/http1</c>, else the first
    /// ancestor of the test assembly directory that has a <c>shared/conformance</c> child.</summary>
    public static string? FindDirectory()
    {
        string? env = Environment.GetEnvironmentVariable("EDGE_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return Path.Combine(env, "http1");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return Path.Combine(candidate, "http1");
            }
        }

        return null;
    }

    public static IReadOnlyDictionary<string, LlhttpCase> LoadAll()
    {
        var result = new Dictionary<string, LlhttpCase>(StringComparer.Ordinal);
        string? root = FindDirectory();
        if (root is null || !Directory.Exists(root))
        {
            return result;
        }

        foreach (string sub in new[] { "request", "response" })
        {
            string dir = Path.Combine(root, sub);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (string file in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
                {
                    var parsed = Parse(c);
                    result[parsed.Id] = parsed;
                }
            }
        }

        return result;
    }

    private static LlhttpCase Parse(JsonElement c)
    {
        JsonElement error = c.GetProperty("final_error");
        JsonElement meta = c.GetProperty("meta");
        var log = new List<string?>();
        foreach (JsonElement line in c.GetProperty("expected_log").EnumerateArray())
        {
            log.Add(line.ValueKind == JsonValueKind.String ? line.GetString() : null); // null = regex line
        }

        return new LlhttpCase
        {
            Id = c.GetProperty("id").GetString()!,
            Type = c.GetProperty("type").GetString()!,
            Skip = c.GetProperty("skip").GetBoolean(),
            SkipBody = meta.TryGetProperty("skipBody", out JsonElement sb) && sb.ValueKind == JsonValueKind.True,
            Input = Convert.FromBase64String(c.GetProperty("input_base64").GetString()!),
            MessagesCompleted = c.GetProperty("messages_completed").GetInt32(),
            ErrorCode = error.ValueKind == JsonValueKind.Null ? null : error.GetProperty("code").GetInt32(),
            ErrorReason = error.ValueKind == JsonValueKind.Null ? null : error.GetProperty("reason").GetString(),
            Log = log,
        };
    }
}
