using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.IntegrationTests.Kit;

/// <summary>
/// One <c>GET /metrics</c> from the admin listener, parsed: every sample line as (name, labels, value).
/// The parser is strict about the text format's line shape so a malformed exposition fails the test.
/// </summary>
internal sealed partial class MetricsScrape
{
    private MetricsScrape(string text, List<(string Name, Dictionary<string, string> Labels, double Value)> samples, string? contentType)
    {
        Text = text;
        Samples = samples;
        ContentType = contentType;
    }

    public string Text { get; }
    public string? ContentType { get; }
    public List<(string Name, Dictionary<string, string> Labels, double Value)> Samples { get; }

    public static async Task<MetricsScrape> GetAsync(EdgeTestServer edge)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync(edge.AdminUrl + "/metrics");
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        return Parse(text, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>
    /// Scrapes until <paramref name="until"/> holds: a request is counted just after its last response byte
    /// is written, so a client can read the response before the counter moves.
    /// </summary>
    public static async Task<MetricsScrape> WaitAsync(EdgeTestServer edge, Func<MetricsScrape, bool> until, int timeoutMs = 10000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var scrape = await GetAsync(edge);
            if (until(scrape) || DateTime.UtcNow > deadline) return scrape;
            await Task.Delay(20);
        }
    }

    /// <summary>Scrapes until at least <paramref name="requests"/> requests are counted in edge_requests_total.</summary>
    public static Task<MetricsScrape> AfterRequestsAsync(EdgeTestServer edge, int requests) =>
        WaitAsync(edge, s => s.Sum("edge_requests_total") >= requests);

    public static MetricsScrape Parse(string text, string? contentType = null)
    {
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var m = SampleLine().Match(line);
            if (!m.Success) throw new FormatException($"not a sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match l in Label().Matches(m.Groups["labels"].Value))
                labels[l.Groups[1].Value] = l.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            var raw = m.Groups["value"].Value;
            var value = raw switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add((m.Groups["name"].Value, labels, value));
        }
        return new MetricsScrape(text, samples, contentType);
    }

    /// <summary>The one sample with this name whose labels include all of <paramref name="labels"/>; 0 when there is none.</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var matches = Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        if (matches.Count > 1) throw new InvalidOperationException($"{matches.Count} samples of {name} match; name more labels");
        return matches.Count == 0 ? 0 : matches[0].Value;
    }

    /// <summary>The sum over every sample with this name whose labels include <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*)\})? (?<value>[^ ]+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
